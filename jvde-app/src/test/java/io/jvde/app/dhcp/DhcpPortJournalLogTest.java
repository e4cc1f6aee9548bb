package io.jvde.app.dhcp;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lease journal's troubles are logged once per {@link DhcpPort#JOURNAL_LOG_INTERVAL_MILLIS}, with the count of
 * what happened since, not once per failure: a full disk under a DISCOVER storm must not flood the log (which may be
 * on that same disk). Time is a manual clock; nothing sleeps.
 */
class DhcpPortJournalLogTest {
    static final long T0 = 1_700_000_000_000L;
    static final long INTERVAL = DhcpPort.JOURNAL_LOG_INTERVAL_MILLIS;

    final AtomicLong clock = new AtomicLong(T0);
    final List<String> log = new CopyOnWriteArrayList<>();
    final DhcpPort port = new DhcpPort(log::add, 0, clock::get);
    final FullableJournal journal = new FullableJournal();
    final DhcpResponder responder = DhcpResponder.start(DhcpSettings.builder()
        .scope(Scope.builder(1, "192.168.1.0/24").range("192.168.1.100", "192.168.1.199").build()).build(),
        journal, (p, vid, frame, offset, length) -> { }, port, T0);

    {
        port.bind(responder);
    }

    @Test
    void shouldLogSyncFailuresOncePerIntervalWithTheCountSince() {
        for (int i = 0; i < 50; i++) { // 50 failures within one interval: one line
            clock.set(T0 + i * (INTERVAL - 1) / 49);
            port.onJournalFailure(new IllegalStateException("write: No space left on device"));
        }
        assertEquals(1, journalLines().size(), log.toString());
        assertTrue(journalLines().get(0).contains("sync failed") && journalLines().get(0).contains("No space left"),
            log.toString());
        clock.set(T0 + INTERVAL); // the interval is over: the next failure is logged, with the 49 suppressed
        port.onJournalFailure(new IllegalStateException("write: No space left on device"));
        assertEquals(2, journalLines().size(), log.toString());
        assertTrue(journalLines().get(1).contains("(49 more failures since the last report)"), journalLines().get(1));
        port.onJournalFailure(new IllegalStateException("write: No space left on device"));
        assertEquals(2, journalLines().size(), "within the next interval again: " + log);
    }

    @Test
    void shouldLogTheFullJournalOnceWhenItFillsThenOncePerIntervalWhileRefusingAndOnceWhenSpaceReturns() {
        journal.full = true;
        tick(T0);
        assertEquals(1, journalLines().size(), log.toString());
        assertTrue(journalLines().get(0).contains("lease journal full"), journalLines().get(0));
        discover(5);
        assertEquals(5, responder.counters().drops(DhcpDropReason.JOURNAL_FULL));
        for (long t = T0 + 1_000; t < T0 + INTERVAL; t += 1_000) {
            tick(t); // a tick a second, as the switch's: nothing new within the interval
        }
        assertEquals(1, journalLines().size(), log.toString());
        tick(T0 + INTERVAL);
        assertEquals(2, journalLines().size(), log.toString());
        assertTrue(journalLines().get(1).contains("still full: 5 requests for new leases unanswered"),
            journalLines().get(1));
        discover(3);
        tick(T0 + INTERVAL + INTERVAL / 2);
        assertEquals(2, journalLines().size(), log.toString());
        tick(T0 + 2 * INTERVAL);
        assertEquals(3, journalLines().size(), log.toString());
        assertTrue(journalLines().get(2).contains("still full: 3 requests for new leases unanswered"),
            journalLines().get(2));
        tick(T0 + 5 * INTERVAL); // full, but nobody was refused since: nothing to say
        assertEquals(3, journalLines().size(), log.toString());
        journal.full = false;
        tick(T0 + 5 * INTERVAL + 1_000);
        tick(T0 + 5 * INTERVAL + 2_000);
        assertEquals(4, journalLines().size(), log.toString());
        assertTrue(journalLines().get(3).contains("lease journal has room again"), journalLines().get(3));
    }

    List<String> journalLines() {
        return log.stream().filter(l -> l.startsWith("dhcp: lease journal")).toList(); // not the per-exchange lines
    }

    void tick(final long millis) {
        clock.set(millis);
        port.onTick(0, null);
    }

    /** {@code n} DISCOVERs from new clients on VLAN 1 (each refused while the journal is full). */
    void discover(final int n) {
        for (int i = 0; i < n; i++) {
            final byte[] f = ClientFrame.discover(String.format("52:54:00:77:%02x:%02x", n, i)).frame();
            responder.onFrame(3, 1, Unpooled.wrappedBuffer(f), 0, f.length, clock.get());
        }
    }

    /** An in-memory journal whose {@link #full()} the test sets, as a disk filling up and emptying would. */
    static final class FullableJournal implements LeaseJournal {
        private final LeaseJournal delegate = LeaseJournal.inMemory();
        volatile boolean full;

        @Override
        public long append(final int type, final int vid, final int address, final long mac, final long time,
                           final byte[] clientId, final byte[] hostname) {
            return delegate.append(type, vid, address, mac, time, clientId, hostname);
        }

        @Override
        public long appendedSequence() {
            return delegate.appendedSequence();
        }

        @Override
        public long durableSequence() {
            return delegate.durableSequence();
        }

        @Override
        public long sync() {
            return delegate.sync();
        }

        @Override
        public void replay(final Visitor visitor) {
            delegate.replay(visitor);
        }

        @Override
        public long recordCount() {
            return delegate.recordCount();
        }

        @Override
        public void compact(final Snapshot snapshot) {
            delegate.compact(snapshot);
        }

        @Override
        public boolean full() {
            return full;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
