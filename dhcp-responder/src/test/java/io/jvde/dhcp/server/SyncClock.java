package io.jvde.dhcp.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock for {@link io.jvde.dhcp.lease.FileLeaseJournal#syncAdaptively} that makes the journal's syncs look as
 * fast or slow as the test says, whatever the disk did: the journal reads it once before and once after each sync
 * (one thread at a time: the channel's owner), and each read advances it by the duration in effect, so the
 * difference of the two is that duration.
 */
final class SyncClock implements LongSupplier {
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong step = new AtomicLong();
    /** Every {@code slowEvery}-th sync takes {@code slowNanos} (0: none does). */
    private final int slowEvery;
    private final long slowNanos;
    private final AtomicLong reads = new AtomicLong();

    /** Every sync takes {@code nanos} until {@link #syncsTake} says otherwise. */
    SyncClock(final long nanos) {
        this(nanos, 0, 0);
    }

    /** Syncs take {@code nanos}, every {@code slowEvery}-th one {@code slowNanos}. */
    SyncClock(final long nanos, final int slowEvery, final long slowNanos) {
        step.set(nanos);
        this.slowEvery = slowEvery;
        this.slowNanos = slowNanos;
    }

    /** From the next sync on, each takes {@code nanos}. */
    void syncsTake(final long nanos) {
        step.set(nanos);
    }

    @Override
    public long getAsLong() {
        final long read = reads.getAndIncrement();
        final boolean slow = slowEvery > 0 && (read / 2) % slowEvery == slowEvery - 1;
        return now.addAndGet(slow ? slowNanos : step.get());
    }
}
