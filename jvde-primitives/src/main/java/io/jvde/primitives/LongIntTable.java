package io.jvde.primitives;

import java.util.Arrays;

/**
 * Open-addressing map from {@code long} keys to non-negative {@code int} values: linear probing over a power-of-two
 * array, at most half full, and backward-shift deletion (no tombstones, so lookups stay short after many
 * removals). {@link #EMPTY} ({@link Long#MIN_VALUE}) is reserved and cannot be a key. A growable table doubles at
 * half load; a {@link #fixed} one never allocates after construction and refuses keys beyond its capacity. Gets and
 * removes never allocate. Not thread-safe.
 */
public final class LongIntTable {
    /** The reserved key that marks an empty slot. */
    public static final long EMPTY = Long.MIN_VALUE;
    /** What {@link #get} and {@link #remove} return for an absent key. */
    public static final int MISSING = -1;

    private final int limit;
    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    private LongIntTable(final int expected, final int limit) {
        this.limit = limit;
        int slots = 16;
        while (slots < expected * 2) {
            slots <<= 1;
        }
        allocate(slots);
    }

    /** A table sized for {@code expected} keys that grows when it needs to. */
    public LongIntTable(final int expected) {
        this(expected, Integer.MAX_VALUE);
    }

    /** A table of at most {@code capacity} keys that never grows (nor allocates after this call). */
    public static LongIntTable fixed(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: at least 1)");
        }
        return new LongIntTable(capacity, capacity);
    }

    private void allocate(final int slots) {
        keys = new long[slots];
        Arrays.fill(keys, EMPTY);
        values = new int[slots];
        mask = slots - 1;
    }

    private int home(final long key) {
        return (int) Hash64.mix(key) & mask;
    }

    /** The value of {@code key}, or {@link #MISSING}. */
    public int get(final long key) {
        int i = home(key);
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

    /**
     * Maps {@code key} to {@code value} (replacing an earlier value); false, changing nothing, when {@code key} is
     * new and a fixed table is full.
     */
    public boolean put(final long key, final int value) {
        if (key == EMPTY || value < 0) {
            throw new IllegalArgumentException("put: " + key + " -> " + value
                + " (expected: a key other than Long.MIN_VALUE, a value >= 0)");
        }
        int i = home(key);
        while (true) {
            final long k = keys[i];
            if (k == key) {
                values[i] = value;
                return true;
            }
            if (k == EMPTY) {
                if (size == limit) {
                    return false;
                }
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    rehash();
                }
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code key}; returns its value, or {@link #MISSING}. */
    public int remove(final long key) {
        int i = home(key);
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

    /** Backward-shift deletion: later members of the probe run move into the hole when their home allows it. */
    private void shiftBack(final int hole) {
        int gap = hole;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            final long k = keys[i];
            if (k == EMPTY) {
                break;
            }
            // k may move to gap only if gap lies cyclically in [home(k), i)
            if (((i - home(k)) & mask) >= ((i - gap) & mask)) {
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

    /** Keys in the table. */
    public int size() {
        return size;
    }

    /** Removes every key. */
    public void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }
}
