package io.jvde.sw.fdb;

import io.jvde.primitives.Hash64;
import io.jvde.primitives.Mac48;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The MAC learning table: (VLAN, MAC) to port, with aging and vde_switch's move hysteresis
 * (docs/protocol.md §5.2).
 *
 * <p>A fixed-capacity open-addressing hash over parallel primitive arrays: key {@code (vid << 48) | mac},
 * 64-bit finaliser hash, linear probing, and backward-shift deletion so no tombstones accumulate. The slot array is
 * twice the entry capacity, so the load factor never exceeds 0.5 and probe runs stay short. Nothing allocates after
 * construction. The hash is the project's one mixer ({@link Hash64#mix}).
 *
 * <p>Why not {@link io.jvde.primitives.LongIntTable}, which the lease, guard and circuit tables use: this table is
 * on the forwarding path of every frame, and keeping the port and last-seen time in arrays parallel to the key
 * slots (rather than behind an entry index) saves one dependent load per lookup; the per-port lookup hints point at
 * slots, eviction picks the stalest entry within the key's own probe window, and aging sweeps slots in place, all
 * of which need the slot layout itself. The probing and backward-shift deletion are the same algorithm.
 *
 * <p>Time is injected as {@code nowNanos} (a monotonic clock such as {@link System#nanoTime()}; only differences
 * are used). An entry is alive while {@code now - lastSeen < ageNanos}. Aging is incremental: {@link #sweep}
 * examines a bounded number of slots per call, and {@link #lookup} treats an expired entry as missing, so an entry
 * older than the age limit is never returned however late the sweep is.
 *
 * <p>Port security: each port may have a limit of entries ({@link #portLimit(int, int)}, 0 = unlimited).
 * {@link #learn} refuses ({@link #REFUSED}) to give a port a new entry while it holds {@code limit} of them; the
 * check runs only when an entry would be created on or moved to the port, so known addresses cost nothing extra.
 * The per-port entry count ({@link #portEntries}) is kept exact by every change of an entry: insertion, move,
 * revival of an expired entry on another port, eviction, aging sweep, flushes and {@link #clear}. It counts the
 * entries the table holds, so an entry older than the age limit counts until the sweep removes it.
 *
 * <p>Not thread-safe: the event loop owns it.
 */
public final class MacTable {
    /** {@link #lookup} result when the address is unknown or expired. */
    public static final int MISSING = -1;

    /** {@link #learn} result: a new entry (or an expired one revived). */
    public static final int LEARNED = 0;
    /** {@link #learn} result: known on this port; last-seen time refreshed. */
    public static final int REFRESHED = 1;
    /** {@link #learn} result: known on another port and older than the minimum persistence: moved. */
    public static final int MOVED = 2;
    /**
     * {@link #learn} result: known on another port and seen there within the minimum persistence: the old port is
     * kept and its last-seen time is not refreshed (vde_switch's hysteresis against flapping).
     */
    public static final int HELD = 3;
    /** {@link #learn} result: the table was full; the stalest entry near the key's slot was evicted for it. */
    public static final int EVICTED_OTHER = 4;
    /**
     * {@link #learn} result: the address is not known on this port and the port already holds its limit of entries
     * ({@link #portLimit(int, int)}); nothing changed. The caller drops the frame.
     */
    public static final int REFUSED = 5;

    public static final long DEFAULT_AGE_NANOS = TimeUnit.SECONDS.toNanos(100);
    public static final long DEFAULT_MIN_PERSISTENCE_NANOS = TimeUnit.SECONDS.toNanos(3);
    public static final int MAX_CAPACITY = 1 << 29;

    /**
     * A free slot. Zero, so a new table's arrays need no fill: filling them ran ~2 ms interpreted at every start
     * (BENCHMARKS.md, start-up round 7); {@link #OCCUPIED} keeps every stored key non-zero.
     */
    private static final long EMPTY = 0L;
    /** Set in every stored key (above the VID's 12 bits), so vid 0 with MAC 00:00:00:00:00:00 is not {@link #EMPTY}. */
    private static final long OCCUPIED = 1L << 63;
    private static final int VID_SHIFT = 48;
    private static final int VID_MASK = 0xFFF;
    /** Slots examined, from the key's home slot, when choosing an entry to evict from a full table. */
    private static final int EVICTION_WINDOW = 16;

    private final int capacity;
    private final int mask;
    private final long[] keys;
    private final int[] ports;
    private final long[] lastSeen;

    private int size;
    private int sweepCursor;
    private long ageNanos;
    private long minPersistenceNanos;
    private int previousPort = MISSING;

    private long learnedCount;
    private long movedCount;
    private long heldCount;
    private long evictionCount;
    private long expiredCount;
    private long refusedCount;

    /** Per port: entries held (see the class comment) and the limit (0 = unlimited). */
    private int[] portEntries = new int[0];
    private int[] portLimits = new int[0];
    /**
     * Per port: the slot of the last source learned there and of the last destination looked up for a frame from
     * there. A host keeps talking to the same peer, so the next frame usually hits them without hashing or probing;
     * a hint is only a guess, checked against the slot's key before use, so moves and deletions need no bookkeeping.
     */
    private int[] learnHints = new int[0];
    /** Told of entries learned, moved and aged (never of refreshes: those are the per-frame steady state). */
    private io.jvde.sw.observe.SwitchEvents events = io.jvde.sw.observe.SwitchEvents.NONE;
    private int[] lookupHints = new int[0];

    /** A table for at least {@code capacity} entries with vde_switch's default age (100 s) and persistence (3 s). */
    public MacTable(final int capacity) {
        this(capacity, DEFAULT_AGE_NANOS, DEFAULT_MIN_PERSISTENCE_NANOS);
    }

    /** @param capacity entries, rounded up to a power of two; 1..{@value #MAX_CAPACITY} */
    public MacTable(final int capacity, final long ageNanos, final long minPersistenceNanos) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("mac table capacity: " + capacity
                + " (expected: 1.." + MAX_CAPACITY + ")");
        }
        this.capacity = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        final int slots = this.capacity * 2;
        this.mask = slots - 1;
        this.keys = new long[slots];
        this.ports = new int[slots];
        this.lastSeen = new long[slots];
        // keys start EMPTY (0); a slot's port is read only where its key is not EMPTY
        ageNanos(ageNanos);
        minPersistenceNanos(minPersistenceNanos);
    }

    /**
     * The port {@code mac} was learned on in VLAN {@code vid}, or {@link #MISSING} if unknown or older than the
     * age limit.
     */
    public int lookup(final int vid, final long mac, final long nowNanos) {
        final int i = slotOf(key(vid, mac));
        return i >= 0 && nowNanos - lastSeen[i] < ageNanos ? ports[i] : MISSING;
    }

    /**
     * As {@link #lookup(int, long, long)} for a frame that entered on {@code fromPort}, which remembers where the
     * answer was: the port's next frame to the same host finds it without hashing.
     */
    public int lookup(final int vid, final long mac, final long nowNanos, final int fromPort) {
        final long key = key(vid, mac);
        if (fromPort < 0 || fromPort >= lookupHints.length) {
            final int i = slotOf(key);
            return i >= 0 && nowNanos - lastSeen[i] < ageNanos ? ports[i] : MISSING;
        }
        int i = lookupHints[fromPort];
        if (keys[i] != key) {
            i = slotOf(key);
            if (i < 0) {
                return MISSING;
            }
            lookupHints[fromPort] = i;
        }
        return nowNanos - lastSeen[i] < ageNanos ? ports[i] : MISSING;
    }

    /** The slot holding {@code key}, or -1. */
    private int slotOf(final long key) {
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

    /**
     * Records that {@code mac} was seen in VLAN {@code vid} on {@code port}.
     *
     * @return {@link #LEARNED}, {@link #REFRESHED}, {@link #MOVED}, {@link #HELD} or {@link #EVICTED_OTHER};
     *         after {@code MOVED} and {@code HELD}, {@link #previousPort()} is the port the entry had
     */
    public int learn(final int vid, final long mac, final int port, final long nowNanos) {
        if (port >= portEntries.length || port < 0) {
            growFor(port);
        }
        final long key = key(vid, mac);
        final int hint = learnHints[port];
        if (keys[hint] == key && ports[hint] == port && nowNanos - lastSeen[hint] < ageNanos) {
            lastSeen[hint] = nowNanos; // the steady state: the port's host again
            return REFRESHED;
        }
        final int result = learnSlow(key, port, nowNanos);
        if (result != REFUSED && result != HELD) {
            learnHints[port] = lastSlot;
        }
        return result;
    }

    /** The slot {@link #learnSlow} left the key in. */
    private int lastSlot;

    private int learnSlow(final long key, final int port, final long nowNanos) {
        final int home = home(key);
        int i = home;
        while (true) {
            final long k = keys[i];
            if (k == key) {
                if (ports[i] != port && atLimit(port)) {
                    return refuse(); // would move (or revive) the entry onto a full port
                }
                lastSlot = i;
                return update(i, port, nowNanos);
            }
            if (k == EMPTY) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (atLimit(port)) {
            return refuse();
        }
        previousPort = MISSING;
        if (size < capacity) {
            insertAt(i, key, port, nowNanos);
            lastSlot = i;
            learnedCount++;
            events.macLearned(vidOf(key), key & Mac48.MASK, port);
            return LEARNED;
        }
        final int victim = evictionCandidate(home);
        final boolean victimExpired = nowNanos - lastSeen[victim] >= ageNanos;
        events.macAged(vidOf(keys[victim]), keys[victim] & Mac48.MASK, ports[victim]);
        removeAt(victim);
        i = home;
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        insertAt(i, key, port, nowNanos);
        lastSlot = i;
        learnedCount++;
        events.macLearned(vidOf(key), key & Mac48.MASK, port);
        if (victimExpired) {
            expiredCount++;
            return LEARNED;
        }
        evictionCount++;
        return EVICTED_OTHER;
    }

    /** Only a table used without {@link #ensurePortCapacity} grows here, once per new highest port. */
    private void growFor(final int port) {
        if (port < 0) {
            throw new IllegalArgumentException("port: " + port + " (expected: >= 0)");
        }
        ensurePortCapacity(port + 1);
    }

    private boolean atLimit(final int port) {
        final int limit = portLimits[port];
        return limit != 0 && portEntries[port] >= limit;
    }

    private int refuse() {
        previousPort = MISSING;
        refusedCount++;
        return REFUSED;
    }

    private int update(final int i, final int port, final long nowNanos) {
        final long age = nowNanos - lastSeen[i];
        final int old = ports[i];
        if (age >= ageNanos) {
            // Expired but not swept yet: it is a new entry, hysteresis does not apply.
            previousPort = MISSING;
            portEntries[old]--;
            portEntries[port]++;
            ports[i] = port;
            lastSeen[i] = nowNanos;
            learnedCount++;
            events.macLearned(vidOf(keys[i]), keys[i] & Mac48.MASK, port);
            return LEARNED;
        }
        if (old == port) {
            lastSeen[i] = nowNanos;
            return REFRESHED;
        }
        previousPort = old;
        // vde hash.c find_in_hash_update: move only if the entry is older than min_persistence; else keep it,
        // without refreshing, so a host that really moved wins once the old port has been quiet that long.
        if (age >= minPersistenceNanos) {
            portEntries[old]--;
            portEntries[port]++;
            ports[i] = port;
            lastSeen[i] = nowNanos;
            movedCount++;
            events.macMoved(vidOf(keys[i]), keys[i] & Mac48.MASK, old, port);
            return MOVED;
        }
        heldCount++;
        return HELD;
    }

    /** The stalest entry among the first {@link #EVICTION_WINDOW} slots from {@code home} (further if all empty). */
    private int evictionCandidate(final int home) {
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        int i = home;
        for (int n = 0; n < EVICTION_WINDOW || victim < 0; n++) {
            if (keys[i] != EMPTY && (victim < 0 || lastSeen[i] - oldest < 0)) {
                victim = i;
                oldest = lastSeen[i];
            }
            i = (i + 1) & mask;
        }
        return victim;
    }

    /** The port before the last {@link #MOVED} or {@link #HELD} result, else {@link #MISSING}. */
    public int previousPort() {
        return previousPort;
    }

    /** Removes every entry learned on {@code port} (port became inactive, its untagged VLAN changed). */
    public void flushPort(final int port) {
        int i = 0;
        while (i <= mask) {
            if (keys[i] != EMPTY && ports[i] == port) {
                removeAt(i); // an entry from further on may have shifted into i: look again
            } else {
                i++;
            }
        }
    }

    /** Removes the entries learned on {@code port} in VLAN {@code vid}. */
    public void flushPortVlan(final int port, final int vid) {
        int i = 0;
        while (i <= mask) {
            final long k = keys[i];
            if (k != EMPTY && ports[i] == port && vidOf(k) == vid) {
                removeAt(i);
            } else {
                i++;
            }
        }
    }

    /** Removes every entry of VLAN {@code vid}. */
    public void flushVlan(final int vid) {
        int i = 0;
        while (i <= mask) {
            final long k = keys[i];
            if (k != EMPTY && vidOf(k) == vid) {
                removeAt(i);
            } else {
                i++;
            }
        }
    }

    public void clear() {
        Arrays.fill(keys, EMPTY);
        Arrays.fill(ports, MISSING);
        Arrays.fill(lastSeen, 0);
        Arrays.fill(portEntries, 0);
        size = 0;
        sweepCursor = 0;
    }

    /** Grows the per-port arrays (entry counts, limits) to at least {@code n} ports. Allocates; control path. */
    public void ensurePortCapacity(final int n) {
        if (n > portEntries.length) {
            portEntries = Arrays.copyOf(portEntries, n);
            portLimits = Arrays.copyOf(portLimits, n);
            learnHints = Arrays.copyOf(learnHints, n);
            lookupHints = Arrays.copyOf(lookupHints, n);
        }
    }

    /**
     * Sets the most entries {@code port} may hold, across all VLANs; 0 removes the limit. Entries it already holds
     * are kept even above a lowered limit: new ones are refused until it is below the limit again.
     */
    public void portLimit(final int port, final int limit) {
        if (port < 0 || limit < 0) {
            throw new IllegalArgumentException("port " + port + " limit " + limit + " (expected: >= 0 each)");
        }
        ensurePortCapacity(port + 1);
        portLimits[port] = limit;
    }

    /** The limit of entries of {@code port}; 0 = unlimited. */
    public int portLimit(final int port) {
        return port >= 0 && port < portLimits.length ? portLimits[port] : 0;
    }

    /** The entries {@code port} holds, in every VLAN, including expired ones the sweep has not removed yet. */
    public int portEntries(final int port) {
        return port >= 0 && port < portEntries.length ? portEntries[port] : 0;
    }

    /**
     * Incremental aging: examines at most {@code maxSlots} slots from where the previous call stopped and removes
     * the expired entries among them. Call it every loop turn; a full pass takes {@code 2 * capacity / maxSlots}
     * calls.
     *
     * @return the number of entries removed
     */
    public int sweep(final long nowNanos, final int maxSlots) {
        if (size == 0) {
            return 0;
        }
        int removed = 0;
        int i = sweepCursor;
        for (int n = 0; n < maxSlots; n++) {
            if (keys[i] != EMPTY && nowNanos - lastSeen[i] >= ageNanos) {
                events.macAged(vidOf(keys[i]), keys[i] & Mac48.MASK, ports[i]);
                removeAt(i); // examine i again: backward shift may have moved a later entry into it
                removed++;
                if (size == 0) {
                    break;
                }
            } else {
                i = (i + 1) & mask;
            }
        }
        sweepCursor = i;
        expiredCount += removed;
        return removed;
    }

    /** Visits every live entry in slot order (control path: {@code hash/print}). */
    public void forEach(final long nowNanos, final MacEntryVisitor visitor) {
        for (int i = 0; i <= mask; i++) {
            final long k = keys[i];
            if (k != EMPTY) {
                final long age = nowNanos - lastSeen[i];
                if (age < ageNanos) {
                    visitor.visit(i, vidOf(k), k & Mac48.MASK, ports[i], age);
                }
            }
        }
    }

    /**
     * Visits the live entry for ({@code vid}, {@code mac}) if there is one ({@code hash/find}).
     *
     * @return true if found
     */
    public boolean find(final int vid, final long mac, final long nowNanos, final MacEntryVisitor visitor) {
        final long key = key(vid, mac);
        int i = home(key);
        while (true) {
            final long k = keys[i];
            if (k == key) {
                final long age = nowNanos - lastSeen[i];
                if (age >= ageNanos) {
                    return false;
                }
                visitor.visit(i, vid, mac & Mac48.MASK, ports[i], age);
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** Entries held, including expired ones the sweep has not reached yet. */
    public int size() {
        return size;
    }

    /** Maximum number of entries (the requested capacity rounded up to a power of two). */
    public int capacity() {
        return capacity;
    }

    public long ageNanos() {
        return ageNanos;
    }

    /** Sets the age limit ({@code hash/setexpire}); applies to existing entries at once. */
    public MacTable ageNanos(final long ageNanos) {
        if (ageNanos <= 0) {
            throw new IllegalArgumentException("mac age: " + ageNanos + " ns (expected: > 0)");
        }
        this.ageNanos = ageNanos;
        return this;
    }

    public long minPersistenceNanos() {
        return minPersistenceNanos;
    }

    /** Sets the move hysteresis ({@code hash/setminper}); 0 lets an address move on its first frame. */
    public MacTable minPersistenceNanos(final long minPersistenceNanos) {
        if (minPersistenceNanos < 0) {
            throw new IllegalArgumentException("min persistence: " + minPersistenceNanos + " ns (expected: >= 0)");
        }
        this.minPersistenceNanos = minPersistenceNanos;
        return this;
    }

    /** New entries created (including revived expired ones). */
    public long learnedCount() {
        return learnedCount;
    }

    public long movedCount() {
        return movedCount;
    }

    /** Moves refused by the minimum persistence. */
    public long heldCount() {
        return heldCount;
    }

    /** Live entries evicted because the table was full. */
    public long evictionCount() {
        return evictionCount;
    }

    /** Entries removed because they aged out. */
    public long expiredCount() {
        return expiredCount;
    }

    /** Entries of {@code port} counted by walking every slot: what {@link #portEntries} must equal (tests). */
    int recountPortEntries(final int port) {
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            if (keys[i] != EMPTY && ports[i] == port) {
                n++;
            }
        }
        return n;
    }

    /** Installs the observer of learned, moved and aged entries (null: none). Loop thread. */
    public void events(final io.jvde.sw.observe.SwitchEvents observer) {
        events = observer == null ? io.jvde.sw.observe.SwitchEvents.NONE : observer;
    }

    /** {@link #learn} calls refused by a port's limit. */
    public long refusedCount() {
        return refusedCount;
    }

    private void insertAt(final int i, final long key, final int port, final long nowNanos) {
        keys[i] = key;
        ports[i] = port;
        lastSeen[i] = nowNanos;
        portEntries[port]++;
        size++;
    }

    /**
     * Deletes slot {@code i} by backward shift (Knuth 6.4 Algorithm R): every later entry of the probe run whose
     * home slot does not lie between the hole and itself moves into the hole, so lookups never need tombstones.
     */
    private void removeAt(final int i) {
        portEntries[ports[i]]--;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            final long k = keys[j];
            if (k == EMPTY) {
                break;
            }
            final int home = home(k);
            // The entry at j may fill the hole if the hole lies cyclically within [home, j).
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = k;
                ports[hole] = ports[j];
                lastSeen[hole] = lastSeen[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        ports[hole] = MISSING;
        lastSeen[hole] = 0;
        size--;
    }

    private int home(final long key) {
        return (int) Hash64.mix(key) & mask;
    }

    private static long key(final int vid, final long mac) {
        return OCCUPIED | ((long) (vid & VID_MASK) << VID_SHIFT) | (mac & Mac48.MASK);
    }

    private static int vidOf(final long key) {
        return (int) (key >>> VID_SHIFT) & VID_MASK;
    }
}
