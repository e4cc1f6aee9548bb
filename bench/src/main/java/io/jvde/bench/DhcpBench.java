package io.jvde.bench;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.server.DhcpEventListener;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.wire.DhcpMessage;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.Ipv4Header;
import io.jvde.dhcp.wire.UdpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The state both DHCP benchmarks share: a real {@link DhcpResponder} on the scope bench/dhcp.sh serves (198.18.0.0/15,
 * pool 198.18.1.0-198.19.255.254, 130,815 addresses, server 198.18.0.1), with an in-memory lease journal (the file
 * journal's fsync is measured end to end by bench/dhcp.sh, not here), no event listener (the switch's one-line log per
 * exchange is the glue's, not the responder's) and a sink that only counts the frames it is given.
 *
 * <p>{@code clients} clients are bound first, through real DISCOVER/REQUEST exchanges, so the lease table holds that
 * many leases. Every client then has one prepared DISCOVER and one prepared REQUEST (SELECTING: server identifier and
 * requested address = its lease), built byte by byte as perfdhcp or a VM sends them, with correct IPv4 and UDP
 * checksums, laid out one after another in one direct buffer (the engine hands the responder frames from direct
 * buffers). Operation n takes client n mod {@code clients}, so lookups walk the whole table.
 *
 * <p>Steady state: a DISCOVER from a bound client is answered with its current address (no state change); a REQUEST
 * for it is ACKed and extends the same lease (one journal record). Nothing accumulates from one operation to the next.
 */
final class DhcpBench {
    static final long START = 1_700_000_000_000L;
    static final int PORT = 1;
    static final int VID = 0;
    static final int SERVER_IP = Ipv4Address.parse("198.18.0.1");
    static final int RELAY_IP = Ipv4Address.parse("198.18.0.2");
    static final long RELAY_MAC = 0x0200_0000_0002L;
    /** perfdhcp's default base MAC; client i is base + i. */
    static final long CLIENT_MAC_BASE = 0x000C_0102_0304L;
    static final int DHCP_OFFSET = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH;
    /** A client message padded to 300 bytes of BOOTP, as dhclient and perfdhcp send. */
    static final int FRAME_LENGTH = DHCP_OFFSET + 300;
    static final int STRIDE = 384;
    static final int[] PRL = {1, 3, 6, 15, 28, 51, 58, 59};

    final DhcpResponder responder;
    final ByteBuf discovers;
    final ByteBuf requests;
    final int clients;
    long sent;
    private int lastYiaddr;
    private int next;

    DhcpBench(final int clients, final DhcpPath path) {
        this.clients = clients;
        final DhcpSettings settings = DhcpSettings.builder().scope(Scope.builder(VID, "198.18.0.0/15").name("bench")
            .range("198.18.1.0", "198.19.255.254").serverIp("198.18.0.1").leaseTime(86_400).build()).build();
        responder = DhcpResponder.start(settings, LeaseJournal.inMemory(), (port, vid, frame, offset, length) -> {
            sent++;
            lastYiaddr = frame.getInt(offset + DHCP_OFFSET + DhcpMessage.YIADDR_OFFSET);
        }, DhcpEventListener.NONE, START);
        discovers = Unpooled.directBuffer(clients * STRIDE, clients * STRIDE);
        requests = Unpooled.directBuffer(clients * STRIDE, clients * STRIDE);
        final long serverMac = responder.serverMac();
        for (int i = 0; i < clients; i++) {
            final long mac = CLIENT_MAC_BASE + i;
            write(discovers, i * STRIDE, path, serverMac, mac, 1, 0x1000_0000 + i, 0);
            check(responder.onFrame(PORT, VID, discovers, i * STRIDE, FRAME_LENGTH, START), "DISCOVER", i);
            final int offered = lastYiaddr;
            write(requests, i * STRIDE, path, serverMac, mac, 3, 0x2000_0000 + i, offered);
            final long before = sent;
            check(responder.onFrame(PORT, VID, requests, i * STRIDE, FRAME_LENGTH, START), "REQUEST", i);
            responder.flush();
            if (sent != before + 1 || lastYiaddr != offered) {
                throw new IllegalStateException("setup: no ACK of " + Ipv4Address.toString(offered) + " for client " + i);
            }
        }
        if (responder.leaseTable(VID).size() != clients) {
            throw new IllegalStateException("setup: " + responder.leaseTable(VID).size() + " leases, expected " + clients);
        }
    }

    /** Offset of the next client's frame (in either buffer). */
    int next() {
        final int i = next;
        next = i + 1 == clients ? 0 : i + 1;
        return i * STRIDE;
    }

    private static void check(final int reason, final String what, final int client) {
        if (reason != DhcpDropReason.OK) {
            throw new IllegalStateException("setup: " + what + " of client " + client + " dropped: "
                + DhcpDropReason.of(reason));
        }
    }

    /** Writes one client frame of {@link #FRAME_LENGTH} bytes at {@code f}; {@code requested} 0 for DISCOVER. */
    private static void write(final ByteBuf b, final int f, final DhcpPath path, final long serverMac, final long mac,
                              final int type, final int xid, final int requested) {
        b.setZero(f, STRIDE);
        final boolean relayed = path == DhcpPath.RELAYED;
        putMac(b, f, relayed ? serverMac : 0xFFFF_FFFF_FFFFL);
        putMac(b, f + 6, relayed ? RELAY_MAC : mac);
        b.setShort(f + 12, EthernetHeader.TYPE_IPV4);
        final int ip = f + EthernetHeader.LENGTH;
        final int src = relayed ? RELAY_IP : 0;
        final int dst = relayed ? SERVER_IP : Ipv4Address.BROADCAST;
        b.setByte(ip, 0x45);
        b.setShort(ip + 2, FRAME_LENGTH - EthernetHeader.LENGTH);
        b.setByte(ip + 8, 64);
        b.setByte(ip + 9, Ipv4Header.PROTOCOL_UDP);
        b.setInt(ip + 12, src);
        b.setInt(ip + 16, dst);
        b.setShort(ip + 10, ipChecksum(b, ip));
        final int udp = ip + Ipv4Header.MIN_LENGTH;
        final int udpLength = FRAME_LENGTH - EthernetHeader.LENGTH - Ipv4Header.MIN_LENGTH;
        b.setShort(udp, relayed ? UdpHeader.PORT_SERVER : UdpHeader.PORT_CLIENT);
        b.setShort(udp + 2, UdpHeader.PORT_SERVER);
        b.setShort(udp + 4, udpLength);
        final int d = udp + UdpHeader.LENGTH;
        b.setByte(d + DhcpMessage.OP_OFFSET, DhcpMessage.OP_BOOTREQUEST);
        b.setByte(d + DhcpMessage.HTYPE_OFFSET, 1);
        b.setByte(d + DhcpMessage.HLEN_OFFSET, 6);
        b.setByte(d + DhcpMessage.HOPS_OFFSET, relayed ? 1 : 0);
        b.setInt(d + DhcpMessage.XID_OFFSET, xid);
        b.setInt(d + DhcpMessage.GIADDR_OFFSET, relayed ? RELAY_IP : 0);
        putMac(b, d + DhcpMessage.CHADDR_OFFSET, mac);
        b.setInt(d + DhcpMessage.COOKIE_OFFSET, DhcpMessage.MAGIC_COOKIE);
        int o = d + DhcpMessage.OPTIONS_OFFSET;
        o = option(b, o, 53, 1);
        b.setByte(o++, type);
        o = option(b, o, 61, 7);
        b.setByte(o++, 1);
        putMac(b, o, mac);
        o += 6;
        if (requested != 0) {
            o = option(b, o, 50, 4);
            b.setInt(o, requested);
            o += 4;
            o = option(b, o, 54, 4);
            b.setInt(o, SERVER_IP);
            o += 4;
        }
        o = option(b, o, 55, PRL.length);
        for (final int code : PRL) {
            b.setByte(o++, code);
        }
        b.setByte(o, 255);
        UdpHeader.checksum(b, udp, udpLength, src, dst);
    }

    private static int option(final ByteBuf b, final int o, final int code, final int length) {
        b.setByte(o, code);
        b.setByte(o + 1, length);
        return o + 2;
    }

    private static void putMac(final ByteBuf b, final int at, final long mac) {
        b.setShort(at, (int) (mac >>> 32));
        b.setInt(at + 2, (int) mac);
    }

    private static int ipChecksum(final ByteBuf b, final int ip) {
        long sum = 0;
        for (int i = 0; i < Ipv4Header.MIN_LENGTH; i += 2) {
            sum += b.getUnsignedShort(ip + i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
