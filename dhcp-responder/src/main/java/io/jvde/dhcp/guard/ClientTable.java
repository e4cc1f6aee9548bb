package io.jvde.dhcp.guard;

/**
 * Per-(VLAN, MAC) state of DHCP clients on untrusted ports: a token bucket and the port of the client's latest
 * message (which the binding table borrows for ACKs it sees passing). Bounded; when full, entries idle long enough
 * for their bucket to be full again are evicted, which loses nothing, because a new entry starts with a full
 * bucket. When every entry is still active a full sweep would find nothing, so the next sweep waits until the
 * first entry can have gone stale: under a flood of random MACs the table costs one failed probe per packet, not
 * a sweep.
 */
final class ClientTable extends OpenTable {
    /** An entry idle this long is stale even when its bucket refills faster (or there is no per-MAC limit). */
    static final long MIN_IDLE_MILLIS = 1000;

    final long[] tokens;
    /** Time of the entry's latest message, which is also its bucket's last refill. */
    final long[] stamps;
    final int[] port;
    private long idleMillis;
    private long nextSweep;

    ClientTable(final int capacity, final int rate, final int burst) {
        super(capacity);
        tokens = new long[slots()];
        stamps = new long[slots()];
        port = new int[slots()];
        limits(rate, burst);
    }

    /** New limits (reconfiguration): buckets above the new burst are cut to it. */
    void limits(final int rate, final int burst) {
        idleMillis = Math.max(MIN_IDLE_MILLIS, TokenBucket.refillMillis(rate, burst));
        final long cap = TokenBucket.full(burst);
        for (int i = 0; i < slots(); i++) {
            if (tokens[i] > cap) {
                tokens[i] = cap;
            }
        }
        nextSweep = 0;
    }


    @Override
    boolean stale(final int slot, final long now) {
        return now - stamps[slot] >= idleMillis;
    }

    /**
     * Slot of (vid, mac), created with a full bucket of {@code burst} when absent; -1 when the table is full of
     * active clients.
     */
    int acquire(final int vid, final long mac, final long now, final int burst) {
        final long k = key(vid, mac);
        int slot = find(k);
        if (slot >= 0) {
            return slot;
        }
        slot = insert(k);
        if (slot < 0 && now >= nextSweep) {
            sweep(now);
            slot = insert(k);
            if (slot < 0) {
                nextSweep = oldestStamp() + idleMillis;
            }
        }
        if (slot >= 0) {
            tokens[slot] = TokenBucket.full(burst);
            stamps[slot] = now;
        }
        return slot;
    }

    private long oldestStamp() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < slots(); i++) {
            if (keys[i] != EMPTY && stamps[i] < oldest) {
                oldest = stamps[i];
            }
        }
        return oldest;
    }

    /** Port of the latest message of (vid, mac), or -1. */
    int portOf(final int vid, final long mac) {
        final int slot = find(key(vid, mac));
        return slot < 0 ? -1 : port[slot];
    }
}
