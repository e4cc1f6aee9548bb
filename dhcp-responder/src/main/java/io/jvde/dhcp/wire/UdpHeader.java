package io.jvde.dhcp.wire;

import io.jvde.dhcp.DhcpDropReason;
import io.netty.buffer.ByteBuf;

/**
 * The UDP header (RFC 768).
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |   Source Port   |  Destination    |
 * |                 |      Port       |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class UdpHeader {
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = SRC_PORT_OFFSET + 2;
    public static final int LENGTH_OFFSET = DST_PORT_OFFSET + 2;
    public static final int CHECKSUM_OFFSET = LENGTH_OFFSET + 2;
    public static final int LENGTH = CHECKSUM_OFFSET + 2;

    /** BOOTP/DHCP server and client ports (RFC 2131 §4.1). */
    public static final int PORT_SERVER = 67;
    public static final int PORT_CLIENT = 68;

    private UdpHeader() {
    }

    public static int srcPort(final ByteBuf buf, final int udp) {
        return buf.getUnsignedShort(udp + SRC_PORT_OFFSET);
    }

    public static int dstPort(final ByteBuf buf, final int udp) {
        return buf.getUnsignedShort(udp + DST_PORT_OFFSET);
    }

    public static int length(final ByteBuf buf, final int udp) {
        return buf.getUnsignedShort(udp + LENGTH_OFFSET);
    }

    public static int checksum(final ByteBuf buf, final int udp) {
        return buf.getUnsignedShort(udp + CHECKSUM_OFFSET);
    }

    /**
     * Checks the datagram at {@code udp} within an IP payload of {@code ipPayload} bytes: header present, length
     * within the payload, checksum. Returns a {@link DhcpDropReason} id or {@link DhcpDropReason#OK}.
     */
    public static int validate(final ByteBuf buf, final int udp, final int ipPayload, final int src, final int dst) {
        if (ipPayload < LENGTH) {
            return DhcpDropReason.TRUNCATED.id();
        }
        final int length = length(buf, udp);
        if (length < LENGTH) {
            return DhcpDropReason.BAD_UDP_LENGTH.id();
        }
        if (length > ipPayload) {
            return DhcpDropReason.TRUNCATED.id();
        }
        if (!Checksums.udpVerifies(buf, udp, length, src, dst)) {
            return DhcpDropReason.BAD_UDP_CHECKSUM.id();
        }
        return DhcpDropReason.OK;
    }

    /** Writes the header with a zero checksum; {@link #checksum(ByteBuf, int, int, int, int)} fills it in later. */
    public static int write(final ByteBuf buf, final int udp, final int srcPort, final int dstPort, final int length) {
        buf.setShort(udp + SRC_PORT_OFFSET, srcPort);
        buf.setShort(udp + DST_PORT_OFFSET, dstPort);
        buf.setShort(udp + LENGTH_OFFSET, length);
        buf.setShort(udp + CHECKSUM_OFFSET, 0);
        return udp + LENGTH;
    }

    /** Computes and stores the checksum of the complete datagram (RFC 768 pseudo-header included). */
    public static void checksum(final ByteBuf buf, final int udp, final int length, final int src, final int dst) {
        buf.setShort(udp + CHECKSUM_OFFSET, 0);
        buf.setShort(udp + CHECKSUM_OFFSET, Checksums.udp(buf, udp, length, src, dst));
    }
}
