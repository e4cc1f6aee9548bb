package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.lease.LeaseStore;
import io.jvde.dhcp.lease.ScopeLeases;
import io.jvde.dhcp.service.UdpReplies;
import io.jvde.dhcp.service.UdpService;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The switch-attached DHCP responder: the switch hands it every frame of a served VLAN that it delivers to the
 * responder's port (broadcasts, and unicasts to {@link #serverMac()}), together with the ingress port, the VLAN id
 * and the time. It answers DHCP (through {@link DhcpServer}), ARP requests for the scope's server address (so
 * RENEWING clients can unicast to it) and ICMP echo to that address, writing complete untagged Ethernet frames with
 * software-computed IPv4 and UDP checksums to the {@link FrameSink}. Everything else is dropped and counted by
 * {@link DhcpDropReason}; the entry point never throws.
 *
 * <p>Single-threaded: call every method on the switch's event-loop thread. After each batch of frames call
 * {@link #flush()}: it syncs the lease journal once and sends the ACKs that waited for it (group commit). With a
 * journal that syncs on its own thread ({@link io.jvde.dhcp.lease.FileLeaseJournal#syncInBackground}) the flush
 * does not wait: call it again when the journal reports a batch durable, and the ACKs it covers go out then.
 *
 * <pre>{@code
 * DhcpResponder dhcp = DhcpResponder.start(settings, FileLeaseJournal.open(path), sink, listener, nowMillis);
 * // per received frame on a served VLAN:
 * dhcp.onFrame(port, vid, buf, offset, length, nowMillis);
 * // once per event-loop turn:
 * dhcp.flush();
 * }</pre>
 */
public final class DhcpResponder implements AutoCloseable {
    private DhcpSettings settings;
    private final LeaseStore store;
    private final DhcpCounters counters = new DhcpCounters();
    private final Outbound out;
    private final DhcpServer server;
    private final DhcpEventListener listener;
    private final ServiceFrames frames;

    private DhcpResponder(final DhcpSettings settings, final LeaseStore store, final FrameSink sink,
                          final DhcpEventListener listener, final int replySlots) {
        this.settings = settings;
        this.store = store;
        this.listener = listener;
        this.out = new Outbound(replySlots, sink, store.journal(), counters, listener);
        this.server = new DhcpServer(settings, store, out, listener, counters);
        this.frames = new ServiceFrames(server, out, counters, settings.serverMac());
    }

    /**
     * Registers a UDP service (DNS, TFTP) for destination ports {@code low..high} on every served VLAN: datagrams
     * unicast to a scope's server address reach it through the same receive path as DHCP. Call on the loop thread
     * before frames flow.
     */
    public void registerService(final int low, final int high, final UdpService service) {
        frames.register(low, high, service);
    }

    /** The reply path the UDP services answer through (to one switch port, from the server's MAC). */
    public UdpReplies replies() {
        return frames;
    }

    /**
     * Builds the responder, registers every scope's lease table and replays {@code journal}; expired leases are
     * expired against {@code nowMillis} (wall clock, ms since the epoch).
     */
    public static DhcpResponder start(final DhcpSettings settings, final LeaseJournal journal, final FrameSink sink,
                                      final DhcpEventListener listener, final long nowMillis) {
        return start(settings, new LeaseStore(journal), sink, listener, nowMillis);
    }

    /** As {@link #start(DhcpSettings, LeaseJournal, FrameSink, DhcpEventListener, long)} with a tuned store. */
    public static DhcpResponder start(final DhcpSettings settings, final LeaseStore store, final FrameSink sink,
                                      final DhcpEventListener listener, final long nowMillis) {
        final DhcpResponder responder = new DhcpResponder(settings, store, sink,
            listener == null ? DhcpEventListener.NONE : listener, Outbound.DEFAULT_SLOTS);
        store.replay(nowMillis); // what ran out while the switch was down is not news: listen from here on
        responder.listenForExpiry();
        return responder;
    }

    /** The event of an expiry; one reused instance, like the server's. */
    private final DhcpEvent expiredEvent = new DhcpEvent();

    private void listenForExpiry() {
        final Expiry expiry = new Expiry(this);
        for (final ScopeRuntime s : server.scopes()) {
            s.leases.onExpiry(expiry);
        }
    }

    private void expired(final int vid, final int address, final long mac, final byte[] hostname) {
        final ScopeRuntime s = server.scope(vid);
        expiredEvent.expired(vid, address, mac, s == null ? null : s.scope.name(), hostname);
        counters.replies[DhcpEvent.Kind.EXPIRED.ordinal()]++;
        listener.onExchange(expiredEvent);
    }

    /**
     * Moves every lease whose time has come to expired, each reported once to the listener as a
     * {@link DhcpEvent.Kind#EXPIRED} event. Leases also expire lazily whenever a scope is used; call this from a
     * periodic tick so the report does not wait for the next client.
     */
    public void expire(final long nowMillis) {
        for (final ScopeRuntime s : server.scopes()) {
            s.leases.expire(nowMillis);
        }
    }

    /** True when a scope serves {@code vid}: the switch only needs to hand frames of these VLANs. */
    public boolean serves(final int vid) {
        return server.scope(vid) != null;
    }

    /** Source MAC of every frame the responder sends; the switch delivers unicasts to it. */
    public long serverMac() {
        return settings.serverMac();
    }

    /** The server address on {@code vid}, or 0 when not served. */
    public int serverIp(final int vid) {
        final ScopeRuntime s = server.scope(vid);
        return s == null ? 0 : s.serverIp;
    }

    public DhcpSettings settings() {
        return settings;
    }

    public DhcpCounters counters() {
        return counters;
    }

    /**
     * Handles one frame of {@code length} bytes at absolute {@code offset} of {@code frame} (reader and writer
     * indexes are ignored) that entered on {@code port} in VLAN {@code vid}. The frame should be untagged; one
     * 802.1Q tag is tolerated. Returns {@link DhcpDropReason#OK} or the id of the reason it was dropped.
     */
    public int onFrame(final int port, final int vid, final ByteBuf frame, final int offset, final int length,
                       final long nowMillis) {
        int reason;
        long src = 0;
        try {
            if (offset < 0 || length < 0 || offset + length > frame.capacity()) {
                reason = DhcpDropReason.TRUNCATED.id();
            } else if (length < EthernetHeader.LENGTH) {
                reason = DhcpDropReason.TRUNCATED.id();
            } else {
                src = EthernetHeader.src(frame, offset);
                reason = frames.dispatch(port, vid, frame, offset, length, src, nowMillis);
            }
        } catch (final RuntimeException e) {
            // A bug, not bad input: every read above is bounds-checked. Keep serving the others.
            reason = DhcpDropReason.INTERNAL_ERROR.id();
        }
        if (reason != DhcpDropReason.OK) {
            counters.drops[reason]++;
            listener.onDrop(DhcpDropReason.of(reason), port, vid, src);
        }
        return reason;
    }

    /**
     * The group commit: one journal sync (or, with a background journal, its start), then every ACK that is durable;
     * compacts the journal when due. Returns the frames sent. Call once per event-loop turn (cheap when nothing is
     * pending) and whenever a background journal reports a batch durable.
     */
    public int flush() {
        final int sent = out.flush();
        if (sent > 0 && !journalFull()) { // compaction needs room for a whole copy
            try {
                store.compactIfDue();
            } catch (final RuntimeException e) {
                listener.onJournalFailure(e);
            }
        }
        return sent;
    }

    /** True while the lease journal has no disk space: new leases wait (silence), renewals are served. */
    public boolean journalFull() {
        return store.journal().full();
    }

    /**
     * While the journal is full, lets it check whether space has returned (the journal limits itself to one check
     * per probe interval). Call from a periodic tick: a full journal may have no ACK to sync that would check.
     */
    public void probeJournal() {
        if (journalFull()) {
            try {
                store.sync();
            } catch (final RuntimeException e) {
                listener.onJournalFailure(e);
            }
        }
    }

    /** ACKs waiting for the next {@link #flush()}. */
    public int pendingReplies() {
        return out.pending();
    }

    // ------------------------------------------------------------------ management (console)

    public List<Scope> scopes() {
        final List<Scope> list = new ArrayList<>();
        for (final ScopeRuntime s : server.scopes()) {
            list.add(s.scope);
        }
        return list;
    }

    /**
     * Applies new settings without a restart, keeping every lease: options, reservations, boot rules, lease times,
     * trust and the other global knobs. Throws {@link io.jvde.dhcp.config.DhcpConfigException} and applies nothing
     * when a scope was added or removed or changed its VLAN, cidr, ranges, exclude, serverIp, router or keying.
     */
    public void reconfigure(final DhcpSettings next) {
        server.reconfigure(next);
        settings = next;
        frames.serverMac = next.serverMac();
    }

    /** Adds (or replaces, by key) a reservation of the scope on {@code vid}; validated like the configuration. */
    public void addReservation(final int vid, final io.jvde.dhcp.config.Reservation reservation) {
        final List<io.jvde.dhcp.config.Reservation> list = new ArrayList<>();
        for (final io.jvde.dhcp.config.Reservation r : scopeOf(vid).reservations()) {
            if (!r.key().equals(reservation.key())) {
                list.add(r);
            }
        }
        list.add(reservation);
        reconfigure(withScope(scopeOf(vid).withReservations(list)));
    }

    /** Caps the active leases of the scope on {@code vid} at {@code max} (0 = unlimited); leases held are kept. */
    public void setMaxLeases(final int vid, final int max) {
        reconfigure(withScope(scopeOf(vid).withMaxLeases(max)));
    }

    /** Trusts (or no longer trusts) {@code port} to send option 82 with giaddr 0 (RFC 3046 §2.1). */
    public void setTrusted(final int port, final boolean trusted) {
        final java.util.BitSet ports = settings.trustedPorts();
        ports.set(port, trusted);
        reconfigure(new DhcpSettings(settings.scopes(), settings.serverMac(), settings.offerHoldSeconds(),
            settings.declineProbationSeconds(), settings.echoClientId(), ports));
    }

    /** Removes the reservation with {@code key} from the scope on {@code vid}; false when there was none. */
    public boolean removeReservation(final int vid, final io.jvde.dhcp.config.ReservationKey key) {
        final List<io.jvde.dhcp.config.Reservation> list = new ArrayList<>(scopeOf(vid).reservations());
        if (!list.removeIf(r -> r.key().equals(key))) {
            return false;
        }
        reconfigure(withScope(scopeOf(vid).withReservations(list)));
        return true;
    }

    private Scope scopeOf(final int vid) {
        final ScopeRuntime s = server.scope(vid);
        if (s == null) {
            throw new io.jvde.dhcp.config.DhcpConfigException("vlan", vid + " (expected: a VLAN with a scope)");
        }
        return s.scope;
    }

    private DhcpSettings withScope(final Scope changed) {
        final List<Scope> list = new ArrayList<>();
        for (final Scope s : settings.scopes()) {
            list.add(s.vlan() == changed.vlan() ? changed : s);
        }
        return new DhcpSettings(list, settings.serverMac(), settings.offerHoldSeconds(),
            settings.declineProbationSeconds(), settings.echoClientId(), settings.trustedPorts());
    }

    /** A copy of the lease records of {@code vid} after expiring what is due; empty when not served. */
    public List<LeaseInfo> leases(final int vid, final long nowMillis) {
        final ScopeRuntime s = server.scope(vid);
        if (s == null) {
            return List.of();
        }
        s.leases.expire(nowMillis);
        return s.leases.leases();
    }

    /** Releases the lease on {@code address} as if its client had sent DHCPRELEASE; false when there is none. */
    public boolean releaseLease(final int vid, final int address, final long nowMillis) {
        final ScopeRuntime s = server.scope(vid);
        return s != null && s.leases.releaseAddress(address, nowMillis) >= 0;
    }

    /** Forgets the record on {@code address} entirely (lease, affinity or quarantine); false when there is none. */
    public boolean removeLease(final int vid, final int address) {
        final ScopeRuntime s = server.scope(vid);
        return s != null && s.leases.remove(address) >= 0;
    }

    /**
     * Adds (or replaces, for the same key) a reservation in the scope of {@code vid} at run time; the next DISCOVER
     * of that client gets the reserved address. Throws {@link DhcpConfigException} naming the problem when the scope
     * does not exist, the reservation is invalid for it, or another client holds the address (release it first).
     */
    public void reserve(final int vid, final Reservation reservation) {
        final ScopeRuntime s = server.scope(vid);
        if (s == null) {
            throw new DhcpConfigException("vlan", vid + " (expected: a VLAN with a scope)");
        }
        final int address = reservation.address();
        final int holder = address == 0 ? -1 : s.leases.owner(address);
        if (holder >= 0 && s.leases.state(holder) == ScopeLeases.BOUND
            && !(reservation.key() instanceof ReservationKey.Mac m && m.mac() == s.leases.mac(holder))) {
            throw new DhcpConfigException("address", Ipv4Address.toString(address) + " (expected: an address no"
                + " other client holds; it is leased to " + MacAddress.toString(s.leases.mac(holder))
                + ", release it first)");
        }
        addReservation(vid, reservation);
    }

    /** Removes the reservation with {@code key} from the scope of {@code vid}; false when there is none. */
    public boolean unreserve(final int vid, final ReservationKey key) {
        return server.scope(vid) != null && removeReservation(vid, key);
    }

    /** The lease table of {@code vid}, for tests and metrics; null when not served. */
    public ScopeLeases leaseTable(final int vid) {
        final ScopeRuntime s = server.scope(vid);
        return s == null ? null : s.leases;
    }

    /** Syncs the journal, sends pending ACKs, and closes the journal. */
    @Override
    public void close() {
        try {
            out.flushDurable();
        } finally {
            store.close();
            out.release();
        }
    }

    /** {@link #expired}; a class, not a method reference, on the start path (docs/architecture.md §7). */
    private static final class Expiry implements ScopeLeases.ExpiryListener {
        private final DhcpResponder responder;

        Expiry(final DhcpResponder responder) {
            this.responder = responder;
        }

        @Override
        public void expired(final int vid, final int address, final long mac, final byte[] hostname) {
            responder.expired(vid, address, mac, hostname);
        }
    }
}
