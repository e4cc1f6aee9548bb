package io.jvde.bench;

import io.jvde.bench.dhcp.LeasePrefill;
import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.server.DhcpEventListener;
import io.jvde.dhcp.server.DhcpResponder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DHCP benchmarks measure what they say: every client is bound in setup, every operation is answered by exactly
 * one reply and leaves the lease table as it was (the steady state the JMH classes document); LeasePrefill's three
 * files hold the same leases, and jvde's journal replays into that many bound leases.
 */
class DhcpBenchTest {
    private static final int CLIENTS = 300;

    @Test
    void everyDiscoverGetsOneOfferAndEveryRequestOneAckWithTheTableUnchanged() {
        for (final DhcpPath path : DhcpPath.values()) {
            final DhcpBench bench = new DhcpBench(CLIENTS, path);
            assertEquals(CLIENTS, bench.responder.leaseTable(DhcpBench.VID).size(), path + ": leases after setup");
            final long before = bench.sent;
            for (int i = 0; i < 2 * CLIENTS; i++) {
                assertEquals(DhcpDropReason.OK, bench.responder.onFrame(DhcpBench.PORT, DhcpBench.VID, bench.discovers, bench.next(),
                    DhcpBench.FRAME_LENGTH, DhcpBench.START), path + ": DISCOVER " + i + " dropped");
            }
            assertEquals(2L * CLIENTS, bench.sent - before, path + ": one OFFER per DISCOVER");
            for (int i = 0; i < 2 * CLIENTS; i++) {
                assertEquals(DhcpDropReason.OK, bench.responder.onFrame(DhcpBench.PORT, DhcpBench.VID, bench.requests, bench.next(),
                    DhcpBench.FRAME_LENGTH, DhcpBench.START), path + ": REQUEST " + i + " dropped");
                bench.responder.flush();
            }
            assertEquals(4L * CLIENTS, bench.sent - before, path + ": one ACK per REQUEST");
            assertEquals(CLIENTS, bench.responder.leaseTable(DhcpBench.VID).size(), path + ": leases afterwards");
            assertEquals(0, bench.responder.pendingReplies(), path + ": nothing left staged");
        }
    }

    @Test
    void leasePrefillWritesTheSameLeasesForJvdeKeaAndDnsmasq(@TempDir final Path dir) throws Exception {
        final Path journal = dir.resolve("jvde.leases");
        final Path kea = dir.resolve("kea.leases");
        final Path dnsmasq = dir.resolve("dnsmasq.leases");
        LeasePrefill.main(new String[] {String.valueOf(CLIENTS), "198.18.1.0", "86400", journal.toString(),
            kea.toString(), dnsmasq.toString()});

        final DhcpSettings settings = DhcpSettings.builder().scope(Scope.builder(0, "198.18.0.0/15")
            .range("198.18.1.0", "198.19.255.254").serverIp("198.18.0.1").build()).build();
        try (DhcpResponder responder = DhcpResponder.start(settings, FileLeaseJournal.open(journal),
            (port, vid, frame, offset, length) -> { }, DhcpEventListener.NONE, System.currentTimeMillis())) {
            assertEquals(CLIENTS, responder.leaseTable(0).size(), "jvde replays every prefilled lease");
            assertEquals(CLIENTS, responder.leases(0, System.currentTimeMillis()).size());
        }

        final List<String> csv = Files.readAllLines(kea);
        assertEquals(CLIENTS + 1, csv.size(), "Kea: header and one row per lease");
        assertEquals("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,"
            + "user_context", csv.get(0));
        assertTrue(csv.get(1).startsWith("198.18.1.0,0a:00:00:00:00:00,,86400,"), csv.get(1));
        final List<String> leases = Files.readAllLines(dnsmasq);
        assertEquals(CLIENTS, leases.size(), "dnsmasq: one line per lease");
        assertTrue(leases.get(CLIENTS - 1).endsWith(" 0a:00:00:00:01:2b 198.18.2.43 * *"), leases.get(CLIENTS - 1));
    }
}
