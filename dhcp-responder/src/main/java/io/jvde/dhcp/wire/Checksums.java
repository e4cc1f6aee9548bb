package io.jvde.dhcp.wire;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum, computed in software
 * for every frame the responder sends, because the switch path has no checksum offload to rely on (docs/dhcp.md §2.2,
 * the "checksum failure" reports against tap-based DHCP servers).
 */
public final class Checksums {
    private static final int PROTOCOL_UDP = 17;

    private Checksums() {
    }

    /**
     * Adds {@code length} bytes at {@code index} to the running sum {@code acc}. Summing 32-bit big-endian words and
     * folding later equals summing 16-bit words, because 2^16 = 1 modulo 0xFFFF (RFC 1071 §2 (B)).
     */
    public static long add(final ByteBuf buf, final int index, final int length, final long acc) {
        long sum = acc;
        int i = index;
        final int end = index + length;
        while (end - i >= 4) {
            sum += buf.getUnsignedInt(i);
            i += 4;
        }
        if (end - i >= 2) {
            sum += buf.getUnsignedShort(i);
            i += 2;
        }
        if (i < end) {
            sum += buf.getUnsignedByte(i) << 8; // odd length: pad with a zero octet (RFC 1071 §4.1)
        }
        return sum;
    }

    /** Folds the carries into 16 bits. */
    public static int fold(final long acc) {
        long sum = acc;
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The checksum over a region whose own checksum field is zero. */
    public static int checksum(final ByteBuf buf, final int index, final int length) {
        return ~fold(add(buf, index, length, 0)) & 0xFFFF;
    }

    /** True when a region that includes its checksum field sums to all ones. */
    public static boolean verifies(final ByteBuf buf, final int index, final int length) {
        return fold(add(buf, index, length, 0)) == 0xFFFF;
    }

    /** Sum of the UDP pseudo-header (RFC 768): source, destination, zero, protocol 17, UDP length. */
    public static long udpPseudoHeader(final int src, final int dst, final int udpLength) {
        return (src & 0xFFFF_FFFFL) + (dst & 0xFFFF_FFFFL) + PROTOCOL_UDP + udpLength;
    }

    /**
     * The UDP checksum of the datagram at {@code udp} (its checksum field must be zero). A computed zero is sent as
     * 0xFFFF, because zero on the wire means "no checksum" (RFC 768).
     */
    public static int udp(final ByteBuf buf, final int udp, final int udpLength, final int src, final int dst) {
        final int sum = ~fold(add(buf, udp, udpLength, udpPseudoHeader(src, dst, udpLength))) & 0xFFFF;
        return sum == 0 ? 0xFFFF : sum;
    }

    /** True when the datagram's checksum is absent (zero) or verifies against the pseudo-header. */
    public static boolean udpVerifies(final ByteBuf buf, final int udp, final int udpLength, final int src,
                                      final int dst) {
        if (UdpHeader.checksum(buf, udp) == 0) {
            return true;
        }
        return fold(add(buf, udp, udpLength, udpPseudoHeader(src, dst, udpLength))) == 0xFFFF;
    }
}
