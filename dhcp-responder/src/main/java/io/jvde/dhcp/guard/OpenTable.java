package io.jvde.dhcp.guard;

import io.jvde.dhcp.wire.MacAddress;
import io.jvde.primitives.LongIntTable;
import java.util.Arrays;

/**
 * Fixed-size table of entries keyed by (VLAN, MAC) packed into a {@code long}: the project's
 * {@link LongIntTable} maps a key to its entry, and the subclass keeps the values in parallel arrays indexed by
 * entry (entries never move; freed ones are reused). It never grows; single thread; nothing allocates after
 * construction.
 */
abstract class OpenTable {
    static final long EMPTY = LongIntTable.EMPTY;
    /** VLAN ids fit in 12 bits above the 48-bit MAC, so a key is never negative and never {@link #EMPTY}. */
    private static final int VID_SHIFT = 48;

    /** Per entry: its key, or {@link #EMPTY} when the entry is free. */
    final long[] keys;
    private final LongIntTable index;
    private final int[] free;
    private int freeCount;

    OpenTable(final int capacity) {
        this.index = LongIntTable.fixed(capacity);
        this.keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        this.free = new int[capacity];
        releaseAll();
    }

    private void releaseAll() {
        for (int i = 0; i < free.length; i++) {
            free[i] = free.length - 1 - i; // entry 0 is handed out first
        }
        freeCount = free.length;
    }

    static long key(final int vid, final long mac) {
        return ((long) (vid & 0xFFF) << VID_SHIFT) | (mac & MacAddress.MASK);
    }

    static int vidOf(final long key) {
        return (int) (key >>> VID_SHIFT);
    }

    static long macOf(final long key) {
        return key & MacAddress.MASK;
    }

    /** Entry of {@code key}, or -1. */
    final int find(final long key) {
        return index.get(key);
    }

    /** Claims an entry for an absent {@code key}; -1 when {@link #capacity()} entries are in use. */
    final int insert(final long key) {
        if (freeCount == 0) {
            return -1;
        }
        final int entry = free[--freeCount];
        keys[entry] = key;
        index.put(key, entry);
        return entry;
    }

    /** Frees {@code entry}. */
    final void removeAt(final int entry) {
        index.remove(keys[entry]);
        keys[entry] = EMPTY;
        free[freeCount++] = entry;
    }

    /** Removes every entry {@code stale} accepts; returns how many. */
    final int sweep(final long now) {
        int removed = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY && stale(i, now)) {
                removeAt(i);
                removed++;
            }
        }
        return removed;
    }

    /** True when the entry {@code entry} may be dropped at {@code now} (used by {@link #sweep}). */
    abstract boolean stale(int entry, long now);

    /** The number of entries, for the subclasses' parallel arrays. */
    final int slots() {
        return keys.length;
    }

    /** Most entries the table holds. */
    public final int capacity() {
        return keys.length;
    }

    /** Entries in use. */
    public final int size() {
        return keys.length - freeCount;
    }

    final void clear() {
        index.clear();
        Arrays.fill(keys, EMPTY);
        releaseAll();
    }
}
