package io.jvde.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLeaseJournalTest {
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    record Rec(int type, int vid, int address, long mac, long time, byte[] clientId, byte[] hostname) {
    }

    private Path file() {
        return dir.resolve("leases.journal");
    }

    private static List<Rec> replay(final FileLeaseJournal j) {
        final List<Rec> list = new ArrayList<>();
        j.replay((type, vid, address, mac, time, clientId, hostname) ->
            list.add(new Rec(type, vid, address, mac, time, clientId, hostname)));
        return list;
    }

    @Test
    void shouldReplayEveryRecordItAppended() {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            j.append(LeaseJournal.BIND, 7, Bytes.ip("10.0.0.5"), 0x525400000001L, NOW, Bytes.hex("01525400000001"),
                Bytes.ascii("node1"));
            j.append(LeaseJournal.RELEASE, 7, Bytes.ip("10.0.0.5"), 0x525400000001L, NOW + 1, null, null);
            assertEquals(2, j.sync());
        }
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            final List<Rec> recs = replay(j);
            assertEquals(2, recs.size());
            final Rec bind = recs.get(0);
            assertEquals(LeaseJournal.BIND, bind.type());
            assertEquals(7, bind.vid());
            assertEquals(Bytes.ip("10.0.0.5"), bind.address());
            assertEquals(0x525400000001L, bind.mac());
            assertEquals(NOW, bind.time());
            assertArrayEquals(Bytes.hex("01525400000001"), bind.clientId());
            assertArrayEquals(Bytes.ascii("node1"), bind.hostname());
            assertNull(recs.get(1).clientId());
            assertEquals(0, j.discardedBytes());
        }
    }

    /**
     * Batches written without fsync ({@code --dhcp-lease-sync write}) are in the file once {@code sync()} returns,
     * durable in the sense the server relies on for its ACKs (another reader, or the next start, sees them).
     */
    @Test
    void shouldHaveWrittenEachBatchToTheFileWhenSyncReturnsWithoutFsync() throws IOException {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            j.fsyncEachBatch(false);
            final long before = java.nio.file.Files.size(file());
            j.append(LeaseJournal.BIND, 0, Bytes.ip("10.0.0.6"), 0x525400000002L, NOW, null, Bytes.ascii("node2"));
            assertEquals(1, j.sync());
            assertEquals(1, j.durableSequence());
            assertTrue(java.nio.file.Files.size(file()) > before, "the record is in the file");
        }
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            final List<Rec> recs = replay(j);
            assertEquals(1, recs.size());
            assertArrayEquals(Bytes.ascii("node2"), recs.get(0).hostname());
        }
    }

    @Test
    void shouldIgnoreAndCutOffATornTailAtEveryPossibleTearPoint() throws IOException {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            for (int i = 0; i < 3; i++) {
                j.append(LeaseJournal.BIND, 1, Bytes.ip("10.0.0.1") + i, i + 1, NOW, null, Bytes.ascii("h" + i));
            }
            j.sync();
        }
        final byte[] full = Files.readAllBytes(file());
        final int lastRecordStart = full.length - (FileLeaseJournal.RECORD_HEADER_LENGTH
            + FileLeaseJournal.FIXED_PAYLOAD_LENGTH + 2);
        for (int cut = lastRecordStart; cut < full.length; cut++) {
            Files.write(file(), java.util.Arrays.copyOf(full, cut));
            try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
                assertEquals(2, replay(j).size(), "cut at " + cut);
                assertEquals(cut - lastRecordStart, j.discardedBytes());
                j.append(LeaseJournal.FREE, 1, Bytes.ip("10.0.0.9"), 0, 0, null, null);
                j.sync();
            }
            try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
                final List<Rec> recs = replay(j);
                assertEquals(3, recs.size(), "appends after a torn tail follow intact data");
                assertEquals(LeaseJournal.FREE, recs.get(2).type());
            }
        }
    }

    @Test
    void shouldStopAtARecordWhoseChecksumFails() throws IOException {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            j.append(LeaseJournal.BIND, 1, 1, 1, NOW, null, null);
            j.append(LeaseJournal.BIND, 1, 2, 2, NOW, null, null);
            j.sync();
        }
        final byte[] b = Files.readAllBytes(file());
        b[b.length - 3] ^= 0x40; // inside the second record's payload
        Files.write(file(), b);
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            assertEquals(1, replay(j).size());
        }
    }

    @Test
    void shouldIgnoreGarbageAppendedAfterTheLastRecord() throws IOException {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            j.append(LeaseJournal.BIND, 1, 1, 1, NOW, null, null);
            j.sync();
        }
        Files.write(file(), new byte[] {0x00, 0x20, 1, 2, 3, 4, 5, 6, 7}, java.nio.file.StandardOpenOption.APPEND);
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            assertEquals(1, replay(j).size());
            assertEquals(9, j.discardedBytes());
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotAJournal() throws IOException {
        Files.write(file(), Bytes.ascii("dnsmasq lease file\n"));
        final UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> FileLeaseJournal.open(file()));
        assertTrue(e.getMessage().contains("not a jvde lease journal"), e.getMessage());
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameJournal() {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            assertThrows(RuntimeException.class, () -> FileLeaseJournal.open(file()));
        }
    }

    @Test
    void shouldRefuseAppendsBeforeReplay() {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            assertThrows(IllegalStateException.class, () -> j.append(LeaseJournal.BIND, 1, 1, 1, 1, null, null));
        }
    }

    @Test
    void shouldMakeAppendsDurableOnlyAtSync() {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            final long seq = j.append(LeaseJournal.BIND, 1, 1, 1, NOW, null, null);
            assertTrue(j.durableSequence() < seq);
            assertEquals(seq, j.sync());
            assertEquals(seq, j.durableSequence());
        }
    }

    @Test
    void shouldCompactToOneRecordPerLiveLeaseAndKeepTheState() throws IOException {
        final AddressPool pool = AddressPool.of(List.<int[]>of(new int[] {Bytes.ip("10.0.0.1"),
            Bytes.ip("10.0.0.200")}), List.of());
        final Set<String> before = new HashSet<>();
        long sizeBefore;
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            final LeaseStore store = new LeaseStore(j, 2, 0);
            final ScopeLeases s = store.register(1, pool, new int[0], false);
            store.replay(NOW);
            for (int round = 0; round < 20; round++) {
                for (int c = 0; c < 50; c++) {
                    final long m = 0x5254_0000_0000L | c;
                    final int a = s.offer(m, m, 0, NOW, NOW + 60_000);
                    s.bind(m, m, a, NOW, NOW + 3_600_000 + round, null, 0, -1, 0, -1);
                }
            }
            s.decline(0x5254_0000_0000L, s.address(s.lookup(0x5254_0000_0000L)), NOW, NOW + 86_400_000);
            s.release(0x5254_0000_0001L, s.address(s.lookup(0x5254_0000_0001L)), NOW);
            store.sync();
            sizeBefore = Files.size(file());
            assertTrue(store.compactIfDue());
            s.leases().forEach(l -> before.add(l.toString()));
            assertEquals(50, j.recordCount());
        }
        assertTrue(Files.size(file()) < sizeBefore / 10, "compacted from " + sizeBefore + " to " + Files.size(file()));
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            final LeaseStore store = new LeaseStore(j);
            final ScopeLeases s = store.register(1, pool, new int[0], false);
            store.replay(NOW);
            final Set<String> after = new HashSet<>();
            s.leases().forEach(l -> after.add(l.toString()));
            assertEquals(before, after);
        }
        assertTrue(Files.notExists(dir.resolve("leases.journal.compact")));
    }
}
