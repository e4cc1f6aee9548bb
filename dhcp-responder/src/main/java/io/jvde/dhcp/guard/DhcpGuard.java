package io.jvde.dhcp.guard;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.wire.DhcpMessage;
import io.jvde.dhcp.wire.DhcpMessageType;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.DhcpOptionCursor;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.Ipv4Header;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.dhcp.wire.UdpHeader;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.BitSet;

/**
 * DHCP snooping: the switch's ingress filter for DHCP on the VLANs where the switch serves or relays DHCP
 * ({@link #setGuarded}); frames of other VLANs, and everything that is not IPv4 UDP to port 67 or 68, pass after a
 * few byte reads (EtherType behind at most one 802.1Q tag, IP version and protocol, fragment offset, UDP ports).
 * On a guarded VLAN:
 * <ul>
 * <li>Untrusted port: server messages (UDP 67 to 68, and BOOTREPLYs from 67 to a relay agent's 67, RFC 1542 §4.1)
 *     are dropped as {@link GuardDropReason#ROGUE_SERVER}: a dnsmasq in a guest answers nobody. Client messages
 *     (BOOTREQUESTs to 67 from 68, or from 67 as a relay would send them) are rate-limited per port, then per
 *     (VLAN, Ethernet source MAC), then dropped when giaddr is not zero or option 82 is present (RFC 3046 §2.1,
 *     docs/dhcp.md §2.6: only a relay sets these, and no relay sits behind an untrusted port). A client message too
 *     short for the BOOTP header, or whose options cannot be walked, is dropped as
 *     {@link GuardDropReason#MALFORMED}, since it cannot be shown to carry no option 82.</li>
 * <li>Trusted port: everything passes, unchecked and not rate-limited (servers and upstream relays sit there).
 *     ACKs passing from it to a client (67 to 68) are recorded in the {@link #bindings() binding table}, NAKs
 *     remove the client's binding.</li>
 * <li>RELEASE and DECLINE from a client remove its binding (when the address, and the port if known, match).</li>
 * </ul>
 * Violations are counted per VLAN and reason ({@link #counters()}) and reported to the {@link GuardListener} at most
 * once per (reason, port) per {@link GuardSettings#logIntervalMillis()}, with the number suppressed since.
 *
 * <p>The per-MAC table is bounded. When it is full of active clients, a message from a new MAC is admitted on the
 * per-port limit alone and {@link GuardDropReason#TABLE_FULL} is counted: a full table means a flood of random
 * source MACs, which the per-port bucket (checked first) already bounds; dropping instead would shut out every
 * legitimate new client of every port while the flood lasts, which is what the flood wants.
 *
 * <p>Single-threaded: call every method on the switch's event-loop thread. {@link #admit} allocates nothing, except
 * that per-port arrays grow the first time a port number beyond them appears.
 *
 * <pre>{@code
 * DhcpGuard guard = new DhcpGuard(GuardSettings.builder().trustedPort(1).build(), listener);
 * guard.setGuarded(10, true);
 * // in the ingress filter, for every frame from a client port:
 * if (!guard.admit(port, vid, buf, offset, length, nowMillis)) { drop }
 * // when the switch's own server or relay sends an ACK:
 * guard.observeAck(clientPort, vid, chaddr, yiaddr, expiryMillis);
 * }</pre>
 */
public final class DhcpGuard {
    private static final int VLANS = 4096;
    private static final int REASONS = GuardDropReason.COUNT;
    private static final int MIN_PORTS = 64;
    /** Fragment offset bits of the flags/fragment field: non-zero means a later fragment, with no UDP header. */
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    /** RFC 791 §3.1: version in the high nibble, header length in 32-bit words in the low one. */
    private static final int VERSION_SHIFT = 4;
    private static final int IHL_MASK = 0xF;
    private static final int IHL_UNIT = 4;
    /** Lease time meaning infinite (RFC 2132 §9.2). */
    private static final long INFINITE_LEASE = 0xFFFF_FFFFL;
    private static final long MILLIS_PER_SECOND = 1000;

    private final GuardListener listener;
    private final GuardCounters counters = new GuardCounters();
    private final boolean[] guarded = new boolean[VLANS];
    private final DhcpOptionCursor cursor = new DhcpOptionCursor();
    private GuardSettings settings;
    private BitSet trusted;
    private boolean enabled;
    private int portRate;
    private int portBurst;
    private int macRate;
    private int macBurst;
    private long logInterval;
    private SnoopingTable bindings;
    private ClientTable clients;
    /** Latest time seen, for {@link #observeAck(int, int, long, int, long)} which is given none. */
    private long lastNow;
    /** True while {@link #observeTrusted} looks at a frame: it passes whatever happens, nothing is judged. */
    private boolean observing;

    /** Per port (index = port number): token bucket. */
    private long[] portTokens = new long[0];
    private long[] portStamps = new long[0];
    /** Per (port + 1, reason), port -1 first: next time a report may go out, and violations not reported. */
    private long[] nextReport = new long[0];
    private long[] unreported = new long[0];

    public DhcpGuard(final GuardSettings settings, final GuardListener listener) {
        this.listener = listener == null ? GuardListener.NONE : listener;
        this.bindings = new SnoopingTable(settings.bindingCapacity());
        this.clients = new ClientTable(settings.macTableCapacity(), settings.macRate(), settings.macBurst());
        apply(settings);
        ensurePort(MIN_PORTS - 1);
    }

    private void apply(final GuardSettings s) {
        settings = s;
        trusted = s.trustedPorts();
        enabled = s.enabled();
        portRate = s.portRate();
        portBurst = s.portBurst();
        macRate = s.macRate();
        macBurst = s.macBurst();
        logInterval = s.logIntervalMillis();
    }

    // ------------------------------------------------------------------ configuration

    public GuardSettings settings() {
        return settings;
    }

    /**
     * Applies new settings: trust, limits and intervals at once; buckets above a lowered burst are cut to it. A
     * changed binding capacity copies the bindings that fit; a changed MAC table capacity starts that table afresh
     * (every client then has a full bucket).
     */
    public void reconfigure(final GuardSettings next) {
        if (next.bindingCapacity() != settings.bindingCapacity()) {
            final SnoopingTable table = new SnoopingTable(next.bindingCapacity());
            for (final SnoopingTable.Binding b : bindings.entries()) {
                table.put(b.vid(), b.mac(), b.ip(), b.port(), b.expiresAt(), lastNow);
            }
            bindings = table;
        }
        if (next.macTableCapacity() != settings.macTableCapacity()) {
            clients = new ClientTable(next.macTableCapacity(), next.macRate(), next.macBurst());
        } else {
            clients.limits(next.macRate(), next.macBurst());
        }
        final long cap = TokenBucket.full(next.portBurst());
        for (int i = 0; i < portTokens.length; i++) {
            portTokens[i] = Math.min(portTokens[i], cap);
        }
        apply(next);
    }

    /** Trusts or distrusts {@code port} (0..{@value GuardSettings#MAX_PORT}); {@link #settings()} reflects it. */
    public void setTrusted(final int port, final boolean value) {
        apply(settings.withTrusted(port, value));
    }

    public boolean trusted(final int port) {
        return port >= 0 && trusted.get(port);
    }

    /** Guards {@code vid} (0..4095) or not: only guarded VLANs are inspected; others pass untouched. */
    public void setGuarded(final int vid, final boolean value) {
        if (vid < 0 || vid >= VLANS) {
            throw new IllegalArgumentException("vid: " + vid + " (expected: 0.." + (VLANS - 1) + ")");
        }
        if (value) {
            counters.guard(vid);
        }
        guarded[vid] = value;
    }

    public boolean guarded(final int vid) {
        return vid >= 0 && vid < VLANS && guarded[vid];
    }

    public SnoopingTable bindings() {
        return bindings;
    }

    public GuardCounters counters() {
        return counters;
    }

    // ------------------------------------------------------------------ the filter

    /**
     * Decides whether the frame of {@code length} bytes at absolute {@code offset} of {@code frame}, received on
     * client port {@code port} in VLAN {@code vid}, may be forwarded: false means drop. Reader and writer indexes
     * are ignored and nothing is written. A call whose offset and length do not fit the buffer is a caller bug, not
     * traffic, and passes.
     */
    public boolean admit(final int port, final int vid, final ByteBuf frame, final int offset, final int length,
                         final long nowMillis) {
        if (!enabled || vid < 0 || vid >= VLANS || !guarded[vid]) {
            return true;
        }
        final int end = offset + length;
        if (offset < 0 || length < EthernetHeader.LENGTH || end > frame.capacity()) {
            return true;
        }
        int type = offset + EthernetHeader.ETHER_TYPE_OFFSET;
        if (frame.getUnsignedShort(type) == EthernetHeader.TYPE_VLAN) {
            type += EthernetHeader.TAG_LENGTH;
            if (type + EthernetHeader.ETHER_TYPE_LENGTH > end) {
                return true;
            }
        }
        if (frame.getUnsignedShort(type) != EthernetHeader.TYPE_IPV4) {
            return true;
        }
        final int ip = EthernetHeader.payloadOffset(type);
        if (ip + Ipv4Header.MIN_LENGTH > end
            || frame.getUnsignedByte(ip + Ipv4Header.PROTOCOL_OFFSET) != Ipv4Header.PROTOCOL_UDP) {
            return true;
        }
        final int versionIhl = frame.getUnsignedByte(ip + Ipv4Header.VERSION_IHL_OFFSET);
        final int headerLength = (versionIhl & IHL_MASK) * IHL_UNIT;
        final int udp = ip + headerLength;
        if (versionIhl >>> VERSION_SHIFT != 4 || headerLength < Ipv4Header.MIN_LENGTH
            || udp + UdpHeader.LENGTH > end) {
            return true;
        }
        final int ports = frame.getInt(udp + UdpHeader.SRC_PORT_OFFSET); // both ports in one read
        final int srcPort = ports >>> 16;
        final int dstPort = ports & 0xFFFF;
        if (dstPort != UdpHeader.PORT_CLIENT && dstPort != UdpHeader.PORT_SERVER
            || (frame.getUnsignedShort(ip + Ipv4Header.FLAGS_FRAGMENT_OFFSET) & FRAGMENT_OFFSET_MASK) != 0) {
            return true; // not DHCP, or a later fragment whose "ports" are payload bytes
        }
        lastNow = nowMillis;
        if (dstPort == UdpHeader.PORT_CLIENT) {
            return srcPort != UdpHeader.PORT_SERVER || onServerMessage(port, vid, frame, offset, udp, end, true,
                nowMillis);
        }
        if (dstPort != UdpHeader.PORT_SERVER
            || srcPort != UdpHeader.PORT_CLIENT && srcPort != UdpHeader.PORT_SERVER) {
            return true;
        }
        final int dhcp = udp + UdpHeader.LENGTH;
        if (srcPort == UdpHeader.PORT_SERVER && dhcp < end
            && frame.getUnsignedByte(dhcp + DhcpMessage.OP_OFFSET) == DhcpMessage.OP_BOOTREPLY) {
            // RFC 1542 §4.1: a server answers a relay agent from 67 to 67
            return onServerMessage(port, vid, frame, offset, udp, end, false, nowMillis);
        }
        return onClientMessage(port, vid, frame, offset, udp, end, nowMillis);
    }

    private boolean onServerMessage(final int port, final int vid, final ByteBuf frame, final int offset,
                                    final int udp, final int end, final boolean toClient, final long now) {
        if (!trusted(port) && !observing) {
            return violation(GuardDropReason.ROGUE_SERVER, port, vid, EthernetHeader.src(frame, offset), now);
        }
        counters.serverMessages++;
        if (toClient) {
            snoop(port, vid, frame, udp, end, now);
        }
        return true;
    }

    /** Records the binding of an ACK from a trusted server, or removes the client's binding on a NAK. */
    private void snoop(final int port, final int vid, final ByteBuf frame, final int udp, final int end,
                       final long now) {
        snoopMessage(-1, port, vid, frame, udp + UdpHeader.LENGTH, dhcpLength(frame, udp, end), now);
    }

    /**
     * A frame from an uplink the switch trusts without asking the guard (e.g. VXLAN to a remote switch that serves
     * DHCP): it passes whatever the guard would say, but a server's ACK or NAK to a client is snooped as if it
     * passed a trusted port, so clients served across the uplink get bindings too. Counts nothing as a violation.
     */
    public void observeTrusted(final int port, final int vid, final ByteBuf frame, final int offset,
                               final int length, final long nowMillis) {
        observing = true;
        try {
            admit(port, vid, frame, offset, length, nowMillis);
        } finally {
            observing = false;
        }
    }

    /**
     * A DHCP reply the switch itself delivers to the client on {@code clientPort} (the relay agent's, after it
     * stripped option 82): the {@code length}-byte message at {@code dhcp} binds on an ACK and unbinds on a NAK,
     * as for a reply seen passing a trusted port.
     */
    public void observeReply(final int clientPort, final int vid, final ByteBuf frame, final int dhcp,
                             final int length, final long nowMillis) {
        if (vid < 0 || vid >= VLANS || dhcp < 0 || length < 0 || dhcp + length > frame.capacity()) {
            return;
        }
        lastNow = nowMillis;
        snoopMessage(clientPort, clientPort, vid, frame, dhcp, length, nowMillis);
    }

    /** @param clientPort the client's port, or -1 to take the port of its last message seen here */
    private void snoopMessage(final int clientPort, final int port, final int vid, final ByteBuf frame,
                              final int dhcp, final int length, final long now) {
        if (length < DhcpMessage.MIN_LENGTH
            || frame.getUnsignedByte(dhcp + DhcpMessage.OP_OFFSET) != DhcpMessage.OP_BOOTREPLY
            || frame.getInt(dhcp + DhcpMessage.COOKIE_OFFSET) != DhcpMessage.MAGIC_COOKIE) {
            return;
        }
        int type = 0;
        long leaseSeconds = -1;
        cursor.wrap(frame, dhcp, length);
        while (cursor.next()) {
            if (cursor.code() == DhcpOptionCode.DHCP_MESSAGE_TYPE && cursor.valueLength() == 1) {
                type = frame.getUnsignedByte(cursor.valueOffset());
            } else if (cursor.code() == DhcpOptionCode.IP_ADDRESS_LEASE_TIME && cursor.valueLength() == 4) {
                leaseSeconds = frame.getUnsignedInt(cursor.valueOffset());
            }
        }
        if (cursor.error() != DhcpDropReason.OK) {
            return; // a trusted server's business; nothing reliable to learn
        }
        final long chaddr = MacAddress.read(frame, dhcp + DhcpMessage.CHADDR_OFFSET);
        final int yiaddr = frame.getInt(dhcp + DhcpMessage.YIADDR_OFFSET);
        if (type == DhcpMessageType.ACK && yiaddr != 0 && leaseSeconds >= 0) {
            // an ACK to INFORM has yiaddr 0 and no lease time (RFC 2131 Table 3): nothing to bind
            final long expiry = leaseSeconds == INFINITE_LEASE ? SnoopingTable.NEVER
                : now + leaseSeconds * MILLIS_PER_SECOND;
            record(clientPort >= 0 ? clientPort : clients.portOf(vid, chaddr), port, vid, chaddr, yiaddr, expiry,
                now);
        } else if (type == DhcpMessageType.NAK) {
            bindings.remove(vid, chaddr, 0, -1);
        }
    }

    private boolean onClientMessage(final int port, final int vid, final ByteBuf frame, final int offset,
                                    final int udp, final int end, final long now) {
        if (trusted(port) || observing) {
            return true;
        }
        counters.clientMessages++;
        final long src = EthernetHeader.src(frame, offset);
        if (port >= 0 && port <= GuardSettings.MAX_PORT) {
            ensurePort(port);
            if (!TokenBucket.take(portTokens, portStamps, port, now, portRate, portBurst)) {
                return violation(GuardDropReason.RATE_LIMIT_PORT, port, vid, src, now);
            }
        }
        final int slot = clients.acquire(vid, src, now, macBurst);
        if (slot < 0) {
            violation(GuardDropReason.TABLE_FULL, port, vid, src, now);
        } else {
            final boolean admitted = TokenBucket.take(clients.tokens, clients.stamps, slot, now, macRate, macBurst);
            clients.stamps[slot] = now; // also when there is no per-MAC limit: it dates the entry for eviction
            clients.port[slot] = port;
            if (!admitted) {
                return violation(GuardDropReason.RATE_LIMIT_MAC, port, vid, src, now);
            }
        }
        final int dhcp = udp + UdpHeader.LENGTH;
        final int length = dhcpLength(frame, udp, end);
        if (length < DhcpMessage.BOOTP_HEADER_LENGTH) {
            return violation(GuardDropReason.MALFORMED, port, vid, src, now);
        }
        if (frame.getInt(dhcp + DhcpMessage.GIADDR_OFFSET) != 0) {
            return violation(GuardDropReason.SPOOFED_GIADDR, port, vid, src, now); // RFC 3046 §2.1
        }
        if (length < DhcpMessage.MIN_LENGTH
            || frame.getInt(dhcp + DhcpMessage.COOKIE_OFFSET) != DhcpMessage.MAGIC_COOKIE) {
            return true; // plain BOOTP: no options, so no option 82
        }
        int type = 0;
        int requested = 0;
        cursor.wrap(frame, dhcp, length);
        while (cursor.next()) {
            final int code = cursor.code();
            if (code == DhcpOptionCode.RELAY_AGENT_INFORMATION) {
                // RFC 3046 §2.1 and docs/dhcp.md §2.6: option 82 from an access port with giaddr 0 is spoofed
                return violation(GuardDropReason.SPOOFED_AGENT_OPTION, port, vid, src, now);
            }
            if (code == DhcpOptionCode.DHCP_MESSAGE_TYPE && cursor.valueLength() == 1) {
                type = frame.getUnsignedByte(cursor.valueOffset());
            } else if (code == DhcpOptionCode.REQUESTED_IP_ADDRESS && cursor.valueLength() == 4) {
                requested = frame.getInt(cursor.valueOffset());
            }
        }
        if (cursor.error() != DhcpDropReason.OK) {
            return violation(GuardDropReason.MALFORMED, port, vid, src, now);
        }
        if (type == DhcpMessageType.RELEASE || type == DhcpMessageType.DECLINE) {
            // RFC 2131 §4.4.6 / §4.4.4: the address is in ciaddr for RELEASE, in option 50 for DECLINE
            final int address = type == DhcpMessageType.RELEASE
                ? frame.getInt(dhcp + DhcpMessage.CIADDR_OFFSET) : requested;
            if (address != 0) {
                bindings.remove(vid, MacAddress.read(frame, dhcp + DhcpMessage.CHADDR_OFFSET), address, port);
            }
        }
        return true;
    }

    /** Length of the DHCP message per the UDP header, or -1 when the UDP length does not fit the frame. */
    private static int dhcpLength(final ByteBuf frame, final int udp, final int end) {
        final int udpLength = UdpHeader.length(frame, udp);
        if (udpLength < UdpHeader.LENGTH || udp + udpLength > end) {
            return -1;
        }
        return udpLength - UdpHeader.LENGTH;
    }

    // ------------------------------------------------------------------ bindings from the glue

    /**
     * An ACK the switch itself sent or relayed to the client on {@code port}: records the binding of {@code mac} to
     * {@code ip} on {@code vid} until {@code leaseExpiryMillis} ({@link SnoopingTable#NEVER} for an infinite lease).
     * Uses the latest time {@link #admit} or {@link #expire} saw for sweeping a full table.
     */
    public void observeAck(final int port, final int vid, final long mac, final int ip, final long leaseExpiryMillis) {
        observeAck(port, vid, mac, ip, leaseExpiryMillis, lastNow);
    }

    /** As {@link #observeAck(int, int, long, int, long)} at {@code nowMillis}. */
    public void observeAck(final int port, final int vid, final long mac, final int ip, final long leaseExpiryMillis,
                           final long nowMillis) {
        if (vid < 0 || vid >= VLANS || ip == 0) {
            return;
        }
        lastNow = nowMillis;
        record(port, port, vid, mac, ip, leaseExpiryMillis, nowMillis);
    }

    /** The client released {@code ip} (0 = whatever it holds) on {@code vid}: forgets the binding. */
    public void observeRelease(final int vid, final long mac, final int ip) {
        if (vid >= 0 && vid < VLANS) {
            bindings.remove(vid, mac, ip, -1);
        }
    }

    /** Removes bindings whose lease ran out; call now and then (lookups ignore expired entries anyway). */
    public int expire(final long nowMillis) {
        lastNow = nowMillis;
        return bindings.expire(nowMillis);
    }

    private void record(final int clientPort, final int reportPort, final int vid, final long mac, final int ip,
                        final long expiry, final long now) {
        if (bindings.put(vid, mac, ip, clientPort, expiry, now)) {
            counters.bindingsLearned++;
        } else {
            violation(GuardDropReason.BINDING_TABLE_FULL, reportPort, vid, mac, now);
        }
    }

    // ------------------------------------------------------------------ counting and reporting

    /** Counts, reports within the throttle, and returns whether the frame may still pass. */
    private boolean violation(final GuardDropReason reason, final int port, final int vid, final long mac,
                              final long now) {
        counters.count(vid, reason);
        final int p = port >= 0 && port <= GuardSettings.MAX_PORT ? port : -1;
        ensurePort(p);
        final int i = (p + 1) * REASONS + reason.id();
        final long next = nextReport[i];
        // also report when the clock stepped back by more than an interval
        if (now >= next || next - now > logInterval) {
            final long missed = unreported[i];
            unreported[i] = 0;
            nextReport[i] = now + logInterval;
            counters.notifications++;
            listener.onViolation(reason, p, vid, mac, missed);
        } else {
            unreported[i]++;
            counters.suppressed++;
        }
        return !reason.dropped();
    }

    /** Grows the per-port arrays to hold {@code port}; the first sight of a higher port number allocates once. */
    private void ensurePort(final int port) {
        if (port < portTokens.length) {
            return;
        }
        int n = Math.max(MIN_PORTS, portTokens.length);
        while (n <= port) {
            n <<= 1;
        }
        n = Math.min(n, GuardSettings.MAX_PORT + 1);
        final int old = portTokens.length;
        portTokens = Arrays.copyOf(portTokens, n);
        portStamps = Arrays.copyOf(portStamps, n);
        Arrays.fill(portTokens, old, n, TokenBucket.full(portBurst)); // a new port starts with a full bucket
        final int oldReports = nextReport.length;
        nextReport = Arrays.copyOf(nextReport, (n + 1) * REASONS);
        unreported = Arrays.copyOf(unreported, (n + 1) * REASONS);
        Arrays.fill(nextReport, oldReports, nextReport.length, Long.MIN_VALUE);
    }
}
