package io.jvde.dhcp.lease;

/** The in-memory mode: counts records, persists nothing, replays nothing. */
final class InMemoryLeaseJournal implements LeaseJournal {
    private long appended;

    @Override
    public long append(final int type, final int vid, final int address, final long mac, final long time,
                       final byte[] clientId, final byte[] hostname) {
        return ++appended;
    }

    @Override
    public long appendedSequence() {
        return appended;
    }

    @Override
    public long durableSequence() {
        return appended;
    }

    @Override
    public long sync() {
        return appended;
    }

    @Override
    public void replay(final Visitor visitor) {
        // nothing was kept
    }

    @Override
    public long recordCount() {
        return 0;
    }

    @Override
    public void compact(final Snapshot snapshot) {
        // nothing to compact
    }

    @Override
    public void close() {
        // nothing to release
    }
}
