package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a burst of leases: after restart the journal is replayed, every acknowledged lease is there, and
 * no address is ever handed to two clients. The server runs in a child JVM that the test kills with SIGKILL.
 */
class CrashRecoveryTest {
    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoAcknowledgedLeaseAndDuplicateNoAddressAfterKill9() throws Exception {
        killTwiceAndRecover("burst");
    }

    /**
     * The same with the journal syncing on its own thread, as the switch runs it: the worker's flushes hand batches
     * over without waiting, and an ACK leaves only once the fsync of its batch has returned (RFC 2131 §4.3.1).
     */
    @Test
    void shouldLoseNoAcknowledgedLeaseAfterKill9WithTheJournalSyncingInBackground() throws Exception {
        killTwiceAndRecover("background");
    }

    /**
     * The same with the adaptive commit, batches alternating between the worker's thread (fast syncs) and the
     * journal's (after a slow one): wherever a batch was synced, its ACKs left only after its fsync.
     */
    @Test
    void shouldLoseNoAcknowledgedLeaseAfterKill9WithTheAdaptiveCommit() throws Exception {
        killTwiceAndRecover("adaptive");
    }

    /**
     * {@code --dhcp-lease-sync write}: each batch is written to the file before its ACKs leave, without fsync. The
     * process's death does not lose what it wrote (the kernel holds the pages), so kill -9 loses no acknowledged
     * lease either; only a crash of the machine could.
     */
    @Test
    void shouldLoseNoAcknowledgedLeaseAfterKill9WhenBatchesAreWrittenWithoutFsync() throws Exception {
        killTwiceAndRecover("write");
    }

    /**
     * kill -9 while the journal is being compacted (the worker announces each compaction; the kill follows at once):
     * the journal is intact before the atomic rename and complete after it, so nothing acknowledged is lost, and the
     * half-written copy is deleted at the next open.
     */
    @Test
    void shouldLoseNoAcknowledgedLeaseAfterKill9DuringCompaction() throws Exception {
        final Path journal = dir.resolve("leases.journal");
        final Map<String, String> acked = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            runAndKill(journal, round * 10_000, acked, true);
        }
        assertTrue(acked.size() >= 3 * ACKS_BEFORE_KILL, "acks seen: " + acked.size());
        assertRecovered(journal, acked);
        assertTrue(!Files.exists(dir.resolve("leases.journal.compact")), "the killed compaction's copy was removed");
    }

    private static void assertRecovered(final Path journal, final Map<String, String> acked) throws Exception {
        final DhcpSettings settings = DhcpSettings.builder().scope(CrashWorker.scope()).build();
        final CapturingSink sink = new CapturingSink();
        try (DhcpResponder r = DhcpResponder.start(settings, FileLeaseJournal.open(journal), sink, null,
            System.currentTimeMillis())) {
            final List<LeaseInfo> leases = r.leases(0, System.currentTimeMillis());
            final Map<String, String> bound = new HashMap<>();
            final Set<Integer> addresses = new HashSet<>();
            for (final LeaseInfo l : leases) {
                assertTrue(addresses.add(l.address()), "address held twice: " + l);
                bound.put(Long.toHexString(l.mac()), Bytes.ip(l.address()));
            }
            for (final Map.Entry<String, String> e : acked.entrySet()) {
                assertEquals(e.getValue(), bound.get(e.getKey()), "acknowledged lease of " + e.getKey());
            }
            // a new client asking for an acknowledged address is refused
            final String taken = acked.values().iterator().next();
            final byte[] f = ClientFrame.request("52:54:ff:00:00:01").requestedIp(taken).frame();
            r.onFrame(1, 0, io.netty.buffer.Unpooled.wrappedBuffer(f), 0, f.length, System.currentTimeMillis());
            assertEquals(6, sink.last().view().messageType());
            // and a DISCOVER never offers one
            for (int i = 0; i < 50; i++) {
                final byte[] d = ClientFrame.discover(String.format("52:54:fe:00:00:%02x", i)).frame();
                r.onFrame(1, 0, io.netty.buffer.Unpooled.wrappedBuffer(d), 0, d.length, System.currentTimeMillis());
                assertTrue(!acked.containsValue(Bytes.ip(sink.last().view().yiaddr)), "offered an acked address");
            }
        }
        assertTrue(Files.size(journal) > 0);
    }

    /**
     * The worker in {@code mode} killed twice, the second time on top of the replayed journal: every lease it
     * acknowledged in either run is in the journal, and no address is bound twice.
     */
    private void killTwiceAndRecover(final String mode) throws Exception {
        final Path journal = dir.resolve("leases.journal");
        final Map<String, String> acked = new HashMap<>();
        runAndKill(journal, 0, acked, false, mode);
        runAndKill(journal, 20_000, acked, false, mode); // a second crash on top of a replayed journal
        assertTrue(acked.size() >= 2 * ACKS_BEFORE_KILL, "acks seen: " + acked.size());
        assertRecovered(journal, acked);
    }

    private void runAndKill(final Path journal, final int offset, final Map<String, String> acked,
                            final boolean duringCompaction) throws Exception {
        runAndKill(journal, offset, acked, duringCompaction, duringCompaction ? "compact" : "burst");
    }

    private void runAndKill(final Path journal, final int offset, final Map<String, String> acked,
                            final boolean duringCompaction, final String mode) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            CrashWorker.class.getName(), journal.toString(), "60000", Integer.toString(offset), mode)
            .redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.US_ASCII))) {
            int seen = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (System.nanoTime() < deadline && (line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    final String[] parts = line.split(" ");
                    acked.put(parts[1], parts[2]);
                    seen++;
                    if (seen >= ACKS_BEFORE_KILL && !duringCompaction) {
                        break;
                    }
                } else if (line.startsWith("COMPACT")) {
                    if (seen >= ACKS_BEFORE_KILL) {
                        break; // kill now: the worker is compacting
                    }
                } else if (line.startsWith("DONE")) {
                    break;
                } else if (!line.startsWith("READY")) {
                    throw new AssertionError("worker said: " + line);
                }
            }
            // SIGKILL by PID (Process.destroyForcibly would also close our end of the pipe): no shutdown hooks,
            // no close(), no final sync
            new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "worker did not die");
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
            // ACK lines already in the pipe were sent before the kill: they count as acknowledged too
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    final String[] parts = line.split(" ");
                    acked.put(parts[1], parts[2]);
                }
            }
            assertTrue(seen >= ACKS_BEFORE_KILL, "only " + seen + " acks before the deadline");
            if (duringCompaction) {
                assertTrue(Files.exists(journal.resolveSibling(journal.getFileName() + ".compact")),
                    "killed in the middle of a compaction: its half-written copy is there");
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void shouldReplayAJournalTornAtAnyPointAfterTheLastSync() throws Exception {
        final Path journal = dir.resolve("torn.journal");
        final DhcpSettings settings = DhcpSettings.builder().scope(Harness.lan().build()).build();
        final Map<Integer, Long> acked = new HashMap<>();
        try (Harness h = new Harness(settings, FileLeaseJournal.open(journal))) {
            for (int i = 0; i < 30; i++) {
                final String mac = String.format("52:54:00:aa:02:%02x", i);
                acked.put(h.dora(mac).yiaddr, Bytes.mac(mac));
            }
        }
        final byte[] durable = Files.readAllBytes(journal);
        final byte[] tail = Bytes.hex("0021 deadbeef 01 0001 c0a80163 0000525400aa0299 0000018bcfe56800 00 00 ffff");
        for (int cut = 0; cut <= tail.length; cut++) {
            final Path copy = dir.resolve("copy" + cut);
            final byte[] b = new byte[durable.length + cut];
            System.arraycopy(durable, 0, b, 0, durable.length);
            System.arraycopy(tail, 0, b, durable.length, cut);
            Files.write(copy, b);
            try (Harness h = new Harness(settings, FileLeaseJournal.open(copy))) {
                final List<LeaseInfo> leases = h.responder.leases(1, h.now);
                assertEquals(30, leases.size(), "cut " + cut);
                for (final LeaseInfo l : leases) {
                    assertEquals(acked.get(l.address()), l.mac());
                }
            }
        }
    }
}
