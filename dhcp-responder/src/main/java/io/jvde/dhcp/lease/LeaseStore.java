package io.jvde.dhcp.lease;

import java.util.ArrayList;
import java.util.List;

/**
 * The lease tables of all scopes and the journal they share. Start-up is: construct, {@link #register} every
 * scope, {@link #replay}; then the event loop mutates scopes, calls {@link #sync} once per turn (the group commit),
 * and {@link #compactIfDue} after it. The journal is compacted when it holds more than {@code compactionFactor}
 * times as many records as there are live leases (and at least {@code minRecordsToCompact}), so its size stays
 * proportional to the live set and compaction costs O(1) amortised per change.
 */
public final class LeaseStore implements AutoCloseable {
    public static final int DEFAULT_COMPACTION_FACTOR = 4;
    public static final int DEFAULT_MIN_RECORDS_TO_COMPACT = 10_000;

    private final LeaseJournal journal;
    private final ScopeLeases[] byVid = new ScopeLeases[4096];
    private final List<ScopeLeases> scopes = new ArrayList<>();
    private final int compactionFactor;
    private final long minRecordsToCompact;
    private long replayed;
    private long compactions;

    public LeaseStore(final LeaseJournal journal) {
        this(journal, DEFAULT_COMPACTION_FACTOR, DEFAULT_MIN_RECORDS_TO_COMPACT);
    }

    public LeaseStore(final LeaseJournal journal, final int compactionFactor, final long minRecordsToCompact) {
        if (compactionFactor < 2) {
            throw new IllegalArgumentException("compaction factor: " + compactionFactor + " (expected: >= 2)");
        }
        this.journal = journal;
        this.compactionFactor = compactionFactor;
        this.minRecordsToCompact = minRecordsToCompact;
    }

    /** Creates and registers the lease table of a scope. */
    public ScopeLeases register(final int vid, final AddressPool pool, final int[] reservedAddresses,
                                final boolean keyByClientId) {
        if (vid < 0 || vid >= byVid.length) {
            throw new IllegalArgumentException("vid: " + vid + " (expected: 0..4095)");
        }
        if (byVid[vid] != null) {
            throw new IllegalStateException("vid: " + vid + " (expected: registered once)");
        }
        final ScopeLeases s = new ScopeLeases(vid, pool, reservedAddresses, keyByClientId, journal);
        byVid[vid] = s;
        scopes.add(s);
        return s;
    }

    public ScopeLeases scope(final int vid) {
        return vid >= 0 && vid < byVid.length ? byVid[vid] : null;
    }

    public List<ScopeLeases> scopes() {
        return List.copyOf(scopes);
    }

    public LeaseJournal journal() {
        return journal;
    }

    /**
     * Rebuilds every scope from the journal, then expires what ran out while the switch was down; a journal with a
     * damaged middle is compacted at once (its damaged records' addresses stay quarantined, see
     * {@link FileLeaseJournal}). Records for
     * VLANs without a scope are skipped (and vanish at the next compaction). Returns the records applied.
     */
    public long replay(final long now) {
        final Replay replay = new Replay(this);
        journal.replay(replay);
        for (final ScopeLeases s : scopes) {
            s.expire(now);
        }
        replayed = replay.applied;
        if (!journal.damage().isEmpty()) {
            compact(); // appends must not follow a damaged region: the next replay would have to skip it again
        }
        return replayed;
    }

    /** The group commit: makes every record appended so far durable; returns the durable sequence. */
    public long sync() {
        return journal.sync();
    }

    /** Live records over all scopes. */
    public long liveRecords() {
        long n = 0;
        for (final ScopeLeases s : scopes) {
            n += s.size();
        }
        return n;
    }

    /** Compacts the journal when it has grown past the threshold; true when it did. */
    public boolean compactIfDue() {
        final long records = journal.recordCount();
        if (records < minRecordsToCompact || records <= compactionFactor * liveRecords()) {
            return false;
        }
        compact();
        return true;
    }

    /** Rewrites the journal as one record per live lease. */
    public void compact() {
        journal.compact(out -> {
            for (final ScopeLeases s : scopes) {
                s.snapshot(out);
            }
        });
        compactions++;
    }

    public long compactions() {
        return compactions;
    }

    public long replayedRecords() {
        return replayed;
    }

    @Override
    public void close() {
        journal.close();
    }

    /** Applies replayed records to their scopes; a class, not a lambda, on the start path (docs/architecture.md §7). */
    private static final class Replay implements LeaseJournal.Visitor {
        private final LeaseStore store;
        long applied;

        Replay(final LeaseStore store) {
            this.store = store;
        }

        @Override
        public void record(final int type, final int vid, final int address, final long mac, final long time,
                           final byte[] clientId, final byte[] hostname) {
            final ScopeLeases s = store.scope(vid);
            if (s != null) {
                s.replay(type, address, mac, time, clientId, hostname);
                applied++;
            }
        }
    }
}
