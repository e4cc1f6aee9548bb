package io.jvde.testsupport;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Builds Ethernet test frames as byte arrays and places them in buffers the way the engine receives them. */
public final class Frames {
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Frames() {
    }

    /** An untagged frame of {@code length} bytes (at least 14); the payload is the byte pattern 0, 1, 2, ... */
    public static byte[] untagged(final long dst, final long src, final int etherType, final int length) {
        final ByteBuffer b = ByteBuffer.allocate(length);
        putMac(b, 0, dst);
        putMac(b, 6, src);
        b.putShort(12, (short) etherType);
        for (int i = 14; i < length; i++) {
            b.put(i, (byte) (i - 14));
        }
        return b.array();
    }

    /** An 802.1Q-tagged frame of {@code length} bytes (at least 18) with the given TCI and inner EtherType. */
    public static byte[] tagged(final long dst, final long src, final int tci, final int innerType, final int length) {
        final ByteBuffer b = ByteBuffer.allocate(length);
        putMac(b, 0, dst);
        putMac(b, 6, src);
        b.putShort(12, (short) 0x8100);
        b.putShort(14, (short) tci);
        b.putShort(16, (short) innerType);
        for (int i = 18; i < length; i++) {
            b.put(i, (byte) (i - 18));
        }
        return b.array();
    }

    /** A direct big-endian buffer of {@code capacity} bytes holding {@code frame} at absolute {@code offset}. */
    public static ByteBuffer direct(final byte[] frame, final int offset, final int capacity) {
        final ByteBuffer buf = ByteBuffer.allocateDirect(capacity);
        buf.put(offset, frame);
        return buf;
    }

    /** Copies {@code buf[offset, offset + length)} out. */
    public static byte[] bytes(final ByteBuffer buf, final int offset, final int length) {
        final byte[] out = new byte[length];
        buf.get(offset, out);
        return out;
    }

    /** Parses hex, ignoring spaces: {@code "ffff ffff ffff"}. */
    public static byte[] hex(final String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    public static String hex(final byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static void putMac(final ByteBuffer b, final int index, final long mac) {
        b.putShort(index, (short) (mac >>> 32));
        b.putInt(index + 2, (int) mac);
    }
}
