package io.jvde.dhcp.lease;

import java.io.Closeable;

/**
 * Where lease changes become durable. Appends are cheap and buffered; {@link #sync()} makes every record appended
 * so far durable with one write and one fsync (group commit). A reply that acknowledges a lease must not leave the
 * switch before the sync that covers its record: the responder stages such replies and releases them after
 * {@link #sync()} returns a sequence at or past theirs.
 */
public interface LeaseJournal extends Closeable {
    /** Address bound to a client until {@code time} (ms since the epoch); supersedes older records for both. */
    int BIND = 1;
    /** The client gave the address back at {@code time}; it keeps the affinity. */
    int RELEASE = 2;
    /** The address is quarantined until {@code time} (DHCPDECLINE). */
    int DECLINE = 3;
    /** The record for the address is gone (administrative delete). */
    int FREE = 4;

    /**
     * Buffers one record and returns its sequence number (1, 2, ...). {@code clientId} and {@code hostname} may be
     * null. Never blocks on the disk unless the buffer is full.
     */
    long append(int type, int vid, int address, long mac, long time, byte[] clientId, byte[] hostname);

    /** Sequence of the last appended record (0 when none). */
    long appendedSequence();

    /** Sequence of the last record known durable. */
    long durableSequence();

    /** Writes and fsyncs everything appended; returns the durable sequence. Throws on I/O failure. */
    long sync();

    /**
     * The group commit without waiting: starts making everything appended so far durable and returns the durable
     * sequence as it is now, which may be behind {@link #appendedSequence()}. A journal that syncs on a thread of its
     * own ({@link FileLeaseJournal#syncInBackground}) hands the records to it, or, while it is still busy with the
     * previous batch, keeps them for the next one, and says when it is done (an adaptive one,
     * {@link FileLeaseJournal#syncAdaptively}, syncs here instead while syncs are fast and the batch small, and
     * then returns the new durable sequence); any other journal syncs here. Throws
     * on I/O failure (of this or an earlier background batch): the records appended up to then are not durable.
     */
    default long commit() {
        return sync();
    }

    /** Feeds every intact record to {@code visitor} in order; stops at (and cuts off) a torn or corrupt tail. */
    void replay(Visitor visitor);

    /** Records in the journal: those replayed or written by the last compaction, plus those appended since. */
    long recordCount();

    /**
     * Replaces the journal with the live state: {@code snapshot} appends one record per live lease to the writer it
     * is given; the new file becomes the journal by atomic rename once it is durable.
     */
    void compact(Snapshot snapshot);

    /** Start offsets of damaged regions the last replay skipped over (empty when intact). */
    default java.util.List<Long> damage() {
        return java.util.List.of();
    }

    /** Bytes the last replay cut off a torn or corrupt tail. */
    default long discardedBytes() {
        return 0;
    }

    /**
     * True while the disk has no room: the journal still persists records into space it set aside, and the server
     * grants renewals of existing leases only (no new leases) until space returns.
     */
    default boolean full() {
        return false;
    }

    @Override
    void close();

    /** Receives replayed records. */
    @FunctionalInterface
    interface Visitor {
        void record(int type, int vid, int address, long mac, long time, byte[] clientId, byte[] hostname);
    }

    /** Writes the live state during compaction. */
    @FunctionalInterface
    interface Snapshot {
        void writeTo(Visitor out);
    }

    /** A journal that keeps nothing: every append is immediately "durable". For tests and diskless use. */
    static LeaseJournal inMemory() {
        return new InMemoryLeaseJournal();
    }
}
