package io.jvde.dhcp.service;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.wire.ArpPacket;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.IcmpEcho;
import io.jvde.dhcp.wire.Ipv4Header;
import io.netty.buffer.ByteBuf;

/**
 * The one layer-2/3 receive and reply code of the switch's own addresses, shared by the DHCP server's service
 * frames ({@code io.jvde.dhcp.server.ServiceFrames}: the scopes' server addresses) and the relay agent (its relay
 * and upstream addresses): the Ethernet type after at most one 802.1Q tag, the ARP request and ICMP echo request
 * checks, and the ARP reply (RFC 826) and echo reply (RFC 792) frames, built into the caller's buffer for the
 * caller to send to the asking port alone. Stateless; nothing is allocated.
 */
public final class LocalAnswers {
    /** {@link #echo}: a well-formed ICMP echo request (code 0). */
    public static final int ECHO_REQUEST = 0;
    /** {@link #echo}: valid ICMP, but not an echo request. */
    public static final int NOT_ECHO_REQUEST = 1;
    /** {@link #echo}: bad length or checksum. */
    public static final int MALFORMED = 2;
    /** {@link #echo}: the reply would not fit the caller's frame buffer. */
    public static final int OVERSIZED = 3;

    private LocalAnswers() {
    }

    /**
     * The offset of the EtherType of the frame at {@code frame} (ending at {@code end}), after one 802.1Q tag if
     * there is one; -1 when the tag leaves no room for it.
     */
    public static int etherTypeOffset(final ByteBuf buf, final int frame, final int end) {
        int typeOffset = frame + EthernetHeader.ETHER_TYPE_OFFSET;
        if (buf.getUnsignedShort(typeOffset) == EthernetHeader.TYPE_VLAN) {
            typeOffset += EthernetHeader.TAG_LENGTH;
            if (typeOffset + EthernetHeader.ETHER_TYPE_LENGTH > end) {
                return -1;
            }
        }
        return typeOffset;
    }

    /** True for a validated ARP packet at {@code arp} that asks who has {@code ip} (RFC 826). */
    public static boolean asksFor(final ByteBuf buf, final int arp, final int ip) {
        return ArpPacket.oper(buf, arp) == ArpPacket.OPER_REQUEST && ArpPacket.tpa(buf, arp) == ip;
    }

    /**
     * RFC 826: writes at {@code frame} of {@code o} the reply to the ARP request at {@code arp} of {@code in}
     * ({@code mac} has {@code ip}), sent to {@code dstMac}; returns the frame's length, padded.
     */
    public static int arpReply(final ByteBuf in, final int arp, final long dstMac, final long mac, final int ip,
                               final ByteBuf o, final int frame) {
        final long sha = ArpPacket.sha(in, arp);
        final int spa = ArpPacket.spa(in, arp);
        final int reply = EthernetHeader.write(o, frame, dstMac, mac, EthernetHeader.TYPE_ARP);
        final int end = ArpPacket.write(o, reply, ArpPacket.OPER_REPLY, mac, ip, sha, spa);
        return pad(o, frame, end - frame);
    }

    /**
     * RFC 792: classifies the ICMP message of {@code icmpLength} bytes at {@code icmp}; {@code room} is the largest
     * frame the caller can build a reply in.
     */
    public static int echo(final ByteBuf in, final int icmp, final int icmpLength, final int room) {
        if (IcmpEcho.validate(in, icmp, icmpLength) != DhcpDropReason.OK) {
            return MALFORMED;
        }
        if (IcmpEcho.type(in, icmp) != IcmpEcho.TYPE_ECHO_REQUEST || IcmpEcho.code(in, icmp) != 0) {
            return NOT_ECHO_REQUEST;
        }
        return EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + icmpLength > room ? OVERSIZED : ECHO_REQUEST;
    }

    /**
     * RFC 792: writes at {@code frame} of {@code o} the echo reply to the request of {@code icmpLength} bytes at
     * {@code icmp} of {@code in} (its identifier, sequence and data), from {@code mac} and {@code fromIp} to
     * {@code dstMac} and {@code toIp}; returns the frame's length, padded. {@link #echo} said it fits.
     */
    public static int echoReply(final ByteBuf in, final int icmp, final int icmpLength, final long dstMac,
                                final long mac, final int fromIp, final int toIp, final int identification,
                                final ByteBuf o, final int frame) {
        final int ip = EthernetHeader.write(o, frame, dstMac, mac, EthernetHeader.TYPE_IPV4);
        final int reply = Ipv4Header.write(o, ip, Ipv4Header.MIN_LENGTH + icmpLength, identification,
            Ipv4Header.PROTOCOL_ICMP, fromIp, toIp);
        o.setBytes(reply, in, icmp, icmpLength);
        IcmpEcho.finish(o, reply, icmpLength, IcmpEcho.TYPE_ECHO_REPLY);
        return pad(o, frame, reply + icmpLength - frame);
    }

    /** Zero-pads a short frame to the Ethernet minimum (IEEE 802.3 §3.2.8); returns its length. */
    public static int pad(final ByteBuf o, final int frame, final int length) {
        if (length >= EthernetHeader.MIN_FRAME_LENGTH) {
            return length;
        }
        o.setZero(frame + length, EthernetHeader.MIN_FRAME_LENGTH - length);
        return EthernetHeader.MIN_FRAME_LENGTH;
    }
}
