package io.jvde.dhcp.server;

import static io.jvde.dhcp.server.CommitFixtures.flushUntil;
import static io.jvde.dhcp.server.CommitFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.testsupport.Harness;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease journal syncing on its own thread ({@link FileLeaseJournal#syncInBackground}), as the switch runs it:
 * the responder's flush never waits for the disk, and still no ACK leaves before the fsync that covers its lease
 * (RFC 2131 §4.3.1: the server commits the binding before it sends DHCPACK).
 */
class BackgroundGroupCommitTest {
    private static final long START = Harness.START;
    private static final int MAC_BYTE = 0xbb;

    @TempDir
    Path dir;

    /** Records, for every ACK, the journal's durable and appended sequences at the moment it was sent. */
    private static final class DurabilityCheckingSink implements FrameSink {
        FileLeaseJournal journal;
        final List<long[]> acks = new ArrayList<>();

        @Override
        public void send(final int port, final int vid, final ByteBuf frame, final int offset, final int length) {
            if (frame.getUnsignedByte(offset + 14 + 20 + 8 + 240 + 2) == 5) { // option 53 = ACK (first option)
                acks.add(new long[] {journal.durableSequence(), journal.appendedSequence()});
            }
        }
    }

    private static DhcpSettings settings() {
        return DhcpSettings.builder().scope(Harness.lan().build()).build();
    }



    @Test
    void shouldSendEachAckOnlyAfterTheFsyncThatCoversItsLease() throws Exception {
        final DurabilityCheckingSink sink = new DurabilityCheckingSink();
        final FileLeaseJournal journal = FileLeaseJournal.open(dir.resolve("j"));
        sink.journal = journal;
        final AtomicInteger wakes = new AtomicInteger();
        try (DhcpResponder r = DhcpResponder.start(settings(), journal, sink, null, START)) {
            journal.syncInBackground(wakes::incrementAndGet);
            for (int batch = 0; batch < 5; batch++) {
                for (int i = 0; i < 10; i++) {
                    request(r, MAC_BYTE, batch * 10 + i);
                }
                r.flush(); // hands the batch to the journal's thread
            }
            assertTrue(flushUntil(r, () -> sink.acks.size() == 50), "every ACK left: " + sink.acks.size());
            for (final long[] a : sink.acks) {
                assertTrue(a[0] >= 1, "an ACK left before any fsync");
            }
            // ACKs leave in order, each covered: the i-th ACK's record (sequence i + 1) was durable when it left
            for (int i = 0; i < sink.acks.size(); i++) {
                assertTrue(sink.acks.get(i)[0] >= i + 1, "ACK " + i + " left with durable " + sink.acks.get(i)[0]);
            }
            assertTrue(flushUntil(r, () -> wakes.get() >= 1), "the journal's thread reported its batches");
            assertEquals(0, r.pendingReplies());
        }
        try (FileLeaseJournal reopened = FileLeaseJournal.open(dir.resolve("j"));
             DhcpResponder r = DhcpResponder.start(settings(), reopened, (p, v, f, o, l) -> { }, null, START)) {
            final List<LeaseInfo> leases = r.leases(1, START);
            assertEquals(50, leases.size(), "every acknowledged lease is in the journal");
        }
    }

    @Test
    void shouldNotWaitForTheDiskWhileTheJournalThreadIsBusy() throws Exception {
        final DurabilityCheckingSink sink = new DurabilityCheckingSink();
        final FileLeaseJournal journal = FileLeaseJournal.open(dir.resolve("j"));
        sink.journal = journal;
        final CountDownLatch stuck = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger wakes = new AtomicInteger();
        try (DhcpResponder r = DhcpResponder.start(settings(), journal, sink, null, START)) {
            journal.syncInBackground(() -> {
                if (wakes.incrementAndGet() == 1) { // holds the journal's thread after its first batch
                    stuck.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            request(r, MAC_BYTE, 0);
            r.flush();
            assertTrue(stuck.await(10, TimeUnit.SECONDS), "first batch synced");
            assertTrue(flushUntil(r, () -> sink.acks.size() == 1), "the first ACK left");
            request(r, MAC_BYTE, 1);
            r.flush(); // handed over: the thread takes it once released
            request(r, MAC_BYTE, 2);
            assertEquals(0, r.flush(), "nothing durable yet, and the flush did not wait for it");
            assertEquals(2, r.pendingReplies());
            assertEquals(1, journal.durableSequence());
            release.countDown();
            assertTrue(flushUntil(r, () -> sink.acks.size() == 3), "the held ACKs left once durable");
            for (int i = 0; i < 3; i++) {
                assertTrue(sink.acks.get(i)[0] >= i + 1, "ACK " + i + " left with durable " + sink.acks.get(i)[0]);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldSendEveryPendingAckWhenClosed() throws Exception {
        final DurabilityCheckingSink sink = new DurabilityCheckingSink();
        final FileLeaseJournal journal = FileLeaseJournal.open(dir.resolve("j"));
        sink.journal = journal;
        final DhcpResponder r = DhcpResponder.start(settings(), journal, sink, null, START);
        journal.syncInBackground(() -> { });
        for (int i = 0; i < 20; i++) {
            request(r, MAC_BYTE, i);
        }
        r.flush();
        r.close();
        assertEquals(20, sink.acks.size(), "close waits for the disk and sends what waited");
        for (int i = 0; i < 20; i++) {
            assertTrue(sink.acks.get(i)[0] >= i + 1, "ACK " + i + " left with durable " + sink.acks.get(i)[0]);
        }
    }
}
