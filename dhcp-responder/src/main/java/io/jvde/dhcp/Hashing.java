package io.jvde.dhcp;

/** The hash the responder's open-addressing tables and address choice share. */
public final class Hashing {
    private Hashing() {
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
}
