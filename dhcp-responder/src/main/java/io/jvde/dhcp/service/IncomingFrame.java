package io.jvde.dhcp.service;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.Ipv4Header;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.dhcp.wire.UdpHeader;
import io.netty.buffer.ByteBuf;

/**
 * The one receive path of a frame for the switch's own addresses, shared by the DHCP server's service frames and the
 * relay agent: Ethernet with at most one 802.1Q tag and the destination check, then the IPv4 header and the UDP
 * destination port. Each receiver owns one instance and reuses it for every frame (the fields are the last frame's),
 * so nothing is allocated; a frame for another host is turned away after a few header reads.
 */
public final class IncomingFrame {
    public long dst;
    /** The EtherType, after the tag if any. */
    public int type;
    /** Offset of the ARP packet or IPv4 header, and the frame's bytes from there. */
    public int payload;
    public int available;
    public int headerLength;
    public int total;
    public int ipSrc;
    public int ipDst;
    public int protocol;
    /** Offset of the UDP header, the IP payload's length, and the UDP destination port (-1: not UDP or short). */
    public int udp;
    public int ipPayload;
    public int dstPort;

    /**
     * Reads the Ethernet header of the frame of {@code length} bytes at {@code frame}. Returns OK, TRUNCATED (a tag
     * without room for the type) or NOT_FOR_SERVER (unicast to another MAC than {@code ourMac}, or a group address
     * other than broadcast unless {@code anyGroup}), as {@link DhcpDropReason} ids.
     */
    public int ethernet(final ByteBuf buf, final int frame, final int length, final long ourMac,
                        final boolean anyGroup) {
        final int end = frame + length;
        final int typeOffset = LocalAnswers.etherTypeOffset(buf, frame, end);
        if (typeOffset < 0) {
            return DhcpDropReason.TRUNCATED.id();
        }
        dst = EthernetHeader.dst(buf, frame);
        if (dst != ourMac && dst != MacAddress.BROADCAST && !(anyGroup && MacAddress.isGroup(dst))) {
            return DhcpDropReason.NOT_FOR_SERVER.id(); // flooded unicast for another host
        }
        type = buf.getUnsignedShort(typeOffset);
        payload = EthernetHeader.payloadOffset(typeOffset);
        available = end - payload;
        return DhcpDropReason.OK;
    }

    /** Validates and reads the IPv4 header at {@link #payload}; returns its {@link DhcpDropReason} id or OK. */
    public int ipv4(final ByteBuf buf) {
        final int ip = payload;
        final int reason = Ipv4Header.validate(buf, ip, available);
        if (reason != DhcpDropReason.OK) {
            return reason;
        }
        headerLength = Ipv4Header.headerLength(buf, ip);
        total = Ipv4Header.totalLength(buf, ip);
        ipSrc = Ipv4Header.src(buf, ip);
        ipDst = Ipv4Header.dst(buf, ip);
        protocol = Ipv4Header.protocol(buf, ip);
        udp = ip + headerLength;
        ipPayload = total - headerLength;
        dstPort = protocol == Ipv4Header.PROTOCOL_UDP && ipPayload >= UdpHeader.LENGTH
            ? UdpHeader.dstPort(buf, udp) : -1;
        return DhcpDropReason.OK;
    }
}
