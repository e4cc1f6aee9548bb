package io.jvde.dhcp.guard;

import io.jvde.dhcp.Hashing;
import io.jvde.dhcp.wire.MacAddress;
import java.util.Arrays;

/**
 * Fixed-size open-addressing table keyed by (VLAN, MAC) packed into a {@code long}: linear probing and
 * backward-shift deletion like {@code lease.LongIntHashMap}, but it never grows (at most half the slots are used,
 * so probes stay short) and the values live in the subclass's parallel arrays, moved by {@link #move}. Single
 * thread; nothing allocates after construction.
 */
abstract class OpenTable {
    static final long EMPTY = Long.MIN_VALUE;
    /** VLAN ids fit in 12 bits above the 48-bit MAC, so a key is never negative and never {@link #EMPTY}. */
    private static final int VID_SHIFT = 48;

    final long[] keys;
    private final int mask;
    private final int capacity;
    private int size;

    OpenTable(final int capacity) {
        int slots = 16;
        while (slots < capacity * 2) {
            slots <<= 1;
        }
        this.keys = new long[slots];
        Arrays.fill(keys, EMPTY);
        this.mask = slots - 1;
        this.capacity = capacity;
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

    private int home(final long key) {
        return (int) Hashing.mix(key) & mask;
    }

    /** Slot of {@code key}, or -1. */
    final int find(final long key) {
        int i = home(key);
        while (true) {
            final long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Claims a slot for an absent {@code key}; -1 when {@link #capacity()} entries are in use. */
    final int insert(final long key) {
        if (size >= capacity) {
            return -1;
        }
        int i = home(key);
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        size++;
        return i;
    }

    /** Frees {@code slot}; later members of its probe run move back into the hole (no tombstones). */
    final void removeAt(final int slot) {
        int gap = slot;
        int i = slot;
        while (true) {
            i = (i + 1) & mask;
            final long k = keys[i];
            if (k == EMPTY) {
                break;
            }
            // k may move to gap only if gap lies cyclically in [home(k), i)
            if (((i - home(k)) & mask) >= ((i - gap) & mask)) {
                keys[gap] = k;
                move(i, gap);
                gap = i;
            }
        }
        keys[gap] = EMPTY;
        size--;
    }

    /**
     * Removes every entry {@code stale} accepts. A removal may pull a later entry back into the visited slot, so
     * the slot is looked at again before moving on; an entry wrapped round from the table's start may be visited
     * twice, which is harmless.
     */
    final int sweep(final long now) {
        int removed = 0;
        int i = 0;
        while (i < keys.length) {
            if (keys[i] != EMPTY && stale(i, now)) {
                removeAt(i);
                removed++;
            } else {
                i++;
            }
        }
        return removed;
    }

    /** Moves the values of slot {@code from} to slot {@code to} (the key is already moved). */
    abstract void move(int from, int to);

    /** True when the entry in {@code slot} may be dropped at {@code now} (used by {@link #sweep}). */
    abstract boolean stale(int slot, long now);

    final int slots() {
        return keys.length;
    }

    /** Most entries the table holds. */
    public final int capacity() {
        return capacity;
    }

    /** Entries in use. */
    public final int size() {
        return size;
    }

    final void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }
}
