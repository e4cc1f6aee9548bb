package io.jvde.vde.sys;

/**
 * Linux UDP offloads and their control messages: on send, {@code UDP_SEGMENT} (Linux 4.18) lets one sendmsg carry
 * up to {@link #MAX_SEGMENTS} equal-sized datagrams that the kernel (or the NIC) cuts apart as late as possible; on
 * receive, {@code UDP_GRO} (Linux 5.0) lets the socket take such a train (or one the receive path coalesced) as one
 * buffer, with a control message giving the segment size. The datagrams on the wire are the same as without.
 *
 * <pre>
 * struct cmsghdr (16 bytes on LP64), then the data, padded to 8:
 *   0  size_t cmsg_len    (16 + data length)
 *   8  int    cmsg_level  (SOL_UDP)
 *  12  int    cmsg_type   (UDP_SEGMENT: u16 data; UDP_GRO: int data)
 * </pre>
 */
public final class UdpOffload {
    public static final int SOL_UDP = 17;
    public static final int UDP_SEGMENT = 103;
    public static final int UDP_GRO = 104;
    /** UDP_MAX_SEGMENTS: datagrams per segmented send at most. */
    public static final int MAX_SEGMENTS = 64;
    /** The largest UDP payload over IPv4 (65535 - 20 - 8): one segmented send carries at most this. */
    public static final int MAX_PAYLOAD = 65507;
    /** Bytes of one control message with a 2- or 4-byte value: CMSG_SPACE(2) = CMSG_SPACE(4) = 24. */
    public static final int CMSG_SPACE = 24;
    private static final int CMSG_HEADER = 16;

    private UdpOffload() {
    }

    /** Writes a UDP_SEGMENT control message for {@code size}-byte segments at {@code offset} of {@code m}. */
    public static void writeSegmentSize(final NativeMemory m, final int offset, final int size) {
        m.putLongLE(offset, CMSG_HEADER + 2);
        m.putIntLE(offset + 8, SOL_UDP);
        m.putIntLE(offset + 12, UDP_SEGMENT);
        m.putShortLE(offset + 16, (short) size);
    }

    /**
     * The segment size of a received datagram from its {@code length} bytes of control messages at {@code offset}
     * of {@code m}: the UDP_GRO value, or 0 when there is none (the datagram was not coalesced).
     */
    public static int segmentSize(final NativeMemory m, final int offset, final int length) {
        int pos = offset;
        final int end = offset + length;
        while (pos + CMSG_HEADER <= end) {
            final long len = m.getLongLE(pos);
            if (len < CMSG_HEADER || len > end - pos) {
                return 0;
            }
            if (m.getIntLE(pos + 8) == SOL_UDP && m.getIntLE(pos + 12) == UDP_GRO && len >= CMSG_HEADER + 4) {
                return m.getIntLE(pos + CMSG_HEADER);
            }
            pos += (int) ((len + 7) & ~7L);
        }
        return 0;
    }

    /** Asks the kernel to hand {@code fd} coalesced datagrams (UDP_GRO); false when it refuses (Linux before 5.0). */
    public static boolean enableGro(final int fd) {
        return UnixSockets.setIntOption(fd, SOL_UDP, UDP_GRO, 1) == 0;
    }
}
