package io.jvde.primitives;

/** The project's one hash mixer, for open-addressing tables and hash-based choices. */
public final class Hash64 {
    private Hash64() {
    }

    /** MurmurHash3's 64-bit finaliser (fmix64): every key bit affects every hash bit, so neighbouring keys spread. */
    public static long mix(final long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** FNV-1a over {@code bytes}, then {@link #mix}: a 64-bit digest of a short byte string. */
    public static long bytes(final byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (final byte b : bytes) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return mix(h);
    }
}
