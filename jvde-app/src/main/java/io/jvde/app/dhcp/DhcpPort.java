package io.jvde.app.dhcp;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpEventListener;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.guard.DhcpGuard;
import io.jvde.dhcp.guard.SnoopingTable;
import io.jvde.dhcp.relay.RelayAgent;
import io.jvde.dhcp.relay.RelayDirection;
import io.jvde.dhcp.relay.RelayDropReason;
import io.jvde.dhcp.relay.RelayListener;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.app.services.LabServices;
import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.port.LocalPortContext;
import io.jvde.sw.port.LocalPortHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * The switch port the DHCP responder and the relay agent live on. Frames leave the switch on this port tagged with
 * 802.1Q for every served or relayed VLAN (and the relay's upstream VLAN) but the port's untagged one; the port reads
 * the VID from the tag and hands the frame as it is to the responder (served VLANs) or the relay agent (relayed and
 * upstream VLANs); both skip one tag. Frames come back untagged through {@link FrameSink}; the port tags them for
 * their VLAN and injects them: the responder's replies go to the port the request came from alone (never where the
 * MAC table points, never flooded), the relay's replies to a client go to the client's port alone and are snooped
 * into the guard's binding table on the way.
 *
 * <p>Runs on the event-loop thread only. Per frame it allocates nothing: the engine hands frames in one reused
 * buffer, which is wrapped once, and replies are copied into one reused tagging buffer.
 */
public final class DhcpPort implements LocalPortHandler, FrameSink, DhcpEventListener, RelayListener,
    io.jvde.sw.filter.IngressFilter {
    /** IEEE 802.1Q: TPID and the offset of the tag after the two MAC addresses. */
    static final int TPID_8021Q = 0x8100;
    static final int MACS_LENGTH = 12;
    static final int TAG_LENGTH = 4;
    static final int TCI_OFFSET = MACS_LENGTH + 2;
    static final int VID_MASK = 0x0FFF;
    /** Largest reply plus a tag; the responder's frames stay well below it. */
    static final int MAX_REPLY = 1518 + TAG_LENGTH;

    private final SwitchLog log;
    private final LongSupplier clock;
    static final long JOURNAL_LOG_INTERVAL_MILLIS = 10_000;
    private long journalFailures;
    private long journalFailureLogAt;
    private boolean journalFullReported;
    private long journalFullLogAt;
    private long refusedAtReport;
    private final int untaggedVid;
    private final boolean[] dropLogged = new boolean[DhcpDropReason.values().length];
    private final boolean[] relayDropLogged = new boolean[RelayDropReason.ID_LIMIT];
    /** The relay's sink: replies to a client go to its port alone. Allocated once. */
    private final FrameSink relaySink = new RelaySink(this);
    private final ByteBuffer reply = ByteBuffer.allocateDirect(MAX_REPLY);
    private DhcpResponder responder;
    private RelayAgent relay;
    private HostUplink uplink;
    private DhcpGuard guard;
    private LabServices services;
    private LocalPortContext ctx;
    /** Wall clock of the current event-loop turn, for the guard's ingress filter (read once per turn). */
    private long nowMillis;
    private int number = -1;
    private final BufferView frameView = new BufferView();
    private final BufferView filterView = new BufferView();
    private boolean closed;
    private long injectFailures;

    /**
     * @param untaggedVid the VLAN whose frames reach this port untagged (0 unless port/setvlan changed it)
     * @param clock       wall clock in ms since the epoch (leases are wall-clock times)
     */
    public DhcpPort(final SwitchLog log, final int untaggedVid, final LongSupplier clock) {
        this.log = log;
        this.untaggedVid = untaggedVid;
        this.clock = clock;
    }

    /** Binds the responder; called once, on the loop thread, before the port is attached. */
    public void bind(final DhcpResponder value) {
        bind(value, null, null);
    }

    /**
     * Binds the responder, the relay agent (null: nothing relayed) and the guard (null: no snooping); called once,
     * on the loop thread, before the port is attached.
     */
    public void bind(final DhcpResponder value, final RelayAgent relayAgent, final DhcpGuard dhcpGuard) {
        if (responder != null) {
            throw new IllegalStateException("responder: already bound (expected: bind once)");
        }
        this.responder = value;
        this.relay = relayAgent;
        this.guard = dhcpGuard;
        this.nowMillis = clock.getAsLong();
    }

    public DhcpResponder responder() {
        return responder;
    }

    /** The switch port this handler is attached on, -1 before. */
    public int number() {
        return number;
    }

    /** Called by {@link DhcpExtension} once the switch has attached this handler on port {@code n}. */
    void attachedAs(final int n) {
        this.number = n;
    }

    /** The relay agent, or null when no VLAN is relayed. */
    public RelayAgent relay() {
        return relay;
    }

    /** The relay's host uplink (relay.upstream.host), or null; for dhcp/relay's counters. */
    public HostUplink uplink() {
        return uplink;
    }

    /** Called by {@link DhcpExtension} when the relay reaches its servers through the host. */
    void uplink(final HostUplink value) {
        this.uplink = value;
    }

    /** The lab services (DNS, TFTP), or null when none is on. */
    public LabServices services() {
        return services;
    }

    /** Called by {@link DhcpExtension} before the port is attached. */
    void services(final LabServices value) {
        this.services = value;
    }

    /** The DHCP guard, or null when there is none. */
    public DhcpGuard guard() {
        return guard;
    }

    /** The sink the relay agent must be started with. */
    public FrameSink relaySink() {
        return relaySink;
    }

    /**
     * The switch's ingress filter (installed by {@link DhcpExtension}): the guard judges every frame a client port
     * sends on a served or relayed VLAN. The time is the loop turn's, not read per frame.
     */
    @Override
    public boolean admit(final ByteBuffer frame, final int offset, final int length, final int ingressPort,
                         final int vid) {
        if (guard == null || closed) {
            return true;
        }
        // its own view: the filter and the delivery to this port may see different engine buffers
        return guard.admit(ingressPort, vid, filterView.of(frame), offset, length, nowMillis);
    }

    /** A frame from a trusted uplink (VXLAN): it passes; the guard snoops the ACKs of a server behind it. */
    @Override
    public void observe(final ByteBuffer frame, final int offset, final int length, final int ingressPort,
                        final int vid) {
        if (guard != null && !closed) {
            guard.observeTrusted(ingressPort, vid, filterView.of(frame), offset, length, nowMillis);
        }
    }

    /** Replies the switch refused (injection queue full); the clients retransmit. */
    public long injectFailures() {
        return injectFailures;
    }

    @Override
    public void onFrame(final ByteBuffer frame, final int offset, final int length, final int ingressPort,
                        final LocalPortContext context) {
        if (closed || length < MACS_LENGTH + 2) {
            return;
        }
        this.ctx = context;
        int vid = untaggedVid;
        if ((frame.getShort(offset + MACS_LENGTH) & 0xFFFF) == TPID_8021Q) {
            if (length < MACS_LENGTH + TAG_LENGTH + 2) {
                return;
            }
            vid = frame.getShort(offset + TCI_OFFSET) & VID_MASK;
        }
        if (relay != null && !responder.serves(vid) && relay.handles(vid)) {
            relay.onFrame(ingressPort, vid, wrap(frame), offset, length, nowMillis);
        } else {
            responder.onFrame(ingressPort, vid, wrap(frame), offset, length, clock.getAsLong());
        }
    }

    private ByteBuf wrap(final ByteBuffer frame) {
        return frameView.of(frame);
    }

    /** An engine buffer as a ByteBuf with the same absolute indexes; wrapped again only if the engine swaps it. */
    static final class BufferView {
        private ByteBuffer nio;
        private ByteBuf buf;

        ByteBuf of(final ByteBuffer frame) {
            if (frame != nio) {
                final ByteBuffer whole = frame.duplicate();
                whole.clear();
                buf = Unpooled.wrappedBuffer(whole);
                nio = frame;
            }
            return buf;
        }
    }

    /**
     * A datagram the relay's {@link HostUplink} received, on the loop thread: to the relay agent, which delivers a
     * server reply to its client like one that came as a frame. Ignored once the port is closed.
     */
    public void fromHost(final ByteBuf dhcp, final int offset, final int length, final int source) {
        if (!closed && relay != null) {
            relay.onServerMessage(dhcp, offset, length, source, nowMillis);
        }
    }

    /**
     * The group commit point: one journal sync for every lease of this turn, then the ACKs go out. With the journal
     * syncing on its own thread the sync is only started here; the journal's {@link #journalDurable} wakes the loop
     * into this method again, and the ACKs its fsync covered leave then.
     */
    @Override
    public void onBatchEnd(final LocalPortContext context) {
        this.ctx = context;
        wakeContext = context;
        if (!closed) {
            responder.flush();
            nowMillis = clock.getAsLong();
        }
        writeLines();
    }

    /**
     * Called by the lease journal's own thread when a batch is durable (or failed): the loop runs
     * {@link #onBatchEnd} in its next turn, which sends the ACKs it covers. Allocates nothing.
     */
    public void journalDurable() {
        final LocalPortContext c = wakeContext;
        if (c != null) {
            c.wakeup();
        }
    }

    /** The context {@link #journalDurable} wakes (set on the loop thread, read by the journal's). */
    private volatile LocalPortContext wakeContext;

    /** Sends ACKs still waiting (none normally: every batch ends with a flush) and compacts when due. */
    @Override
    public void onTick(final long nowNanos, final LocalPortContext context) {
        this.ctx = context;
        if (wakeContext != context) {
            wakeContext = context;
        }
        if (closed) {
            return;
        }
        nowMillis = clock.getAsLong();
        if (responder.pendingReplies() > 0) {
            responder.flush();
        }
        responder.expire(nowMillis); // reports leases that ran out (the event stream's lease.expired), once each
        responder.probeJournal();
        reportJournal();
        if (relay != null) {
            relay.onTick(nowMillis);
        }
        if (services != null) {
            services.onTick(nowMillis);
        }
        if (guard != null && nowMillis >= nextGuardSweep) {
            guard.expire(nowMillis);
            nextGuardSweep = nowMillis + GUARD_SWEEP_MILLIS;
        }
        writeLines(); // the expiries', and those of exchanges outside a turn with frames (console commands)
    }

    /** Expired snooping bindings are swept this often (lookups ignore them meanwhile). */
    static final long GUARD_SWEEP_MILLIS = 10_000;
    private long nextGuardSweep;

    /**
     * A reply from the responder (OFFER, ACK, NAK, INFORM's ACK, ARP, echo reply): tagged for its VLAN (unless it is
     * this port's untagged one) and sent to the port the request came from alone, whatever its addressing says
     * (broadcast, or unicast to a MAC the switch may have learned elsewhere: a re-plugged VM, two NICs with one
     * MAC, while the MAC table's move hysteresis still points at the old port). {@link FrameSink#FORWARD} (no
     * particular port) goes by the switch's ordinary rules.
     */
    @Override
    public void send(final int port, final int vid, final ByteBuf frame, final int offset, final int length) {
        if (!tag(vid, frame, offset, length)) {
            return;
        }
        final boolean sent = port == FrameSink.FORWARD ? ctx.inject(reply, 0, reply.position())
            : ctx.injectTo(port, reply, 0, reply.position());
        if (!sent) {
            injectFailures++;
        }
    }

    /**
     * A frame from the relay agent: to the upstream ({@link FrameSink#FORWARD}) by the switch's rules, its ARP and
     * ICMP answers to the asking port alone, a reply to a client to that client's port alone (RFC 3046 §2.1: delivered to the circuit it names), after
     * the guard has recorded the lease it grants.
     */
    private void sendFromRelay(final int port, final int vid, final ByteBuf frame, final int offset,
                               final int length) {
        if (port == FrameSink.FORWARD) {
            send(port, vid, frame, offset, length);
            return;
        }
        if (guard != null && length > RELAYED_DHCP_OFFSET && isUdp(frame, offset)) { // not its ARP/ICMP answers
            guard.observeReply(port, vid, frame, offset + RELAYED_DHCP_OFFSET, length - RELAYED_DHCP_OFFSET,
                nowMillis);
        }
        if (tag(vid, frame, offset, length) && !ctx.injectTo(port, reply, 0, reply.position())) {
            injectFailures++;
        }
    }

    private static boolean isUdp(final ByteBuf frame, final int offset) {
        return frame.getUnsignedShort(offset + MACS_LENGTH) == 0x0800 && frame.getUnsignedByte(offset + 23) == 17;
    }

    /** The relay builds untagged frames with a 20-byte IPv4 header: Ethernet, IPv4, UDP, then the message. */
    static final int RELAYED_DHCP_OFFSET = 14 + 20 + 8;

    /** Copies the untagged frame into {@link #reply}, tagged for {@code vid} unless it is this port's own. */
    private boolean tag(final int vid, final ByteBuf frame, final int offset, final int length) {
        if (ctx == null || length < MACS_LENGTH || length + TAG_LENGTH > MAX_REPLY) {
            injectFailures++;
            return false;
        }
        reply.clear();
        if (vid == untaggedVid) {
            reply.limit(length);
            frame.getBytes(offset, reply);
        } else {
            reply.limit(MACS_LENGTH);
            frame.getBytes(offset, reply);
            reply.limit(length + TAG_LENGTH);
            reply.putShort((short) TPID_8021Q).putShort((short) (vid & VID_MASK));
            frame.getBytes(offset + MACS_LENGTH, reply);
        }
        return true;
    }

    /**
     * The exchanges' log lines of the current turn, formatted in place and written with one {@link
     * SwitchLog#logLines} at the turn's end ({@link #onBatchEnd}, {@link #onTick}), or earlier when it grows past
     * {@link #LINES_LIMIT}. Allocates nothing once it has grown to a turn's size.
     */
    private final StringBuilder lines = new StringBuilder(LINES_LIMIT + 1024);
    static final int LINES_LIMIT = 16 * 1024;

    /** Writes the pending exchange lines, first, so that every other line keeps its place after them. */
    private void writeLines() {
        if (lines.length() > 0) {
            log.logLines(lines);
            lines.setLength(0);
        }
    }

    /** A line of its own (rare events: failures, drops, relay); after the exchange lines already pending. */
    private void logLine(final String line) {
        writeLines();
        log.log(line);
    }

    /**
     * One log line per exchange, e.g. {@code dhcp: DHCPACK 10.86.68.10 to 52:54:00:12:34:56 vlan 0 ...}, written at
     * the end of the turn with the turn's other lines; an ACK of the switch's own server binds in the guard's
     * snooping table, a RELEASE unbinds.
     */
    @Override
    public void onExchange(final DhcpEvent event) {
        if (logExchanges) {
            event.describeTo(lines.append("dhcp: ")).append('\n');
            if (lines.length() >= LINES_LIMIT) {
                writeLines();
            }
        }
        if (services != null) {
            services.onLease(event); // names follow leases (DNS)
        }
        observer.onExchange(event); // the event stream: lease offered, bound, renewed, released, declined
        if (guard == null) {
            return;
        }
        if (event.kind() == DhcpEvent.Kind.ACK && event.address() != 0) {
            final long expiry = event.leaseSeconds() == INFINITE_LEASE ? SnoopingTable.NEVER
                : nowMillis + event.leaseSeconds() * 1000;
            guard.observeAck(event.port(), event.vid(), event.mac(), event.address(), expiry, nowMillis);
        } else if (event.kind() == DhcpEvent.Kind.RELEASE || event.kind() == DhcpEvent.Kind.DECLINE) {
            guard.observeRelease(event.vid(), event.mac(), event.address());
        }
    }

    static final long INFINITE_LEASE = 0xFFFF_FFFFL;

    private DhcpObserver observer = NO_OBSERVER;
    private static final DhcpObserver NO_OBSERVER = new DhcpObserver() {
        @Override
        public void onExchange(final DhcpEvent event) {
        }

        @Override
        public void violation(final String source, final String reason, final boolean dropped, final int port,
                              final int vid, final long mac, final long suppressed) {
        }
    };

    /**
     * Whether each exchange and each relayed message gets a log line (the default); {@code --dhcp-quiet} turns them
     * off, as dnsmasq's {@code --quiet-dhcp} does, for rates where a line per message costs more than the answer.
     * Failures, drops and the guard's reports are logged either way; the event stream still carries every lease.
     */
    public void logExchanges(final boolean on) {
        logExchanges = on;
    }

    private boolean logExchanges = true;

    /** Reports exchanges and violations to {@code o} too (loop thread; null: to nobody). */
    public void observer(final DhcpObserver o) {
        observer = o == null ? NO_OBSERVER : o;
    }

    /** The observer (the guard's reporter hands its violations to it). */
    public DhcpObserver observer() {
        return observer;
    }

    /**
     * One log line per relayed message (a DHCP exchange is a handful of messages, and floods are rate-limited),
     * formatted into the turn's lines like the exchanges'.
     */
    @Override
    public void onRelayed(final RelayDirection direction, final int vid, final int port, final int xid,
                          final long chaddr, final int giaddr, final int server) {
        if (!logExchanges) {
            return;
        }
        final StringBuilder sb = lines.append("dhcp relay: ");
        if (direction == RelayDirection.CLIENT_TO_SERVER) {
            MacAddress.append(sb.append("request from "), chaddr).append(" port ").append(port)
                .append(" vlan ").append(vid).append(" to ");
            Ipv4Address.append(sb, server).append(" giaddr ");
        } else {
            MacAddress.append(sb.append("reply to "), chaddr).append(" port ").append(port)
                .append(" vlan ").append(vid).append(" giaddr ");
        }
        appendHex(Ipv4Address.append(sb, giaddr).append(" xid 0x"), xid).append('\n');
        if (lines.length() >= LINES_LIMIT) {
            writeLines();
        }
    }

    /** {@code Integer.toHexString(v)}'s digits, appended without a String. */
    static StringBuilder appendHex(final StringBuilder sb, final int v) {
        int shift = 28;
        while (shift > 0 && (v >>> shift) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            sb.append(Character.forDigit((v >>> shift) & 0xF, 16));
        }
        return sb;
    }

    /** Relay drops: errors and policy drops are logged once per reason, ordinary traffic never. */
    @Override
    public void onDrop(final RelayDropReason reason, final int port, final int vid, final long mac) {
        if (reason != RelayDropReason.NOT_FOR_RELAY && reason != RelayDropReason.NOT_RELAYED_VLAN) {
            observer.violation("relay", reason.label(), reason.dropped(), port, vid, mac, 0);
        }
        if (reason == RelayDropReason.NOT_FOR_RELAY || reason == RelayDropReason.NOT_RELAYED_VLAN
            || relayDropLogged[reason.id()]) {
            return;
        }
        relayDropLogged[reason.id()] = true;
        logLine("dhcp relay: " + (reason.dropped() ? "dropped" : "noted") + " a frame from port " + port + " vlan "
            + vid + " (" + MacAddress.toString(mac) + "): " + reason.label()
            + " (logged once per reason; dhcp/relay shows the counts)");
    }

    /**
     * Counted by the responder; a malformed frame (or a bug) is logged once per reason, ordinary non-answers (other
     * hosts' broadcasts flooded to this port) never.
     */
    @Override
    public void onDrop(final DhcpDropReason reason, final int port, final int vid, final long mac) {
        if (!(reason.malformed() || reason == DhcpDropReason.INTERNAL_ERROR) || dropLogged[reason.ordinal()]) {
            return;
        }
        dropLogged[reason.ordinal()] = true;
        logLine("dhcp: dropped a frame from port " + port + " vlan " + vid + ": " + reason.label()
            + " (logged once per reason; dhcp/scopes shows the counts)");
    }

    /** Journal failures are logged at most once per {@link #JOURNAL_LOG_INTERVAL_MILLIS}, with the count since. */
    @Override
    public void onJournalFailure(final RuntimeException failure) {
        journalFailures++;
        final long now = clock.getAsLong();
        if (now < journalFailureLogAt) {
            return;
        }
        journalFailureLogAt = now + JOURNAL_LOG_INTERVAL_MILLIS;
        logLine("dhcp: lease journal sync failed, ACKs withheld (clients will retry): " + failure.getMessage()
            + (journalFailures > 1 ? " (" + (journalFailures - 1) + " more failures since the last report)" : "")
            + " (reported once per " + JOURNAL_LOG_INTERVAL_MILLIS / 1000 + " s)");
        journalFailures = 0;
    }

    /**
     * The full-disk state of the journal, from the tick: once when it fills, then at most once per interval while
     * new clients are being refused, and once when space returns.
     */
    private void reportJournal() {
        final boolean full = responder.journalFull();
        final long refused = responder.counters().drops(DhcpDropReason.JOURNAL_FULL);
        if (full && !journalFullReported) {
            journalFullReported = true;
            journalFullLogAt = nowMillis + JOURNAL_LOG_INTERVAL_MILLIS;
            refusedAtReport = refused;
            logLine("dhcp: lease journal full (no room on its disk): no new leases until space returns; renewals of "
                + "bound leases are still served from the journal's reserve");
        } else if (full && nowMillis >= journalFullLogAt && refused > refusedAtReport) {
            journalFullLogAt = nowMillis + JOURNAL_LOG_INTERVAL_MILLIS;
            logLine("dhcp: lease journal still full: " + (refused - refusedAtReport) + " requests for new leases "
                + "unanswered since the last report (reported once per " + JOURNAL_LOG_INTERVAL_MILLIS / 1000 + " s)");
            refusedAtReport = refused;
        } else if (!full && journalFullReported) {
            journalFullReported = false;
            logLine("dhcp: lease journal has room again: granting new leases");
        }
    }

    /** Syncs and closes the journal; later frames are ignored. Call on the loop thread. */
    public void close() {
        if (!closed) {
            closed = true;
            responder.close();
            if (relay != null) {
                relay.close();
            }
        }
        writeLines();
    }

    /** {@link #sendFromRelay}; a class, not a method reference, on the start path (docs/architecture.md §7). */
    private static final class RelaySink implements FrameSink {
        private final DhcpPort port;

        RelaySink(final DhcpPort port) {
            this.port = port;
        }

        @Override
        public void send(final int p, final int vid, final ByteBuf frame, final int offset, final int length) {
            port.sendFromRelay(p, vid, frame, offset, length);
        }
    }
}
