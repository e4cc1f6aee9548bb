package io.jvde.dhcp.lease;

import io.jvde.dhcp.Hashing;
import java.util.Arrays;

/**
 * Open-addressing map from {@code long} to non-negative {@code int} with linear probing and backward-shift deletion
 * (no tombstones, so lookups stay short after many removals). {@link Long#MIN_VALUE} is reserved as the empty
 * marker. Grows by doubling at half load; gets and removes never allocate.
 */
final class LongIntHashMap {
    static final long EMPTY = Long.MIN_VALUE;
    static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    LongIntHashMap(final int expected) {
        int capacity = 16;
        while (capacity < expected * 2) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    private void allocate(final int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
    }

    private int slot(final long key) {
        return (int) Hashing.mix(key) & mask;
    }

    int get(final long key) {
        int i = slot(key);
        while (true) {
            final long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    void put(final long key, final int value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("key: " + key + " (expected: not Long.MIN_VALUE, the empty marker)");
        }
        int i = slot(key);
        while (true) {
            final long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    rehash();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int remove(final long key) {
        int i = slot(key);
        while (true) {
            final long k = keys[i];
            if (k == EMPTY) {
                return MISSING;
            }
            if (k == key) {
                final int old = values[i];
                shiftBack(i);
                size--;
                return old;
            }
            i = (i + 1) & mask;
        }
    }

    /** Backward-shift deletion: move later members of the probe run into the hole when their home allows it. */
    private void shiftBack(final int hole) {
        int gap = hole;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            final long k = keys[i];
            if (k == EMPTY) {
                break;
            }
            final int home = slot(k);
            // k may move to gap only if gap lies cyclically in [home, i)
            if (((i - home) & mask) >= ((i - gap) & mask)) {
                keys[gap] = k;
                values[gap] = values[i];
                gap = i;
            }
        }
        keys[gap] = EMPTY;
    }

    private void rehash() {
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }
}
