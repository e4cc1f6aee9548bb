package io.jvde.sw.observe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * pcapng blocks (draft-ietf-opsawg-pcapng, sections 4.1-4.3 and 4.6), little-endian, written into a caller's
 * buffer. Every block is its type, its total length, its body padded to 32 bits, and its total length again.
 */
public final class Pcapng {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int LINKTYPE_ETHERNET = 1;
    static final int OPT_END = 0;
    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int IF_TSRESOL = 9;
    static final int EPB_FLAGS = 2;
    static final int ISB_IFDROP = 5;
    /** epb_flags bits 0-1: 01 = inbound (section 4.3.1). */
    static final int DIRECTION_INBOUND = 1;
    /** Largest frame a capture keeps whole (the engine's jumbo limit, with room for a tag). */
    public static final int SNAPLEN = 9238;

    private Pcapng() {
    }

    /** A buffer in pcapng's byte order for one block of at most {@code capacity} bytes. */
    public static ByteBuffer buffer(final int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Section Header Block: byte-order magic, version 1.0, section length unknown (-1), no options. */
    public static void sectionHeader(final ByteBuffer out) {
        out.putInt(SHB).putInt(28).putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0)
            .putLong(-1L).putInt(28);
    }

    /** Interface Description Block for an Ethernet interface with nanosecond timestamps. */
    public static void interfaceDescription(final ByteBuffer out, final String name, final String description) {
        final int start = out.position();
        out.putInt(IDB).putInt(0).putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(SNAPLEN);
        option(out, IF_NAME, name.getBytes(StandardCharsets.UTF_8));
        if (description != null && !description.isEmpty()) {
            option(out, IF_DESCRIPTION, description.getBytes(StandardCharsets.UTF_8));
        }
        out.putShort((short) IF_TSRESOL).putShort((short) 1).put((byte) 9).put((byte) 0).putShort((short) 0);
        out.putShort((short) OPT_END).putShort((short) 0);
        finish(out, start);
    }

    /**
     * Enhanced Packet Block: interface {@code ifId}, timestamp in ns since the epoch, the frame from {@code src}
     * ({@code len} bytes at absolute {@code off}), direction inbound.
     */
    public static void enhancedPacket(final ByteBuffer out, final int ifId, final long epochNanos,
                                      final byte[] src, final int off, final int len) {
        final int start = out.position();
        out.putInt(EPB).putInt(0).putInt(ifId).putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos)
            .putInt(len).putInt(len);
        out.put(src, off, len);
        pad(out, len);
        out.putShort((short) EPB_FLAGS).putShort((short) 4).putInt(DIRECTION_INBOUND);
        out.putShort((short) OPT_END).putShort((short) 0);
        finish(out, start);
    }

    /** Interface Statistics Block with {@code isb_ifdrop}: frames the capture lost on that interface. */
    public static void interfaceStatistics(final ByteBuffer out, final int ifId, final long epochNanos,
                                           final long drops) {
        final int start = out.position();
        out.putInt(ISB).putInt(0).putInt(ifId).putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos);
        out.putShort((short) ISB_IFDROP).putShort((short) 8).putLong(drops);
        out.putShort((short) OPT_END).putShort((short) 0);
        finish(out, start);
    }

    /** Bytes an EPB for a frame of {@code len} bytes takes. */
    public static int enhancedPacketLength(final int len) {
        return 28 + ((len + 3) & ~3) + 8 + 4 + 4;
    }

    private static void option(final ByteBuffer out, final int code, final byte[] value) {
        out.putShort((short) code).putShort((short) value.length).put(value);
        pad(out, value.length);
    }

    private static void pad(final ByteBuffer out, final int len) {
        for (int i = len; (i & 3) != 0; i++) {
            out.put((byte) 0);
        }
    }

    private static void finish(final ByteBuffer out, final int start) {
        final int total = out.position() - start + 4;
        out.putInt(total);
        out.putInt(start + 4, total);
    }
}
