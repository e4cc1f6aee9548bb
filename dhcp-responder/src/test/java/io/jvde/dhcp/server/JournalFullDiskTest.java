package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease journal on a full disk (a 1 MiB tmpfs the test mounts and fills): the server stops granting new leases
 * (silence, counted as {@link DhcpDropReason#JOURNAL_FULL}), keeps renewing bound leases into the journal's reserve,
 * resumes by itself when space returns, loses no acknowledged lease and leaves no half record. Needs root (mount);
 * skips without it, fails under CI=true.
 */
@Tag("slow")
class JournalFullDiskTest {
    @TempDir
    Path tmp;
    Path mount;
    Path filler;

    @BeforeEach
    void mountTmpfs() throws Exception {
        final boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("JournalFullDiskTest needs root (mount -t tmpfs) and CI runs as root");
            }
            Assumptions.assumeTrue(false, "needs root to mount a small tmpfs");
        }
        mount = tmp.resolve("disk");
        Files.createDirectories(mount);
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=1m", "jvde-test", mount.toString()), "mount tmpfs");
        filler = mount.resolve("filler");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    static int run(final String... cmd) throws Exception {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Writes the filler until the disk refuses: the tmpfs is then full to the last page. */
    void fillDisk() throws IOException {
        final byte[] block = new byte[4096];
        try (OutputStream o = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1024; i++) { // bounded: 4 MiB is more than the tmpfs holds
                o.write(block);
                o.flush();
            }
            throw new AssertionError("the 1 MiB tmpfs took 4 MiB");
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space")) {
                throw full;
            }
        }
    }

    /**
     * Flushes until the sink has {@code expected} frames: at once with the journal syncing on the caller's thread,
     * within 10 s (polling every millisecond) with the journal's own thread.
     */
    static void flushUntil(final Harness h, final int expected) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        h.responder.flush();
        while (h.sink.count() < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            h.responder.flush();
        }
    }

    /** DISCOVER, REQUEST for the offer, flushed until the ACK left; returns the address. */
    static int dora(final Harness h, final String mac) {
        final int sent = h.sink.count();
        h.send(ClientFrame.discover(mac));
        assertEquals(sent + 1, h.sink.count(), "OFFER to " + mac);
        final int yiaddr = h.reply().yiaddr;
        h.send(ClientFrame.request(mac).serverId("192.168.1.254").requestedIp(Bytes.ip(yiaddr)));
        flushUntil(h, sent + 2);
        assertEquals(sent + 2, h.sink.count(), "ACK to " + mac);
        assertEquals(5, h.reply().messageType());
        return yiaddr;
    }

    /** Every bound client renews (RENEWING: unicast, ciaddr); each must be ACKed. */
    static void renewAll(final Harness h, final Map<String, Integer> acked, final int round) {
        h.advance(60);
        for (final Map.Entry<String, Integer> e : acked.entrySet()) {
            final int sent = h.sink.count();
            h.send(ClientFrame.request(e.getKey()).ciaddr(Bytes.ip(e.getValue())).to(h.serverMac(), "192.168.1.254")
                .fromIp(Bytes.ip(e.getValue())));
            flushUntil(h, sent + 1);
            assertEquals(sent + 1, h.sink.count(), "renewal of " + e.getKey() + " answered (round " + round + ")");
            assertEquals(5, h.reply().messageType(), "renewal ACKed");
        }
    }

    @Test
    void shouldRefuseNewLeasesKeepRenewingAndResumeWhenSpaceReturns() throws Exception {
        refuseKeepRenewingResume(false);
    }

    /** The same with the journal writing and syncing on its own thread, as the switch runs it. */
    @Test
    void shouldRefuseNewLeasesKeepRenewingAndResumeWhenSpaceReturnsWithTheJournalSyncingInBackground()
        throws Exception {
        refuseKeepRenewingResume(true);
    }

    /** The same with the adaptive commit, every other sync looking slow: batches go both ways. */
    @Test
    void shouldRefuseNewLeasesKeepRenewingAndResumeWhenSpaceReturnsWithTheAdaptiveCommit() throws Exception {
        refuseKeepRenewingResume(null);
    }

    /** {@code background}: true, the journal thread; false, the caller's; null, the adaptive commit. */
    private void refuseKeepRenewingResume(final Boolean background) throws Exception {
        final Path file = mount.resolve("leases.journal");
        final DhcpSettings settings = DhcpSettings.builder().scope(Harness.lan().build()).build();
        final Map<String, Integer> acked = new HashMap<>();
        final FileLeaseJournal journal = FileLeaseJournal.open(file, 64 * 1024, 0);
        try (Harness h = new Harness(settings, journal)) {
            if (background == null) {
                journal.syncAdaptively(() -> { }, 1_000_000, 8, new SyncClock(100_000, 2, 5_000_000));
            } else if (background) {
                journal.syncInBackground(() -> { }); // the test flushes by polling
            }
            for (int i = 0; i < 5; i++) {
                final String mac = String.format("52:54:00:dd:00:%02x", i);
                acked.put(mac, dora(h, mac));
            }
            fillDisk();
            // renewals fill the journal's last page; the write that finds no room frees the reserve and is
            // written into it, and from then on the journal is full (every renewal is still ACKed)
            for (int i = 0; i < 2000 && !h.responder.journalFull(); i++) {
                renewAll(h, acked, i);
            }
            assertTrue(h.responder.journalFull(), "the journal noticed the full disk");

            // a new client is not served (silence), and counted
            final int before = h.sink.count();
            h.send(ClientFrame.discover("52:54:00:ee:00:01"));
            assertEquals(before, h.sink.count(), "no OFFER to a new client while the disk is full");
            assertEquals(1, h.responder.counters().drops(DhcpDropReason.JOURNAL_FULL));

            // bound clients renew, persisted into the reserve: many renewals, each ACKed
            for (int round = 0; round < 20; round++) {
                renewAll(h, acked, round);
            }
            assertTrue(h.responder.journalFull());

            // space returns: the next probe writes the reserve back and new clients are served again
            Files.delete(filler);
            h.responder.probeJournal();
            assertFalse(h.responder.journalFull(), "space has returned");
            final String late = "52:54:00:ee:00:02";
            acked.put(late, dora(h, late));
        }
        // nothing acknowledged was lost, and the journal has no half record
        final DhcpSettings s = DhcpSettings.builder().scope(Harness.lan().build()).build();
        try (FileLeaseJournal j = FileLeaseJournal.open(file)) {
            final io.jvde.dhcp.testsupport.CapturingSink sink = new io.jvde.dhcp.testsupport.CapturingSink();
            try (DhcpResponder r = DhcpResponder.start(s, j, sink, null, Harness.START)) {
                assertEquals(0, j.discardedBytes(), "no torn record at the end");
                assertEquals(List.of(), j.damage(), "no damaged record in the middle");
                final List<LeaseInfo> leases = r.leases(1, Harness.START);
                for (final Map.Entry<String, Integer> e : acked.entrySet()) {
                    assertTrue(leases.stream().anyMatch(l -> l.mac() == Bytes.mac(e.getKey())
                        && l.address() == e.getValue()), "acknowledged lease of " + e.getKey() + " kept: " + leases);
                }
            }
        }
    }
}
