package io.jvde.dhcp.lease;

/**
 * One bit per pool address (set = taken), with summary levels where a bit says "the 64-bit word below is full".
 * {@link #nextClear} therefore costs O(log64 n): a free address is found in a /8 pool in at most four word scans,
 * however full the pool is, and the pool is never expanded into per-address objects (a /16 is 8 KiB).
 */
final class PoolBitmap {
    private final int size;
    private final long[][] levels;
    private final int[] levelBits;

    PoolBitmap(final int size) {
        this.size = size;
        int depth = 1;
        for (long bits = size; bits > 64; bits = (bits + 63) / 64) {
            depth++;
        }
        levels = new long[depth][];
        levelBits = new int[depth];
        int bits = size;
        for (int level = 0; level < depth; level++) {
            final int words = Math.max(1, (bits + 63) >>> 6);
            levels[level] = new long[words];
            levelBits[level] = bits;
            // Bits past the end count as taken, so a partial last word can still be "full".
            for (int b = bits; b < words * 64; b++) {
                levels[level][b >>> 6] |= 1L << (b & 63);
            }
            bits = words;
        }
        for (int level = 0; level + 1 < depth; level++) {
            for (int w = 0; w < levels[level].length; w++) {
                if (levels[level][w] == -1L) {
                    levels[level + 1][w >>> 6] |= 1L << (w & 63);
                }
            }
        }
    }

    int size() {
        return size;
    }

    boolean get(final int index) {
        return (levels[0][index >>> 6] & (1L << (index & 63))) != 0;
    }

    void set(final int index) {
        int i = index;
        for (int level = 0; level < levels.length; level++) {
            final long[] words = levels[level];
            final int w = i >>> 6;
            words[w] |= 1L << (i & 63);
            if (words[w] != -1L) {
                return;
            }
            i = w;
        }
    }

    void clear(final int index) {
        int i = index;
        for (int level = 0; level < levels.length; level++) {
            final long[] words = levels[level];
            final int w = i >>> 6;
            final boolean wasFull = words[w] == -1L;
            words[w] &= ~(1L << (i & 63));
            if (!wasFull) {
                return;
            }
            i = w;
        }
    }

    /** Index of the first clear bit at or after {@code from}, or -1 when every bit from there on is set. */
    int nextClear(final int from) {
        if (from < 0 || from >= size) {
            return -1;
        }
        return nextClear(0, from);
    }

    private int nextClear(final int level, final int from) {
        if (from >= levelBits[level]) {
            return -1;
        }
        final long[] words = levels[level];
        final int w = from >>> 6;
        final long free = ~words[w] & (-1L << (from & 63));
        if (free != 0) {
            return (w << 6) + Long.numberOfTrailingZeros(free);
        }
        final int next;
        if (level + 1 == levels.length) {
            int found = -1;
            for (int i = w + 1; i < words.length; i++) {
                if (words[i] != -1L) {
                    found = i;
                    break;
                }
            }
            next = found;
        } else {
            next = nextClear(level + 1, w + 1);
        }
        if (next < 0) {
            return -1;
        }
        return (next << 6) + Long.numberOfTrailingZeros(~words[next]);
    }
}
