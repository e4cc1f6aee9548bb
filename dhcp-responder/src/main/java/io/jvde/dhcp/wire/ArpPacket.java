package io.jvde.dhcp.wire;

import io.jvde.dhcp.DhcpDropReason;
import io.netty.buffer.ByteBuf;

/**
 * An Ethernet/IPv4 ARP packet (RFC 826). The responder answers requests for its own server address, so RENEWING
 * clients can unicast to it.
 *
 * <pre>
 *  0        2        4    5    6        8              14       18             24       28
 * +--------+--------+----+----+--------+--------------+--------+--------------+--------+
 * | htype  | ptype  |hlen|plen|  oper  | sha (6)      | spa (4)| tha (6)      | tpa (4)|
 * +--------+--------+----+----+--------+--------------+--------+--------------+--------+
 * </pre>
 */
public final class ArpPacket {
    public static final int HTYPE_OFFSET = 0;
    public static final int PTYPE_OFFSET = HTYPE_OFFSET + 2;
    public static final int HLEN_OFFSET = PTYPE_OFFSET + 2;
    public static final int PLEN_OFFSET = HLEN_OFFSET + 1;
    public static final int OPER_OFFSET = PLEN_OFFSET + 1;
    public static final int SHA_OFFSET = OPER_OFFSET + 2;
    public static final int SPA_OFFSET = SHA_OFFSET + MacAddress.LENGTH;
    public static final int THA_OFFSET = SPA_OFFSET + 4;
    public static final int TPA_OFFSET = THA_OFFSET + MacAddress.LENGTH;
    public static final int LENGTH = TPA_OFFSET + 4;

    public static final int HTYPE_ETHERNET = 1;
    public static final int OPER_REQUEST = 1;
    public static final int OPER_REPLY = 2;

    private ArpPacket() {
    }

    public static int oper(final ByteBuf buf, final int arp) {
        return buf.getUnsignedShort(arp + OPER_OFFSET);
    }

    public static long sha(final ByteBuf buf, final int arp) {
        return MacAddress.read(buf, arp + SHA_OFFSET);
    }

    public static int spa(final ByteBuf buf, final int arp) {
        return buf.getInt(arp + SPA_OFFSET);
    }

    public static int tpa(final ByteBuf buf, final int arp) {
        return buf.getInt(arp + TPA_OFFSET);
    }

    /** Ethernet/IPv4 ARP of full length; returns a {@link DhcpDropReason} id or {@link DhcpDropReason#OK}. */
    public static int validate(final ByteBuf buf, final int arp, final int available) {
        if (available < LENGTH) {
            return DhcpDropReason.TRUNCATED.id();
        }
        if (buf.getUnsignedShort(arp + HTYPE_OFFSET) != HTYPE_ETHERNET
            || buf.getUnsignedShort(arp + PTYPE_OFFSET) != EthernetHeader.TYPE_IPV4
            || buf.getUnsignedByte(arp + HLEN_OFFSET) != MacAddress.LENGTH
            || buf.getUnsignedByte(arp + PLEN_OFFSET) != 4) {
            return DhcpDropReason.MALFORMED_ARP.id();
        }
        return DhcpDropReason.OK;
    }

    /** Writes a complete Ethernet/IPv4 ARP packet; returns the offset after it. */
    public static int write(final ByteBuf buf, final int arp, final int oper, final long sha, final int spa,
                            final long tha, final int tpa) {
        buf.setShort(arp + HTYPE_OFFSET, HTYPE_ETHERNET);
        buf.setShort(arp + PTYPE_OFFSET, EthernetHeader.TYPE_IPV4);
        buf.setByte(arp + HLEN_OFFSET, MacAddress.LENGTH);
        buf.setByte(arp + PLEN_OFFSET, 4);
        buf.setShort(arp + OPER_OFFSET, oper);
        MacAddress.write(buf, arp + SHA_OFFSET, sha);
        buf.setInt(arp + SPA_OFFSET, spa);
        MacAddress.write(buf, arp + THA_OFFSET, tha);
        buf.setInt(arp + TPA_OFFSET, tpa);
        return arp + LENGTH;
    }
}
