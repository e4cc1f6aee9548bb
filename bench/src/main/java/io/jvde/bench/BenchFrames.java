package io.jvde.bench;

import io.jvde.sw.frame.EtherTypes;

import java.nio.ByteBuffer;

/** Frames and buffers for the benchmarks, laid out the way the engine receives them (4 bytes of headroom). */
final class BenchFrames {
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** The engine receives every frame 4 bytes into its slot, so a tag can be pushed in place. */
    static final int HEADROOM = 4;
    /** Room for the largest frame plus headroom, as one receive slot of the engine. */
    static final int SLOT = 9248;

    private BenchFrames() {
    }

    /** An untagged frame of {@code length} bytes with EtherType IPv4 and a counting payload. */
    static byte[] untagged(final long dst, final long src, final int length) {
        final ByteBuffer b = ByteBuffer.allocate(length);
        putMac(b, 0, dst);
        putMac(b, 6, src);
        b.putShort(12, (short) EtherTypes.IPV4);
        for (int i = 14; i < length; i++) {
            b.put(i, (byte) i);
        }
        return b.array();
    }

    /** An 802.1Q-tagged frame of {@code length} bytes with TCI {@code tci} and inner EtherType IPv4. */
    static byte[] tagged(final long dst, final long src, final int tci, final int length) {
        final ByteBuffer b = ByteBuffer.allocate(length);
        putMac(b, 0, dst);
        putMac(b, 6, src);
        b.putShort(12, (short) EtherTypes.VLAN);
        b.putShort(14, (short) tci);
        b.putShort(16, (short) EtherTypes.IPV4);
        for (int i = 18; i < length; i++) {
            b.put(i, (byte) i);
        }
        return b.array();
    }

    /** A buffer of one receive slot holding {@code frame} at {@link #HEADROOM}. */
    static ByteBuffer slot(final BufferKind kind, final byte[] frame) {
        final ByteBuffer b = kind.allocate(SLOT);
        b.put(HEADROOM, frame);
        return b;
    }

    private static void putMac(final ByteBuffer b, final int index, final long mac) {
        b.putShort(index, (short) (mac >>> 32));
        b.putInt(index + 2, (int) mac);
    }
}
