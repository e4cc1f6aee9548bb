package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ACK leaves the switch only after the journal record of its lease is durable; one fsync serves a batch. */
class GroupCommitTest {
    @TempDir
    Path dir;

    private DhcpSettings settings() {
        return DhcpSettings.builder().scope(Harness.lan().build()).build();
    }

    @Test
    void shouldHoldTheAckUntilFlushSyncedTheJournal() {
        try (Harness h = new Harness(settings(), FileLeaseJournal.open(dir.resolve("j")))) {
            h.send(ClientFrame.discover("52:54:00:aa:00:01"));
            final ReplyView offer = h.reply();
            assertEquals(1, h.sink.count(), "an OFFER needs no durability");
            h.send(ClientFrame.request("52:54:00:aa:00:01").serverId("192.168.1.254")
                .requestedIp(Bytes.ip(offer.yiaddr)));
            assertEquals(1, h.sink.count(), "the ACK waits");
            assertEquals(1, h.responder.pendingReplies());
            assertEquals(1, h.responder.flush());
            assertEquals(2, h.sink.count());
            assertEquals(5, h.reply().messageType());
        }
    }

    @Test
    void shouldSyncOnceForABatchOfAcks() {
        try (Harness h = new Harness(settings(), FileLeaseJournal.open(dir.resolve("j")))) {
            for (int i = 0; i < 20; i++) {
                h.send(ClientFrame.request(String.format("52:54:00:aa:01:%02x", i))
                    .requestedIp("192.168.1." + (100 + i)));
            }
            assertEquals(20, h.responder.pendingReplies());
            assertEquals(20, h.responder.flush());
            assertEquals(1, h.responder.counters().syncs());
        }
    }

    @Test
    void shouldFindEveryAcknowledgedLeaseAfterARestart() {
        final Path journal = dir.resolve("j");
        final int address;
        try (Harness h = new Harness(settings(), FileLeaseJournal.open(journal))) {
            address = h.dora("52:54:00:aa:00:01").yiaddr;
        }
        try (Harness h = new Harness(settings(), FileLeaseJournal.open(journal))) {
            final List<LeaseInfo> leases = h.responder.leases(1, h.now);
            assertEquals(1, leases.size());
            assertEquals(address, leases.get(0).address());
            assertEquals("bound", leases.get(0).state());
            assertEquals(address, h.dora("52:54:00:aa:00:01").yiaddr);
        }
    }

    @Test
    void shouldSendAcksAtOnceWithTheInMemoryJournal() {
        try (Harness h = new Harness(settings(), LeaseJournal.inMemory())) {
            h.send(ClientFrame.request("52:54:00:aa:00:01").requestedIp("192.168.1.120"));
            assertEquals(0, h.responder.pendingReplies());
            assertEquals(5, h.reply().messageType());
        }
    }

    @Test
    void shouldFlushByItselfWhenEveryReplySlotWaitsForTheJournal() {
        final DhcpSettings big = DhcpSettings.builder().scope(io.jvde.dhcp.config.Scope.builder(1, "10.1.0.0/16")
            .range("10.1.0.1", "10.1.7.250").build()).build();
        final int requests = Outbound.DEFAULT_SLOTS + 44;
        try (Harness h = new Harness(big, FileLeaseJournal.open(dir.resolve("j")))) {
            for (int i = 0; i < requests; i++) {
                h.send(ClientFrame.request(String.format("52:54:00:aa:%02x:%02x", i >>> 8, i & 0xFF))
                    .requestedIp("10.1." + i / 200 + "." + (1 + i % 200)));
            }
            assertTrue(h.sink.count() >= Outbound.DEFAULT_SLOTS, "a full ring synced and sent without a flush");
            h.responder.flush();
            assertEquals(requests, h.sink.count());
            h.sink.sent().forEach(sent -> assertEquals(5, sent.view().messageType()));
            assertEquals(0, h.responder.pendingReplies());
        }
    }

    @Test
    void shouldDropWaitingAcksCountThemAndKeepServingWhenTheJournalFails() {
        final LeaseJournal failing = new LeaseJournal() {
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
                return 0;
            }

            @Override
            public long sync() {
                throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
            }

            @Override
            public void replay(final Visitor visitor) {
            }

            @Override
            public long recordCount() {
                return appended;
            }

            @Override
            public void compact(final Snapshot snapshot) {
            }

            @Override
            public void close() {
            }
        };
        final Harness h = new Harness(settings(), failing);
        h.send(ClientFrame.request("52:54:00:aa:00:01").requestedIp("192.168.1.120"));
        assertEquals(0, h.responder.flush());
        assertEquals(0, h.sink.count(), "no ACK for a lease that is not durable");
        assertEquals(1, h.responder.counters().drops(io.jvde.dhcp.DhcpDropReason.JOURNAL_FAILED));
        assertEquals(1, h.events.journalFailures.size());
        h.send(ClientFrame.discover("52:54:00:aa:00:02"));
        assertEquals(2, h.reply().messageType(), "offers still go out");
    }
}
