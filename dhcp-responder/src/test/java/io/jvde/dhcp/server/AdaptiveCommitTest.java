package io.jvde.dhcp.server;

import static io.jvde.dhcp.server.CommitFixtures.flushUntil;
import static io.jvde.dhcp.server.CommitFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.testsupport.Harness;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adaptive group commit ({@link FileLeaseJournal#syncAdaptively}): the batch is synced on the caller's thread
 * (the event loop) while syncs are fast and the batch small, and handed to the journal's thread after a slow sync or
 * for a large batch; once the journal thread's syncs are fast again, batches come back to the caller. The syncs'
 * durations come from a test clock ({@link SyncClock}), not from the disk. Whichever thread syncs, no ACK leaves
 * before the fsync covering its lease (RFC 2131 §4.3.1).
 */
@Timeout(60)
class AdaptiveCommitTest {
    private static final long START = Harness.START;
    private static final int MAC_BYTE = 0xcc;
    private static final long FAST = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long THRESHOLD = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int LARGE_BATCH = 4;

    @TempDir
    Path dir;

    /** Records, for every ACK, the journal's durable sequence at the moment it was sent. */
    private static final class DurabilityCheckingSink implements FrameSink {
        FileLeaseJournal journal;
        final List<Long> acks = new ArrayList<>();

        @Override
        public void send(final int port, final int vid, final ByteBuf frame, final int offset, final int length) {
            if (frame.getUnsignedByte(offset + 14 + 20 + 8 + 240 + 2) == 5) { // option 53 = ACK (first option)
                acks.add(journal.durableSequence());
            }
        }
    }



    private static void assertEveryAckCovered(final List<Long> acks) {
        for (int i = 0; i < acks.size(); i++) { // the i-th ACK's record is sequence i + 1
            assertTrue(acks.get(i) >= i + 1, "ACK " + i + " left with durable " + acks.get(i));
        }
    }

    @Test
    void shouldSyncOnTheCallerWhileFastMoveToTheJournalThreadAfterASlowSyncAndComeBackWhenFastAgain()
        throws Exception {
        final DurabilityCheckingSink sink = new DurabilityCheckingSink();
        final FileLeaseJournal journal = FileLeaseJournal.open(dir.resolve("j"));
        sink.journal = journal;
        final SyncClock clock = new SyncClock(FAST);
        final AtomicInteger wakes = new AtomicInteger();
        int n = 0;
        try (DhcpResponder r = DhcpResponder.start(DhcpSettings.builder().scope(Harness.lan().build()).build(),
            journal, sink, null, START)) {
            journal.syncAdaptively(wakes::incrementAndGet, THRESHOLD, LARGE_BATCH, clock);
            // fast syncs: each batch is synced by the flush itself, and its ACK leaves at once
            for (int i = 0; i < 3; i++) {
                request(r, MAC_BYTE, n++);
                assertEquals(1, r.flush(), "the ACK left with the flush that synced it");
            }
            assertEquals(3, journal.callerSyncs());
            assertEquals(0, journal.backgroundBatches());
            // the disk turns slow: the caller pays for the one sync that shows it ...
            clock.syncsTake(SLOW);
            request(r, MAC_BYTE, n++);
            assertEquals(1, r.flush(), "still synced on the caller: no sync had been slow yet");
            assertEquals(4, journal.callerSyncs());
            // ... and the batches after it go to the journal's thread
            request(r, MAC_BYTE, n++);
            r.flush();
            assertEquals(1, journal.backgroundBatches(), "handed over after a slow sync");
            assertEquals(4, journal.callerSyncs());
            final int handedAfterSlow = n;
            assertTrue(flushUntil(r, () -> sink.acks.size() == handedAfterSlow), "the handed-over ACK left");
            // the thread advances the durable sequence before it calls the wake-up: the ACK can leave first
            assertTrue(flushUntil(r, () -> wakes.get() >= 1), "the journal thread reported its batch");
            // the disk is fast again: the journal thread's syncs show it, and the batches come back to the caller
            clock.syncsTake(FAST);
            final long callerBefore = journal.callerSyncs();
            for (int batch = 0; batch < 50 && journal.callerSyncs() == callerBefore; batch++) {
                request(r, MAC_BYTE, n++);
                r.flush();
                final int expected = n;
                assertTrue(flushUntil(r, () -> sink.acks.size() == expected), "ACK " + expected + " left");
            }
            assertEquals(callerBefore + 1, journal.callerSyncs(), "back on the caller once the syncs are fast");
            assertTrue(journal.averageSyncNanos() < THRESHOLD, "the average came down: " + journal.averageSyncNanos());
            request(r, MAC_BYTE, n++);
            assertEquals(1, r.flush(), "and it stays there while they are fast");
            assertEveryAckCovered(sink.acks);
            assertEquals(0, r.pendingReplies());
        }
    }

    @Test
    void shouldHandALargeBatchToTheJournalThreadEvenWhenSyncsAreFast() throws Exception {
        final DurabilityCheckingSink sink = new DurabilityCheckingSink();
        final FileLeaseJournal journal = FileLeaseJournal.open(dir.resolve("j"));
        sink.journal = journal;
        try (DhcpResponder r = DhcpResponder.start(DhcpSettings.builder().scope(Harness.lan().build()).build(),
            journal, sink, null, START)) {
            journal.syncAdaptively(() -> { }, THRESHOLD, LARGE_BATCH, new SyncClock(FAST));
            for (int i = 0; i < LARGE_BATCH - 1; i++) {
                request(r, MAC_BYTE, i);
            }
            assertEquals(LARGE_BATCH - 1, r.flush(), "a small batch: synced by the flush");
            for (int i = 0; i < LARGE_BATCH; i++) {
                request(r, MAC_BYTE, LARGE_BATCH - 1 + i);
            }
            r.flush();
            assertEquals(1, journal.backgroundBatches(), "a large batch: to the journal thread");
            assertEquals(1, journal.callerSyncs());
            assertTrue(flushUntil(r, () -> sink.acks.size() == 2 * LARGE_BATCH - 1), "every ACK left");
            assertEveryAckCovered(sink.acks);
        }
    }

    @Test
    void shouldHandEveryBatchToTheJournalThreadWithAThresholdOfZero() throws Exception {
        final DurabilityCheckingSink sink = new DurabilityCheckingSink();
        final FileLeaseJournal journal = FileLeaseJournal.open(dir.resolve("j"));
        sink.journal = journal;
        try (DhcpResponder r = DhcpResponder.start(DhcpSettings.builder().scope(Harness.lan().build()).build(),
            journal, sink, null, START)) {
            journal.syncAdaptively(() -> { }, 0, LARGE_BATCH, new SyncClock(0));
            for (int i = 0; i < 3; i++) {
                request(r, MAC_BYTE, i);
                r.flush();
                final int expected = i + 1;
                assertTrue(flushUntil(r, () -> sink.acks.size() == expected), "ACK " + expected + " left");
            }
            assertEquals(3, journal.backgroundBatches());
            assertEquals(0, journal.callerSyncs(), "always the journal thread (-Djvde.dhcp.syncInBackground=true)");
            assertEveryAckCovered(sink.acks);
        }
    }
}
