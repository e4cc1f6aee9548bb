package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.service.Datagram;
import io.jvde.dhcp.service.IncomingFrame;
import io.jvde.dhcp.service.LocalAnswers;
import io.jvde.dhcp.service.UdpReplies;
import io.jvde.dhcp.service.UdpService;
import io.jvde.dhcp.wire.ArpPacket;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.IcmpEcho;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.Ipv4Header;
import io.jvde.dhcp.wire.UdpHeader;
import io.netty.buffer.ByteBuf;

/**
 * The one receive path and reply path of everything the switch answers itself on a served VLAN: Ethernet (one
 * 802.1Q tag tolerated), then ARP requests and ICMP echo for the scope's server address (RFC 826, RFC 792), then
 * UDP by destination port: 67 to the DHCP server, any other registered port (DNS, TFTP) to its {@link UdpService}
 * when the datagram is unicast to the server address. Replies are built in the {@link Outbound} ring and go to the
 * port the request came from alone. A frame not for the services is rejected after reading a few header fields:
 * nothing is allocated for it.
 */
final class ServiceFrames implements UdpReplies {
    /** Services by port: a handful at most (DNS, TFTP and its transfer range), searched linearly. */
    static final int MAX_SERVICES = 8;

    private final DhcpServer server;
    private final Outbound out;
    private final DhcpCounters counters;
    private final int[] portLow = new int[MAX_SERVICES];
    private final int[] portHigh = new int[MAX_SERVICES];
    private final UdpService[] services = new UdpService[MAX_SERVICES];
    private final Datagram datagram = new Datagram();
    private final IncomingFrame incoming = new IncomingFrame();
    private int serviceCount;
    long serverMac;
    private int ipIdentification;
    /** The frame {@link #begin()} reserved. */
    private int pendingFrame = -1;

    ServiceFrames(final DhcpServer server, final Outbound out, final DhcpCounters counters, final long serverMac) {
        this.server = server;
        this.out = out;
        this.counters = counters;
        this.serverMac = serverMac;
    }

    /** Registers {@code service} for destination ports {@code low..high} (not 67, which is DHCP's). */
    void register(final int low, final int high, final UdpService service) {
        if (low < 1 || high > 0xFFFF || low > high || (low <= UdpHeader.PORT_SERVER && high >= UdpHeader.PORT_SERVER)) {
            throw new IllegalArgumentException("udp ports " + low + ".." + high + " (expected: 1..65535, not 67)");
        }
        if (serviceCount == MAX_SERVICES) {
            throw new IllegalStateException("udp services: " + MAX_SERVICES + " already registered");
        }
        portLow[serviceCount] = low;
        portHigh[serviceCount] = high;
        services[serviceCount++] = service;
    }

    private UdpService serviceFor(final int port) {
        for (int i = 0; i < serviceCount; i++) {
            if (port >= portLow[i] && port <= portHigh[i]) {
                return services[i];
            }
        }
        return null;
    }

    int dispatch(final int port, final int vid, final ByteBuf buf, final int frame, final int length,
                 final long src, final long now) {
        final ScopeRuntime scope = server.scope(vid);
        if (scope == null) {
            return DhcpDropReason.NO_SCOPE.id();
        }
        final IncomingFrame f = incoming;
        final int reason = f.ethernet(buf, frame, length, serverMac, true);
        if (reason != DhcpDropReason.OK) {
            return reason;
        }
        if (f.type == EthernetHeader.TYPE_ARP) {
            return onArp(port, vid, buf, f.payload, f.available, src, scope);
        }
        if (f.type != EthernetHeader.TYPE_IPV4) {
            return DhcpDropReason.NOT_IP_OR_ARP.id();
        }
        return onIpv4(port, vid, buf, src, f.dst, scope, now);
    }

    private int onIpv4(final int port, final int vid, final ByteBuf buf, final long src, final long dst,
                       final ScopeRuntime scope, final long now) {
        final IncomingFrame f = incoming;
        int reason = f.ipv4(buf);
        if (reason != DhcpDropReason.OK) {
            return reason;
        }
        final int ip = f.payload;
        final int headerLength = f.headerLength;
        final int total = f.total;
        final int ipSrc = f.ipSrc;
        final int ipDst = f.ipDst;
        final int protocol = f.protocol;
        if (protocol == Ipv4Header.PROTOCOL_ICMP) {
            if (ipDst != scope.serverIp) {
                return DhcpDropReason.NOT_FOR_SERVER.id();
            }
            return onIcmp(port, vid, buf, ip, headerLength, total, src, ipSrc, scope);
        }
        if (protocol != Ipv4Header.PROTOCOL_UDP) {
            return DhcpDropReason.NOT_FOR_SERVER.id();
        }
        final boolean unicast = ipDst == scope.serverIp;
        final int udp = f.udp;
        final int dstPort = f.dstPort;
        final UdpService service = dstPort == UdpHeader.PORT_SERVER ? null : serviceFor(dstPort);
        if (dstPort >= 0 && dstPort != UdpHeader.PORT_SERVER && (service == null || !unicast || dst != serverMac)) {
            return DhcpDropReason.NOT_FOR_SERVER.id(); // decided before the checksum: other traffic costs nothing
        }
        reason = UdpHeader.validate(buf, udp, total - headerLength, ipSrc, ipDst);
        if (reason != DhcpDropReason.OK) {
            return reason;
        }
        final int data = udp + UdpHeader.LENGTH;
        final int dataLength = UdpHeader.length(buf, udp) - UdpHeader.LENGTH;
        if (service != null) {
            datagram.set(port, vid, src, ipSrc, UdpHeader.srcPort(buf, udp), ipDst, dstPort);
            return service.onDatagram(datagram, buf, data, dataLength, now);
        }
        if (!unicast && ipDst != Ipv4Address.BROADCAST && ipDst != scope.scope.broadcast()) {
            return DhcpDropReason.NOT_FOR_SERVER.id(); // e.g. a relay talking to another server
        }
        return server.onMessage(port, vid, buf, data, dataLength, src, ipSrc, unicast && dst == serverMac, now);
    }

    /** RFC 826: answer "who has serverIp" so RENEWING clients (RFC 2131 §4.4.5) can unicast to us. */
    private int onArp(final int port, final int vid, final ByteBuf buf, final int arp, final int available,
                      final long src, final ScopeRuntime scope) {
        final int reason = ArpPacket.validate(buf, arp, available);
        if (reason != DhcpDropReason.OK) {
            return reason;
        }
        if (!LocalAnswers.asksFor(buf, arp, scope.serverIp)) {
            return DhcpDropReason.NOT_FOR_SERVER.id();
        }
        final int frame = out.nextOffset();
        final int length = LocalAnswers.arpReply(buf, arp, src, serverMac, scope.serverIp, out.buffer(), frame);
        counters.arpReplies++;
        out.sendNow(frame, port, vid, length);
        return DhcpDropReason.OK;
    }

    /** RFC 792: echo reply with the request's identifier, sequence and data. */
    private int onIcmp(final int port, final int vid, final ByteBuf buf, final int ip, final int headerLength,
                       final int total, final long src, final int ipSrc, final ScopeRuntime scope) {
        final int icmp = ip + headerLength;
        final int icmpLength = total - headerLength;
        switch (LocalAnswers.echo(buf, icmp, icmpLength, Outbound.SLOT_SIZE)) {
            case LocalAnswers.MALFORMED:
                return IcmpEcho.validate(buf, icmp, icmpLength); // its reason: bad length or checksum
            case LocalAnswers.NOT_ECHO_REQUEST:
                return DhcpDropReason.NOT_FOR_SERVER.id();
            case LocalAnswers.OVERSIZED:
                return DhcpDropReason.OVERSIZED.id();
            default:
                break;
        }
        final int frame = out.nextOffset();
        final int length = LocalAnswers.echoReply(buf, icmp, icmpLength, src, serverMac, scope.serverIp, ipSrc, 0,
            out.buffer(), frame);
        counters.icmpReplies++;
        out.sendNow(frame, port, vid, length);
        return DhcpDropReason.OK;
    }

    // ------------------------------------------------------------------ the reply path of the UDP services

    @Override
    public ByteBuf buffer() {
        return out.buffer();
    }

    @Override
    public int begin() {
        pendingFrame = out.nextOffset();
        return pendingFrame + HEADERS;
    }

    static final int HEADERS = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH;

    @Override
    public void reply(final Datagram to, final int payloadLength) {
        send(to.ingressPort(), to.vid(), to.srcMac(), to.srcIp(), to.srcPort(), to.dstIp(), to.dstPort(),
            payloadLength);
    }

    @Override
    public void send(final int port, final int vid, final long dstMac, final int dstIp, final int dstPort,
                     final int srcIp, final int srcPort, final int payloadLength) {
        final int frame = pendingFrame;
        pendingFrame = -1;
        if (frame < 0 || payloadLength < 0 || payloadLength > MAX_PAYLOAD) {
            throw new IllegalStateException("udp reply: " + payloadLength + " bytes (expected: begin() first, at"
                + " most " + MAX_PAYLOAD + ")");
        }
        final ByteBuf o = out.buffer();
        final int ip = EthernetHeader.write(o, frame, dstMac, serverMac, EthernetHeader.TYPE_IPV4);
        final int udpLength = UdpHeader.LENGTH + payloadLength;
        final int udp = Ipv4Header.write(o, ip, Ipv4Header.MIN_LENGTH + udpLength, ipIdentification++ & 0xFFFF,
            Ipv4Header.PROTOCOL_UDP, srcIp, dstIp);
        UdpHeader.write(o, udp, srcPort, dstPort, udpLength);
        UdpHeader.checksum(o, udp, udpLength, srcIp, dstIp);
        final int length = LocalAnswers.pad(o, frame, HEADERS + payloadLength);
        out.sendNow(frame, port, vid, length);
    }
}
