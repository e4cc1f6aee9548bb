package io.jvde.dhcp.wire;

import io.jvde.dhcp.DhcpDropReason;
import io.netty.buffer.ByteBuf;

/**
 * The IPv4 header (RFC 791 §3.1); the responder neither reads nor writes options, so it writes IHL 5.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4Header {
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = VERSION_IHL_OFFSET + 1;
    public static final int TOTAL_LENGTH_OFFSET = TOS_OFFSET + 1;
    public static final int IDENTIFICATION_OFFSET = TOTAL_LENGTH_OFFSET + 2;
    public static final int FLAGS_FRAGMENT_OFFSET = IDENTIFICATION_OFFSET + 2;
    public static final int TTL_OFFSET = FLAGS_FRAGMENT_OFFSET + 2;
    public static final int PROTOCOL_OFFSET = TTL_OFFSET + 1;
    public static final int CHECKSUM_OFFSET = PROTOCOL_OFFSET + 1;
    public static final int SRC_OFFSET = CHECKSUM_OFFSET + 2;
    public static final int DST_OFFSET = SRC_OFFSET + 4;
    public static final int MIN_LENGTH = DST_OFFSET + 4;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_UDP = 17;
    /** More-fragments flag and fragment offset: any bit set means a fragment (RFC 791 §3.1). */
    private static final int MF_AND_OFFSET_MASK = 0x3FFF;
    public static final int DEFAULT_TTL = 64;

    private Ipv4Header() {
    }

    public static int version(final ByteBuf buf, final int ip) {
        return buf.getUnsignedByte(ip + VERSION_IHL_OFFSET) >>> 4;
    }

    /** Header length in bytes (IHL × 4). */
    public static int headerLength(final ByteBuf buf, final int ip) {
        return (buf.getUnsignedByte(ip + VERSION_IHL_OFFSET) & 0xF) * 4;
    }

    public static int totalLength(final ByteBuf buf, final int ip) {
        return buf.getUnsignedShort(ip + TOTAL_LENGTH_OFFSET);
    }

    public static int protocol(final ByteBuf buf, final int ip) {
        return buf.getUnsignedByte(ip + PROTOCOL_OFFSET);
    }

    public static int src(final ByteBuf buf, final int ip) {
        return buf.getInt(ip + SRC_OFFSET);
    }

    public static int dst(final ByteBuf buf, final int ip) {
        return buf.getInt(ip + DST_OFFSET);
    }

    public static boolean isFragment(final ByteBuf buf, final int ip) {
        return (buf.getUnsignedShort(ip + FLAGS_FRAGMENT_OFFSET) & MF_AND_OFFSET_MASK) != 0;
    }

    /**
     * Checks the header of the datagram at {@code ip} with {@code available} bytes left in the frame: version,
     * header length, total length within the frame, checksum, no fragmentation. Returns a {@link DhcpDropReason}
     * id or {@link DhcpDropReason#OK}.
     */
    public static int validate(final ByteBuf buf, final int ip, final int available) {
        if (available < MIN_LENGTH) {
            return DhcpDropReason.TRUNCATED.id();
        }
        final int headerLength = headerLength(buf, ip);
        if (version(buf, ip) != 4 || headerLength < MIN_LENGTH) {
            return DhcpDropReason.BAD_IP_HEADER.id();
        }
        final int total = totalLength(buf, ip);
        if (total < headerLength) {
            return DhcpDropReason.BAD_IP_HEADER.id();
        }
        if (headerLength > available || total > available) {
            return DhcpDropReason.TRUNCATED.id();
        }
        if (!Checksums.verifies(buf, ip, headerLength)) {
            return DhcpDropReason.BAD_IP_CHECKSUM.id();
        }
        if (isFragment(buf, ip)) {
            return DhcpDropReason.IP_FRAGMENT.id();
        }
        return DhcpDropReason.OK;
    }

    /** Writes a 20-byte header with its checksum; returns the payload offset. */
    public static int write(final ByteBuf buf, final int ip, final int totalLength, final int identification,
                            final int protocol, final int src, final int dst) {
        buf.setByte(ip + VERSION_IHL_OFFSET, 0x45);
        buf.setByte(ip + TOS_OFFSET, 0);
        buf.setShort(ip + TOTAL_LENGTH_OFFSET, totalLength);
        buf.setShort(ip + IDENTIFICATION_OFFSET, identification);
        buf.setShort(ip + FLAGS_FRAGMENT_OFFSET, 0);
        buf.setByte(ip + TTL_OFFSET, DEFAULT_TTL);
        buf.setByte(ip + PROTOCOL_OFFSET, protocol);
        buf.setShort(ip + CHECKSUM_OFFSET, 0);
        buf.setInt(ip + SRC_OFFSET, src);
        buf.setInt(ip + DST_OFFSET, dst);
        buf.setShort(ip + CHECKSUM_OFFSET, Checksums.checksum(buf, ip, MIN_LENGTH));
        return ip + MIN_LENGTH;
    }
}
