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

    /**
     * {@code frame} (untagged) as a switch sends it out of a tagged port: an 802.1Q tag with {@code tci} inserted
     * after the source address (IEEE 802.1Q-2018 9.3), everything else unchanged; 4 bytes longer.
     */
    public static byte[] withTag(final byte[] frame, final int tci) {
        final byte[] out = new byte[frame.length + 4];
        System.arraycopy(frame, 0, out, 0, 12);
        out[12] = (byte) 0x81;
        out[13] = 0x00;
        out[14] = (byte) (tci >>> 8);
        out[15] = (byte) tci;
        System.arraycopy(frame, 12, out, 16, frame.length - 12);
        return out;
    }

    /** {@code frame} (802.1Q-tagged) with its tag removed, as an untagged port receives it; 4 bytes shorter. */
    public static byte[] withoutTag(final byte[] frame) {
        if (etherType(frame) != 0x8100) {
            throw new IllegalArgumentException("frame: EtherType 0x" + Integer.toHexString(etherType(frame))
                + " (expected: an 802.1Q tag, 0x8100)");
        }
        final byte[] out = new byte[frame.length - 4];
        System.arraycopy(frame, 0, out, 0, 12);
        System.arraycopy(frame, 16, out, 12, frame.length - 16);
        return out;
    }

    /** The TCI (PCP, DEI, VID) of an 802.1Q-tagged {@code frame}, or -1 if it carries no 0x8100 tag. */
    public static int tci(final byte[] frame) {
        if (frame.length < 18 || etherType(frame) != 0x8100) {
            return -1;
        }
        return ((frame[14] & 0xFF) << 8) | (frame[15] & 0xFF);
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

    /** A broadcast frame from {@code src} of {@code length} bytes with the local experimental EtherType 0x88B5. */
    public static byte[] broadcast(final long src, final int length) {
        return untagged(BROADCAST, src, 0x88B5, length);
    }

    /** A unicast frame of {@code length} bytes with the local experimental EtherType 0x88B5. */
    public static byte[] unicast(final long dst, final long src, final int length) {
        return untagged(dst, src, 0x88B5, length);
    }

    /** A broadcast ARP request (RFC 826) from {@code srcMac}/{@code srcIp} asking for {@code targetIp}: 42 bytes. */
    public static byte[] arpRequest(final long srcMac, final int srcIp, final int targetIp) {
        final ByteBuffer b = ByteBuffer.allocate(42);
        putMac(b, 0, BROADCAST);
        putMac(b, 6, srcMac);
        b.putShort(12, (short) 0x0806);
        b.putShort(14, (short) 1);       // htype Ethernet
        b.putShort(16, (short) 0x0800);  // ptype IPv4
        b.put(18, (byte) 6);
        b.put(19, (byte) 4);
        b.putShort(20, (short) 1);       // op request
        putMac(b, 22, srcMac);
        b.putInt(28, srcIp);
        putMac(b, 32, 0);
        b.putInt(38, targetIp);
        return b.array();
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} into a 48-bit value. */
    public static long mac(final String text) {
        final String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("mac: " + text + " (expected: six hex octets separated by ':')");
        }
        long v = 0;
        for (final String p : parts) {
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return v;
    }

    /** Destination MAC of {@code frame}. */
    public static long dst(final byte[] frame) {
        return getMac(frame, 0);
    }

    /** Source MAC of {@code frame}. */
    public static long src(final byte[] frame) {
        return getMac(frame, 6);
    }

    /** EtherType (or 802.1Q TPID) at offset 12 of {@code frame}. */
    public static int etherType(final byte[] frame) {
        return ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
    }

    private static long getMac(final byte[] frame, final int index) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (frame[index + i] & 0xFF);
        }
        return v;
    }

    private static void putMac(final ByteBuffer b, final int index, final long mac) {
        b.putShort(index, (short) (mac >>> 32));
        b.putInt(index + 2, (int) mac);
    }
}
