package io.jvde.dhcp.relay;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.service.IncomingFrame;
import io.jvde.dhcp.service.LocalAnswers;
import io.jvde.dhcp.wire.ArpPacket;
import io.jvde.dhcp.wire.DhcpMessage;
import io.jvde.dhcp.wire.DhcpMessageType;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.DhcpOptionCursor;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.Ipv4Header;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.dhcp.wire.RelayAgentInformation;
import io.jvde.dhcp.wire.UdpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An L2-attached DHCP relay agent (RFC 1542 §4.1, RFC 3046) on the switch port of the built-in responder. The glue
 * hands it every frame of a relayed VLAN or of the upstream VLAN that reaches that port (broadcasts and unicasts to
 * {@link RelaySettings#relayMac()}); it relays client BOOTREQUESTs to every configured server as unicast UDP 67 from
 * the upstream address, adding option 82, and delivers server BOOTREPLYs to the client's port after stripping the
 * option 82 it added. It answers ARP and ICMP echo for its own addresses and resolves the servers' (or the
 * gateway's) MACs itself, holding a few packets per next hop meanwhile. Frames go out through the {@link FrameSink}
 * untagged, with software IPv4 and UDP checksums.
 *
 * <p>With a {@linkplain RelaySettings#hostUplink() host uplink} there is no upstream VLAN: requests go to each
 * server through the {@link RelayUplink} (the host's UDP socket; no ARP, no held packets) and the glue hands the
 * servers' replies to {@link #onServerMessage}, which validates, strips option 82 and delivers them exactly as it
 * does replies that arrive as frames on the upstream VLAN.
 *
 * <p>Single-threaded: call every method on the switch's event-loop thread; call {@link #onTick} about once a second
 * for ARP retries and expiry. {@link #onFrame} never throws: expected outcomes are {@link RelayDropReason} ids.
 */
public final class RelayAgent {
    /** One frame: a 1500-byte IP datagram plus the Ethernet header, rounded up. */
    static final int SLOT_SIZE = 1536;
    /** ARP: request retry interval, tries before giving up, how long a reply is trusted, and when to re-ask. */
    static final long ARP_RETRY_MILLIS = 1_000;
    static final int ARP_MAX_TRIES = 3;
    static final long ARP_CACHE_MILLIS = 300_000;
    static final long ARP_REFRESH_MILLIS = 240_000;
    /** A held packet older than this is dropped: the client has retransmitted by then (RFC 2131 §4.1: 4 s). */
    static final long HOLD_MILLIS = 3_000;

    private static final int VLANS = 4096;
    private static final int IP = EthernetHeader.LENGTH;
    private static final int UDP = IP + Ipv4Header.MIN_LENGTH;
    private static final int DHCP = UDP + UdpHeader.LENGTH;
    private static final int IP_UDP = Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH;
    private static final int AGENT_OPTION = DhcpOptionCode.RELAY_AGENT_INFORMATION;

    private final FrameSink sink;
    /** Null unless the settings use a host uplink. */
    private final RelayUplink uplink;
    private final RelayListener listener;
    private final RelayCounters counters = new RelayCounters();
    private final BitSet trusted = new BitSet();
    private final CircuitTable circuits = new CircuitTable();
    private final DhcpMessage in = new DhcpMessage();
    private final DhcpMessage outMessage = new DhcpMessage();
    private final DhcpOptionCursor cursor = new DhcpOptionCursor();
    private final RelayAgentInformation agentInfo = new RelayAgentInformation();
    private final IncomingFrame incoming = new IncomingFrame();
    /** Relayed DHCP frames are built here; the sink copies before it returns. */
    private final ByteBuf out = Unpooled.directBuffer(SLOT_SIZE, SLOT_SIZE);
    /** ARP and ICMP frames, built while {@link #out} may hold a request being sent to several servers. */
    private final ByteBuf control = Unpooled.directBuffer(SLOT_SIZE, SLOT_SIZE);
    private IntFunction<String> descriptions = port -> null;

    private RelaySettings settings;
    private RelayVlan[] byVid;
    /** The relayed VLANs as an array: iterating the settings' list would allocate an iterator per reply. */
    private RelayVlan[] vlans;
    private byte[][] remoteIdByVid;
    private int[] ourAddresses;
    private NextHop[] nextHops;
    /** Per configured server: its next hop. */
    private NextHop[] serverHop;
    private int[] servers;
    private ByteBuf held;
    private int ipIdentification;

    private RelayAgent(final RelaySettings settings, final FrameSink sink, final RelayUplink uplink,
                       final RelayListener listener) {
        this.sink = sink;
        this.uplink = uplink;
        this.listener = listener;
        apply(settings, null);
    }

    /** Builds the agent; {@code listener} may be null. Sends nothing until the first frame or tick. */
    public static RelayAgent start(final RelaySettings settings, final FrameSink sink, final RelayListener listener) {
        return start(settings, sink, null, listener);
    }

    /**
     * As {@link #start(RelaySettings, FrameSink, RelayListener)}; {@code uplink} is required when
     * {@code settings} use a {@linkplain RelaySettings#hostUplink() host uplink} and must be null otherwise.
     */
    public static RelayAgent start(final RelaySettings settings, final FrameSink sink, final RelayUplink uplink,
                                   final RelayListener listener) {
        checkUplink(settings, uplink); // before the direct buffers are allocated
        return new RelayAgent(settings, sink, uplink, listener == null ? RelayListener.NONE : listener);
    }

    private static void checkUplink(final RelaySettings settings, final RelayUplink uplink) {
        if (settings.hostUplink() != (uplink != null)) {
            throw new IllegalArgumentException("hostUplink: " + settings.hostUplink() + " (expected: "
                + (uplink != null) + ", as the agent was started: a host uplink needs the host socket)");
        }
    }

    /** True for relayed VLANs and the upstream VLAN: the glue hands the agent frames of these. */
    public boolean handles(final int vid) {
        return vid >= 0 && vid < VLANS && (byVid[vid] != null
            || (!settings.hostUplink() && vid == settings.upstreamVlan()));
    }

    public RelaySettings settings() {
        return settings;
    }

    public RelayCounters counters() {
        return counters;
    }

    /** RFC 3046 §2.1: a trusted port may send option 82 with giaddr 0 (a trusted bridge below). Default untrusted. */
    public void setTrusted(final int port, final boolean value) {
        if (port >= 0) {
            trusted.set(port, value);
        }
    }

    public boolean trusted(final int port) {
        return port >= 0 && trusted.get(port);
    }

    /**
     * The port description lookup used for {@code {desc}} in circuit-id templates (null or a throwing lookup gives
     * ""). Circuit-ids are rendered once per (port, VLAN) and cached; this clears the cache.
     */
    public void setPortDescriptions(final IntFunction<String> lookup) {
        descriptions = lookup == null ? port -> null : lookup;
        circuits.forgetCurrent();
    }

    /** Renders circuit-ids again on the next request (after a port description changed). */
    public void refreshCircuitIds() {
        circuits.forgetCurrent();
    }

    /**
     * Applies new settings at run time. ARP entries of next hops that remain stay valid when the relay MAC and the
     * upstream VLAN and address are unchanged. Packets still waiting for ARP are dropped and counted as
     * {@link RelayDropReason#ARP_UNRESOLVED} (clients retransmit).
     * Circuit-ids already sent stay valid for replies whose VLAN is still relayed.
     */
    public void reconfigure(final RelaySettings next) {
        apply(next, settings);
        circuits.forgetCurrent();
    }

    private void apply(final RelaySettings next, final RelaySettings previous) {
        checkUplink(next, uplink);
        final RelayVlan[] vids = new RelayVlan[VLANS];
        final byte[][] remote = new byte[VLANS][];
        final int[] ours = new int[next.vlans().size() + 1];
        ours[0] = next.upstreamAddress();
        int i = 1;
        for (final RelayVlan v : next.vlans()) {
            vids[v.vid()] = v;
            remote[v.vid()] = (v.remoteId() == null ? next.switchName() : v.remoteId())
                .getBytes(StandardCharsets.UTF_8);
            ours[i++] = v.relayAddress();
        }
        final int[] addrs = next.servers();
        final List<NextHop> hops = new ArrayList<>();
        final NextHop[] perServer = new NextHop[addrs.length];
        for (int s = 0; s < addrs.length && !next.hostUplink(); s++) {
            final int hopIp = next.onUpstreamSubnet(addrs[s]) ? addrs[s] : next.gateway();
            NextHop hop = null;
            for (final NextHop h : hops) {
                if (h.ip == hopIp) {
                    hop = h;
                }
            }
            if (hop == null) {
                hop = new NextHop(hopIp, hops.size());
                hops.add(hop);
            }
            perServer[s] = hop;
        }
        final boolean keepArp = previous != null && previous.relayMac() == next.relayMac()
            && previous.upstreamVlan() == next.upstreamVlan() && previous.upstreamAddress() == next.upstreamAddress();
        if (nextHops != null) {
            for (final NextHop old : nextHops) {
                dropHeld(old, -1, RelayDropReason.ARP_UNRESOLVED);
                if (keepArp && old.state == NextHop.RESOLVED) {
                    for (final NextHop h : hops) {
                        if (h.ip == old.ip) {
                            h.mac = old.mac;
                            h.state = old.state;
                            h.expiresAt = old.expiresAt;
                            h.refreshAt = old.refreshAt;
                        }
                    }
                }
            }
        }
        final ByteBuf oldHeld = held;
        held = Unpooled.directBuffer(hops.size() * NextHop.HELD * SLOT_SIZE);
        if (oldHeld != null) {
            oldHeld.release();
        }
        settings = next;
        byVid = vids;
        vlans = next.vlans().toArray(new RelayVlan[0]);
        remoteIdByVid = remote;
        ourAddresses = ours;
        nextHops = hops.toArray(new NextHop[0]);
        serverHop = perServer;
        servers = addrs;
    }

    private boolean isOurs(final int address) {
        for (final int a : ourAddresses) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ frames

    /**
     * Handles one frame of {@code length} bytes at absolute {@code offset} of {@code frame} (reader and writer
     * indexes ignored) that entered on {@code port} in VLAN {@code vid}; untagged, one 802.1Q tag tolerated. Returns
     * {@link RelayDropReason#OK} or the id of the reason it was dropped. Never throws.
     */
    public int onFrame(final int port, final int vid, final ByteBuf frame, final int offset, final int length,
                       final long nowMillis) {
        int reason;
        long src = 0;
        try {
            if (frame == null || offset < 0 || length < EthernetHeader.LENGTH || offset + length > frame.capacity()) {
                reason = RelayDropReason.TRUNCATED.id();
            } else if (vid < 0 || vid >= VLANS || !handles(vid)) {
                reason = RelayDropReason.NOT_RELAYED_VLAN.id();
            } else {
                src = EthernetHeader.src(frame, offset);
                reason = dispatch(port, vid, frame, offset, length, src, nowMillis);
            }
        } catch (final RuntimeException e) {
            // A bug, not bad input: reads are bounds-checked before. Keep relaying for the others.
            reason = RelayDropReason.INTERNAL_ERROR.id();
        }
        if (reason != RelayDropReason.OK) {
            report(reason, port, vid, src);
        }
        return reason;
    }

    private void report(final int reason, final int port, final int vid, final long mac) {
        counters.count(reason, vid);
        listener.onDrop(RelayDropReason.of(reason), port, vid, mac);
    }

    private int dispatch(final int port, final int vid, final ByteBuf buf, final int frame, final int length,
                         final long src, final long now) {
        final IncomingFrame f = incoming;
        final int e = f.ethernet(buf, frame, length, settings.relayMac(), false); // multicast is not for us
        if (e != DhcpDropReason.OK) {
            return map(e, RelayDropReason.NOT_FOR_RELAY); // flooded unicast for another host, or multicast
        }
        final boolean upstream = vid == settings.upstreamVlan();
        if (f.type == EthernetHeader.TYPE_ARP) {
            return onArp(port, vid, buf, f.payload, f.available, src, upstream, now);
        }
        if (f.type != EthernetHeader.TYPE_IPV4) {
            return RelayDropReason.NOT_FOR_RELAY.id();
        }
        return onIpv4(port, vid, buf, src, upstream, now);
    }

    private static int map(final int dhcpReason, final RelayDropReason otherwise) {
        return dhcpReason == DhcpDropReason.TRUNCATED.id() ? RelayDropReason.TRUNCATED.id() : otherwise.id();
    }

    /** RFC 826: answer "who has" for our address on this VLAN; learn next hops from ARP addressed to us. */
    private int onArp(final int port, final int vid, final ByteBuf buf, final int arp, final int available,
                      final long src, final boolean upstream, final long now) {
        final int v = ArpPacket.validate(buf, arp, available);
        if (v != DhcpDropReason.OK) {
            return map(v, RelayDropReason.MALFORMED_ARP);
        }
        final int ours = upstream ? settings.upstreamAddress() : byVid[vid].relayAddress();
        final int tpa = ArpPacket.tpa(buf, arp);
        if (tpa != ours) {
            return RelayDropReason.NOT_FOR_RELAY.id();
        }
        final int oper = ArpPacket.oper(buf, arp);
        final long sha = ArpPacket.sha(buf, arp);
        final int spa = ArpPacket.spa(buf, arp);
        if (upstream) {
            learn(spa, sha, now); // RFC 826: a request to us also tells us the sender's MAC
        }
        if (oper == ArpPacket.OPER_REQUEST) {
            final int length = LocalAnswers.arpReply(buf, arp, sha, settings.relayMac(), ours, control, 0);
            counters.arpRepliesSent++;
            send(port, vid, control, 0, length); // to the asker's port, not by the MAC table
            return RelayDropReason.OK;
        }
        if (oper == ArpPacket.OPER_REPLY && upstream) {
            return RelayDropReason.OK; // learned above
        }
        return RelayDropReason.NOT_FOR_RELAY.id();
    }

    private int onIpv4(final int port, final int vid, final ByteBuf buf, final long src, final boolean upstream,
                       final long now) {
        final IncomingFrame f = incoming;
        final int v = f.ipv4(buf);
        if (v != DhcpDropReason.OK) {
            return map(v, RelayDropReason.BAD_IP);
        }
        final int ip = f.payload;
        final int headerLength = f.headerLength;
        final int total = f.total;
        final int ipSrc = f.ipSrc;
        final int ipDst = f.ipDst;
        final int protocol = f.protocol;
        final RelayVlan vlan = upstream ? null : byVid[vid];
        if (protocol == Ipv4Header.PROTOCOL_ICMP) {
            final boolean toUs = upstream ? isOurs(ipDst) : ipDst == vlan.relayAddress();
            if (!toUs) {
                return RelayDropReason.NOT_FOR_RELAY.id();
            }
            return onIcmp(port, vid, buf, ip, headerLength, total, src, ipSrc, ipDst);
        }
        final int udp = f.udp;
        final int ipPayload = f.ipPayload;
        if (f.dstPort != UdpHeader.PORT_SERVER) {
            return RelayDropReason.NOT_FOR_RELAY.id();
        }
        final boolean unicastToUs;
        if (upstream) {
            if (!isOurs(ipDst)) {
                return RelayDropReason.NOT_FOR_RELAY.id(); // another relay's traffic to a server
            }
            unicastToUs = true;
        } else {
            unicastToUs = ipDst == vlan.relayAddress();
            final int subnetBroadcast = vlan.relayAddress() | ~vlan.mask();
            if (!unicastToUs && ipDst != Ipv4Address.BROADCAST && ipDst != subnetBroadcast) {
                return RelayDropReason.NOT_FOR_RELAY.id(); // a client talking to a server on its own VLAN
            }
        }
        final int u = UdpHeader.validate(buf, udp, ipPayload, ipSrc, ipDst);
        if (u != DhcpDropReason.OK) {
            return map(u, RelayDropReason.BAD_UDP);
        }
        final int dhcp = udp + UdpHeader.LENGTH;
        final int dhcpLength = UdpHeader.length(buf, udp) - UdpHeader.LENGTH;
        if (upstream) {
            return fromServer(port, buf, dhcp, dhcpLength, ipSrc);
        }
        in.wrap(buf, dhcp, dhcpLength);
        final int m = in.validate();
        if (m != DhcpDropReason.OK) {
            return map(m, RelayDropReason.MALFORMED_DHCP);
        }
        return in.op() == DhcpMessage.OP_BOOTREQUEST ? relayRequest(port, vid, vlan, src, unicastToUs, now)
            : RelayDropReason.NOT_FOR_RELAY.id();
    }

    /**
     * A DHCP message from a server, from the upstream VLAN or the host uplink: only BOOTREPLYs are relayed
     * (RFC 1542 §4.1.2).
     */
    private int fromServer(final int port, final ByteBuf buf, final int dhcp, final int dhcpLength,
                           final int serverIp) {
        in.wrap(buf, dhcp, dhcpLength);
        final int m = in.validate();
        if (m != DhcpDropReason.OK) {
            return map(m, RelayDropReason.MALFORMED_DHCP);
        }
        return in.op() == DhcpMessage.OP_BOOTREPLY ? relayReply(port, serverIp) : RelayDropReason.NOT_FOR_RELAY.id();
    }

    /**
     * A DHCP message the host uplink received: {@code length} bytes at absolute {@code offset} of {@code dhcp}
     * (the UDP payload alone), sent by {@code sourceAddress}. Validated, stripped of option 82 and delivered to
     * the client's port exactly as a reply that arrives as a frame on the upstream VLAN. Returns
     * {@link RelayDropReason#OK} or the id of the reason it was dropped (counted under VLAN 0 with port
     * {@link FrameSink#FORWARD}). Never throws.
     */
    public int onServerMessage(final ByteBuf dhcp, final int offset, final int length, final int sourceAddress,
                               final long nowMillis) {
        int reason;
        try {
            if (dhcp == null || offset < 0 || length < 0 || offset + length > dhcp.capacity()) {
                reason = RelayDropReason.TRUNCATED.id();
            } else if (uplink == null) {
                reason = RelayDropReason.NOT_FOR_RELAY.id(); // frame mode: replies come as frames
            } else {
                reason = fromServer(FrameSink.FORWARD, dhcp, offset, length, sourceAddress);
            }
        } catch (final RuntimeException e) {
            reason = RelayDropReason.INTERNAL_ERROR.id();
        }
        if (reason != RelayDropReason.OK) {
            report(reason, FrameSink.FORWARD, settings.upstreamVlan(), 0);
        }
        return reason;
    }

    /** RFC 792: echo reply with the request's identifier, sequence and data, from the address pinged. */
    private int onIcmp(final int port, final int vid, final ByteBuf buf, final int ip, final int headerLength, final int total,
                       final long src, final int ipSrc, final int ipDst) {
        final int icmp = ip + headerLength;
        final int icmpLength = total - headerLength;
        final int kind = LocalAnswers.echo(buf, icmp, icmpLength, SLOT_SIZE);
        if (kind == LocalAnswers.NOT_ECHO_REQUEST) {
            return RelayDropReason.NOT_FOR_RELAY.id();
        }
        if (kind != LocalAnswers.ECHO_REQUEST) {
            return RelayDropReason.MALFORMED_ICMP.id();
        }
        final int length = LocalAnswers.echoReply(buf, icmp, icmpLength, src, settings.relayMac(), ipDst, ipSrc,
            nextIdentification(), control, 0);
        counters.icmpRepliesSent++;
        send(port, vid, control, 0, length); // to the pinging port alone
        return RelayDropReason.OK;
    }

    // ------------------------------------------------------------------ client -> server

    /** RFC 1542 §4.1.1 and RFC 3046 §2.1, on the message wrapped by {@link #in}. */
    private int relayRequest(final int port, final int vid, final RelayVlan vlan, final long src,
                             final boolean unicast, final long now) {
        final int hops = in.hops();
        if (hops > settings.hopsLimit()) {
            return RelayDropReason.HOPS_EXCEEDED.id(); // RFC 1542 §4.1.1: discard above the configured threshold
        }
        boolean hasAgentOption = false;
        int maxMessageSize = 0;
        cursor.wrap(in);
        while (cursor.next()) {
            if (cursor.code() == AGENT_OPTION) {
                hasAgentOption = true;
            } else if (cursor.code() == DhcpOptionCode.MAXIMUM_DHCP_MESSAGE_SIZE && cursor.valueLength() == 2) {
                maxMessageSize = in.buffer().getUnsignedShort(cursor.valueOffset());
            }
        }
        final int length = in.length();
        out.setBytes(DHCP, in.buffer(), in.offset(), length);
        outMessage.wrap(out, DHCP, length);
        outMessage.hops(hops + 1);
        int relayedLength = length;
        final int giaddr = in.giaddr();
        if (giaddr != 0) {
            if (isOurs(giaddr)) {
                return RelayDropReason.GIADDR_IS_OURS.id(); // RFC 3046 §2.1.1: our own packet came back
            }
            // RFC 3046 §2.1.1: a relay closer to the client set giaddr: forward unchanged, no second option 82
        } else if (hasAgentOption) {
            if (!trusted(port)) {
                return RelayDropReason.UNTRUSTED_OPTION_82.id(); // RFC 3046 §2.1: spoofing from an access port
            }
            outMessage.giaddr(giaddrFor(vlan)); // RFC 3046 §2.1: trusted bridge added 82; don't add a second one
        } else {
            outMessage.giaddr(giaddrFor(vlan));
            relayedLength = appendAgentOption(port, vid, vlan, length, maxMessageSize, unicast);
            if (relayedLength < 0) {
                relayedLength = length; // dhcrelay: "No room in packet ... relay agent option: omitted"
                report(RelayDropReason.RELAY_OPTION_OMITTED.id(), port, vid, src);
            }
        }
        return sendToServers(port, vid, src, relayedLength, now);
    }

    /** RFC 3527: with link selection the server replies to the upstream address; the subnet travels in 82. */
    private int giaddrFor(final RelayVlan vlan) {
        return vlan.linkSelection() ? settings.upstreamAddress() : vlan.relayAddress();
    }

    /**
     * RFC 3046 §2.1: option 82 goes last, right before END, in the options field (never sname/file, never with a
     * new overload). Returns the new message length, or -1 when it would exceed the size limit (ISC dhcrelay:
     * {@code -A} length, or the client's option 57 when at least 576).
     */
    private int appendAgentOption(final int port, final int vid, final RelayVlan vlan, final int length,
                                  final int maxMessageSize, final boolean unicast) {
        final int messageEnd = DHCP + length;
        int position = DHCP + DhcpMessage.OPTIONS_OFFSET;
        while (position < messageEnd) {
            final int code = out.getUnsignedByte(position);
            if (code == DhcpOptionCode.END) {
                break;
            }
            position += code == DhcpOptionCode.PAD ? 1 : 2 + out.getUnsignedByte(position + 1);
        }
        final byte[] circuit = circuits.bytes(circuitFor(port, vid, vlan));
        final byte[] remote = remoteIdByVid[vid];
        int valueLength = 2 + circuit.length + 2 + remote.length;
        if (vlan.linkSelection()) {
            valueLength += 2 + 4;
        }
        if (vlan.serverIdOverride()) {
            valueLength += 2 + 4 + 2 + 1;
        }
        final int newEnd = position + 2 + valueLength + 1;
        final int newLength = Math.max(length, newEnd - DHCP);
        int limit = settings.maxPacketSize();
        if (maxMessageSize >= DhcpMessage.MIN_MAX_DATAGRAM && maxMessageSize < limit) {
            limit = maxMessageSize; // RFC 2132 §9.10, as dhcrelay: honour the client's own limit when valid
        }
        if (newLength + IP_UDP > limit) {
            return -1;
        }
        int p = position;
        out.setByte(p++, AGENT_OPTION);
        out.setByte(p++, valueLength);
        p = subOption(p, RelayAgentInformation.CIRCUIT_ID, circuit);
        p = subOption(p, RelayAgentInformation.REMOTE_ID, remote);
        if (vlan.linkSelection()) {
            p = subOptionInt(p, RelayAgentInformation.LINK_SELECTION, vlan.relayAddress()); // RFC 3527 §3
        }
        if (vlan.serverIdOverride()) {
            p = subOptionInt(p, RelayAgentInformation.SERVER_ID_OVERRIDE, vlan.relayAddress()); // RFC 5107 §4
            out.setByte(p++, RelayAgentInformation.FLAGS); // RFC 5010 §4: bit 0 = the client unicast to us
            out.setByte(p++, 1);
            out.setByte(p++, unicast ? RelayAgentInformation.FLAG_UNICAST : 0);
        }
        out.setByte(p++, DhcpOptionCode.END);
        if (DHCP + newLength > p) {
            out.setZero(p, DHCP + newLength - p);
        }
        return newLength;
    }

    private int subOption(final int p, final int code, final byte[] value) {
        out.setByte(p, code);
        out.setByte(p + 1, value.length);
        out.setBytes(p + 2, value);
        return p + 2 + value.length;
    }

    private int subOptionInt(final int p, final int code, final int value) {
        out.setByte(p, code);
        out.setByte(p + 1, 4);
        out.setInt(p + 2, value);
        return p + 6;
    }

    /** The circuit entry of (port, vid), rendered on first use. */
    private int circuitFor(final int port, final int vid, final RelayVlan vlan) {
        final int current = circuits.current(port, vid);
        if (current >= 0) {
            return current;
        }
        String description;
        try {
            description = descriptions.apply(port);
        } catch (final RuntimeException e) {
            description = null;
        }
        return circuits.add(port, vid, CircuitIds.render(vlan.circuitIdTemplate(), settings.switchName(), port, vid,
            description));
    }

    /** RFC 3046 §2.1 / docs/dhcp.md §2.5 rule 5: unicast UDP 67 to 67 from the upstream address, to each server. */
    private int sendToServers(final int port, final int vid, final long src, final int dhcpLength, final long now) {
        if (uplink != null) {
            return sendThroughUplink(port, vid, src, dhcpLength);
        }
        final int udpLength = UdpHeader.LENGTH + dhcpLength;
        final int frameLength = DHCP + dhcpLength;
        final int from = settings.upstreamAddress();
        final int xid = outMessage.xid();
        final long chaddr = outMessage.chaddr();
        final int giaddr = outMessage.giaddr();
        int relayed = 0;
        int full = 0;
        for (int s = 0; s < servers.length; s++) {
            final int server = servers[s];
            final NextHop hop = serverHop[s];
            EthernetHeader.write(out, 0, hop.mac, settings.relayMac(), EthernetHeader.TYPE_IPV4);
            Ipv4Header.write(out, IP, IP_UDP + dhcpLength, nextIdentification(), Ipv4Header.PROTOCOL_UDP, from, server);
            UdpHeader.write(out, UDP, UdpHeader.PORT_SERVER, UdpHeader.PORT_SERVER, udpLength);
            UdpHeader.checksum(out, UDP, udpLength, from, server);
            if (hop.usable(now)) {
                if (now >= hop.refreshAt) {
                    hop.refreshAt = now + ARP_RETRY_MILLIS; // re-ask before the entry expires; keep using it
                    arpRequest(hop.ip);
                }
                send(FrameSink.FORWARD, settings.upstreamVlan(), out, 0, frameLength);
            } else if (!hold(hop, port, vid, src, frameLength, now)) {
                full++;
                continue;
            }
            relayed++;
            listener.onRelayed(RelayDirection.CLIENT_TO_SERVER, vid, port, xid, chaddr, giaddr, server);
        }
        // One count per server that could not take it; when none could, the last one is onFrame's return value.
        for (int i = relayed == 0 ? 1 : 0; i < full; i++) {
            report(RelayDropReason.ARP_QUEUE_FULL.id(), port, vid, src);
        }
        if (relayed == 0) {
            return RelayDropReason.ARP_QUEUE_FULL.id();
        }
        counters.requestRelayed(vid);
        return RelayDropReason.OK;
    }

    /** Host uplink: the same message to each server through the host's socket, which adds IP and UDP. */
    private int sendThroughUplink(final int port, final int vid, final long src, final int dhcpLength) {
        final int xid = outMessage.xid();
        final long chaddr = outMessage.chaddr();
        final int giaddr = outMessage.giaddr();
        int relayed = 0;
        int failed = 0;
        for (final int server : servers) {
            if (!uplink.toServer(server, out, DHCP, dhcpLength)) {
                failed++;
                continue;
            }
            relayed++;
            listener.onRelayed(RelayDirection.CLIENT_TO_SERVER, vid, port, xid, chaddr, giaddr, server);
        }
        // As with ARP_QUEUE_FULL: one count per server that failed; when all did, the last is the return value.
        for (int i = relayed == 0 ? 1 : 0; i < failed; i++) {
            report(RelayDropReason.UPLINK_SEND_FAILED.id(), port, vid, src);
        }
        if (relayed == 0) {
            return RelayDropReason.UPLINK_SEND_FAILED.id();
        }
        counters.requestRelayed(vid);
        return RelayDropReason.OK;
    }

    private boolean hold(final NextHop hop, final int port, final int vid, final long src, final int frameLength,
                         final long now) {
        final int slot = hop.freeSlot();
        if (slot < 0) {
            return false;
        }
        held.setBytes(hop.slotOffset(slot), out, 0, frameLength);
        hop.heldLength[slot] = frameLength;
        hop.heldPort[slot] = port;
        hop.heldVid[slot] = vid;
        hop.heldMac[slot] = src;
        hop.heldAt[slot] = now;
        hop.heldSeq[slot] = hop.nextSeq++;
        hop.heldCount++;
        counters.held++;
        if (hop.state != NextHop.RESOLVING) {
            hop.state = NextHop.RESOLVING;
            hop.tries = 1;
            hop.nextTryAt = now + ARP_RETRY_MILLIS;
            arpRequest(hop.ip);
        }
        return true;
    }

    // ------------------------------------------------------------------ server -> client

    /** RFC 1542 §4.1.2 and RFC 3046 §2.1, on the message wrapped by {@link #in}. */
    private int relayReply(final int port, final int serverIp) {
        final int giaddr = in.giaddr();
        // link selection (RFC 3527); a host uplink bound to 0.0.0.0 has no shared giaddr
        final boolean shared = giaddr != 0 && giaddr == settings.upstreamAddress();
        RelayVlan giVlan = null;
        if (!shared) {
            for (final RelayVlan v : vlans) {
                if (v.relayAddress() == giaddr) {
                    giVlan = v;
                }
            }
            if (giVlan == null) {
                return RelayDropReason.BOGUS_GIADDR.id(); // dhcrelay bogus_giaddr_drops
            }
        }
        int messageType = 0;
        cursor.wrap(in);
        while (cursor.next()) {
            if (cursor.code() == DhcpOptionCode.DHCP_MESSAGE_TYPE && cursor.valueLength() == 1) {
                messageType = in.buffer().getUnsignedByte(cursor.valueOffset());
            }
        }
        final ByteBuf buf = in.buffer();
        final int options = in.offset() + DhcpMessage.OPTIONS_OFFSET;
        final int end = in.offset() + in.length();
        int agent = -1;
        for (int p = options; p < end; ) {
            final int code = buf.getUnsignedByte(p);
            if (code == DhcpOptionCode.END) {
                break;
            }
            if (code == AGENT_OPTION && agent < 0) {
                agent = p;
            }
            p += code == DhcpOptionCode.PAD ? 1 : 2 + buf.getUnsignedByte(p + 1);
        }
        final int toPort;
        final RelayVlan target;
        if (agent < 0) {
            if (shared) {
                return RelayDropReason.AMBIGUOUS_GIADDR.id(); // systemd: cannot pick the VLAN, drop
            }
            target = giVlan;
            toPort = FrameSink.FORWARD;
            report(RelayDropReason.REPLY_WITHOUT_AGENT_OPTION.id(), port, target.vid(), in.chaddr());
        } else {
            agentInfo.wrap(buf, agent + 2, buf.getUnsignedByte(agent + 1));
            int entry = -1;
            while (agentInfo.next()) {
                if (agentInfo.code() == RelayAgentInformation.CIRCUIT_ID) {
                    entry = findCircuit(giVlan, agentInfo.valueOffset(), agentInfo.valueLength());
                    break;
                }
            }
            final RelayVlan circuitVlan = entry < 0 ? null : byVid[circuits.vid(entry)];
            if (circuitVlan == null) {
                return RelayDropReason.UNKNOWN_CIRCUIT.id();
            }
            target = circuitVlan;
            toPort = circuits.port(entry);
        }
        final int length = stripAgentOption(buf, in.offset(), in.length());
        outMessage.wrap(out, DHCP, length);
        deliver(toPort, target, length, messageType == DhcpMessageType.NAK, serverIp);
        return RelayDropReason.OK;
    }

    /**
     * The circuit entry on giaddr's VLAN; for the shared link-selection giaddr ({@code giVlan} null), on any VLAN
     * that uses link selection (RFC 3527). -1 when we did not generate it there.
     */
    private int findCircuit(final RelayVlan giVlan, final int offset, final int length) {
        final ByteBuf buf = in.buffer();
        if (giVlan != null) {
            return circuits.find(buf, offset, length, giVlan.vid());
        }
        for (final RelayVlan v : vlans) {
            if (v.linkSelection()) {
                final int entry = circuits.find(buf, offset, length, v.vid());
                if (entry >= 0) {
                    return entry;
                }
            }
        }
        return -1;
    }

    /**
     * RFC 3046 §2.1: removes every option 82 TLV from the options field while copying the message into the output
     * slot; every other byte, including what follows END, keeps its order (westermo/dhcp-helper#21 lost all options
     * after 82). Returns the new length, zero-padded to the BOOTP minimum of 300.
     */
    private int stripAgentOption(final ByteBuf buf, final int message, final int length) {
        final int options = message + DhcpMessage.OPTIONS_OFFSET;
        final int end = message + length;
        out.setBytes(DHCP, buf, message, DhcpMessage.OPTIONS_OFFSET);
        int to = DHCP + DhcpMessage.OPTIONS_OFFSET;
        int segment = options;
        int p = options;
        while (p < end) {
            final int code = buf.getUnsignedByte(p);
            if (code == DhcpOptionCode.END) {
                break;
            }
            if (code == DhcpOptionCode.PAD) {
                p++;
                continue;
            }
            final int next = p + 2 + buf.getUnsignedByte(p + 1);
            if (code == AGENT_OPTION) {
                out.setBytes(to, buf, segment, p - segment);
                to += p - segment;
                segment = next;
            }
            p = next;
        }
        out.setBytes(to, buf, segment, end - segment);
        to += end - segment;
        int newLength = to - DHCP;
        if (newLength < DhcpMessage.MIN_REPLY_LENGTH) {
            out.setZero(to, DhcpMessage.MIN_REPLY_LENGTH - newLength);
            newLength = DhcpMessage.MIN_REPLY_LENGTH;
        }
        return newLength;
    }

    /**
     * RFC 2131 §4.1 / RFC 1542 §5.4: BROADCAST bit (and every NAK, §4.3.2) → Ethernet and IP broadcast; otherwise
     * unicast to chaddr at yiaddr (ciaddr when yiaddr is 0, as for an INFORM's ACK). From the VLAN's relay address,
     * UDP 67 to 68, to the client's port only.
     */
    private void deliver(final int toPort, final RelayVlan vlan, final int dhcpLength, final boolean nak,
                         final int serverIp) {
        long ethDst = MacAddress.BROADCAST;
        int ipDst = Ipv4Address.BROADCAST;
        if (!nak && !outMessage.broadcast()) {
            final int address = outMessage.yiaddr() != 0 ? outMessage.yiaddr() : outMessage.ciaddr();
            if (address != 0) {
                ipDst = address;
                ethDst = outMessage.chaddr();
            }
        }
        final int from = vlan.relayAddress();
        final int udpLength = UdpHeader.LENGTH + dhcpLength;
        EthernetHeader.write(out, 0, ethDst, settings.relayMac(), EthernetHeader.TYPE_IPV4);
        Ipv4Header.write(out, IP, IP_UDP + dhcpLength, nextIdentification(), Ipv4Header.PROTOCOL_UDP, from, ipDst);
        UdpHeader.write(out, UDP, UdpHeader.PORT_SERVER, UdpHeader.PORT_CLIENT, udpLength);
        UdpHeader.checksum(out, UDP, udpLength, from, ipDst);
        send(toPort, vlan.vid(), out, 0, DHCP + dhcpLength);
        counters.replyRelayed(vlan.vid());
        listener.onRelayed(RelayDirection.SERVER_TO_CLIENT, vlan.vid(), toPort, outMessage.xid(),
            outMessage.chaddr(), outMessage.giaddr(), serverIp);
    }

    // ------------------------------------------------------------------ ARP resolution

    /** Learns {@code mac} for {@code ip} when it is one of our next hops, and sends what waited for it. */
    private void learn(final int ip, final long mac, final long now) {
        for (final NextHop hop : nextHops) {
            if (hop.ip != ip) {
                continue;
            }
            hop.mac = mac;
            hop.state = NextHop.RESOLVED;
            hop.expiresAt = now + ARP_CACHE_MILLIS;
            hop.refreshAt = now + ARP_REFRESH_MILLIS;
            hop.tries = 0;
            // Oldest first, so a DISCOVER still precedes the REQUEST that followed it.
            for (int slot = hop.oldestHeld(); slot >= 0; slot = hop.oldestHeld()) {
                final int offset = hop.slotOffset(slot);
                MacAddress.write(held, offset + EthernetHeader.DST_OFFSET, mac);
                send(FrameSink.FORWARD, settings.upstreamVlan(), held, offset, hop.heldLength[slot]);
                release(hop, slot);
            }
        }
    }

    private void release(final NextHop hop, final int slot) {
        hop.heldLength[slot] = 0;
        hop.heldCount--;
        counters.held--;
    }

    private void arpRequest(final int target) {
        final int arp = EthernetHeader.write(control, 0, MacAddress.BROADCAST, settings.relayMac(),
            EthernetHeader.TYPE_ARP);
        final int end = ArpPacket.write(control, arp, ArpPacket.OPER_REQUEST, settings.relayMac(),
            settings.upstreamAddress(), 0, target);
        counters.arpRequestsSent++;
        send(FrameSink.FORWARD, settings.upstreamVlan(), control, 0, pad(control, 0, end));
    }

    /**
     * ARP retries (every {@value #ARP_RETRY_MILLIS} ms, {@value #ARP_MAX_TRIES} tries), expiry of held packets
     * (after {@value #HOLD_MILLIS} ms) and of cache entries (after {@value #ARP_CACHE_MILLIS} ms). Never throws.
     */
    public void onTick(final long nowMillis) {
        try {
            for (final NextHop hop : nextHops) {
                tick(hop, nowMillis);
            }
        } catch (final RuntimeException e) {
            counters.count(RelayDropReason.INTERNAL_ERROR.id(), 0);
        }
    }

    private void tick(final NextHop hop, final long now) {
        if (hop.state == NextHop.RESOLVED && now >= hop.expiresAt) {
            hop.state = NextHop.UNRESOLVED;
        }
        if (hop.state != NextHop.RESOLVING) {
            return;
        }
        dropHeld(hop, now - HOLD_MILLIS, RelayDropReason.ARP_UNRESOLVED);
        if (now < hop.nextTryAt) {
            return;
        }
        if (hop.tries < ARP_MAX_TRIES) {
            hop.tries++;
            hop.nextTryAt = now + ARP_RETRY_MILLIS;
            arpRequest(hop.ip);
        } else {
            hop.state = NextHop.UNRESOLVED; // the next packet for it starts again
            dropHeld(hop, Long.MAX_VALUE, RelayDropReason.ARP_UNRESOLVED);
        }
    }

    /** Drops the held packets of {@code hop} held at or before {@code heldBefore} ({@code -1}: all). */
    private void dropHeld(final NextHop hop, final long heldBefore, final RelayDropReason reason) {
        for (int slot = 0; slot < NextHop.HELD; slot++) {
            if (hop.heldLength[slot] != 0 && (heldBefore == -1 || hop.heldAt[slot] <= heldBefore)) {
                report(reason.id(), hop.heldPort[slot], hop.heldVid[slot], hop.heldMac[slot]);
                release(hop, slot);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void send(final int port, final int vid, final ByteBuf buf, final int offset, final int length) {
        counters.framesSent++;
        sink.send(port, vid, buf, offset, length);
    }

    private int nextIdentification() {
        ipIdentification = (ipIdentification + 1) & 0xFFFF;
        return ipIdentification;
    }

    /** Zero-pads a short frame to the Ethernet minimum (IEEE 802.3 §3.2.8); returns its length. */
    private static int pad(final ByteBuf buf, final int frame, final int end) {
        return LocalAnswers.pad(buf, frame, end - frame);
    }

    /** Frees the agent's direct buffers; the agent must not be used afterwards. */
    public void close() {
        out.release();
        control.release();
        held.release();
    }
}
