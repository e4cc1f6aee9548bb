package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.lease.ScopeLeases;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Test;

/**
 * Per-scope lease cap ({@code Scope.maxLeases}, docs/dhcp.md §1 "per-scope lease cap"): bound and offered leases count;
 * at the cap a DISCOVER from a client without an active lease gets no OFFER and is counted as LEASE_CAP, while
 * clients that hold a lease or an offer keep being served.
 */
class LeaseCapTest {
    private static final String A = "52:54:00:aa:00:01";
    private static final String B = "52:54:00:aa:00:02";
    private static final String C = "52:54:00:aa:00:03";

    @Test
    void leaseCap_discoverFromNewClientAtCapGetsNoOffer() {
        try (Harness h = Harness.of(Harness.lan().maxLeases(2).build())) {
            h.dora(A);
            h.dora(B);
            final int sent = h.sink.count();
            assertEquals(DhcpDropReason.LEASE_CAP.id(), h.send(ClientFrame.discover(C)));
            assertEquals(sent, h.sink.count(), "no OFFER sent");
            assertEquals(1, h.responder.counters().drops(DhcpDropReason.LEASE_CAP));
            assertEquals(2, h.responder.leaseTable(1).count(ScopeLeases.BOUND));
        }
    }

    @Test
    void leaseCap_clientWithALeaseKeepsWorkingAtCap() {
        try (Harness h = Harness.of(Harness.lan().maxLeases(2).build())) {
            final ReplyView ackA = h.dora(A);
            h.dora(B);
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(A)), "rediscover of a leased client");
            assertEquals(ackA.yiaddr, h.reply().yiaddr);
            final String a = Bytes.ip(ackA.yiaddr);
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.request(A).ciaddr(a).from(A, a)
                .to(h.serverMac(), "192.168.1.254")), "renewal at the cap");
            h.responder.flush();
            assertEquals(5, h.reply().messageType());
            assertEquals(ackA.yiaddr, h.reply().yiaddr);
        }
    }

    @Test
    void leaseCap_outstandingOffersCountUntilTheyExpire() {
        try (Harness h = Harness.of(Harness.lan().maxLeases(1).build())) {
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(A)));
            assertEquals(DhcpDropReason.LEASE_CAP.id(), h.send(ClientFrame.discover(B)), "A's offer holds the cap");
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(A)), "A retransmits its DISCOVER");
            h.advance(DhcpSettings.DEFAULT_OFFER_HOLD_SECONDS + 1);
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(B)), "A's offer expired");
        }
    }

    @Test
    void leaseCap_releaseMakesRoomForANewClient() {
        try (Harness h = Harness.of(Harness.lan().maxLeases(1).build())) {
            final ReplyView ack = h.dora(A);
            assertEquals(DhcpDropReason.LEASE_CAP.id(), h.send(ClientFrame.discover(B)));
            final String a = Bytes.ip(ack.yiaddr);
            h.send(ClientFrame.of(ClientFrame.RELEASE, A).ciaddr(a).from(A, a).to(h.serverMac(), "192.168.1.254")
                .serverId("192.168.1.254"));
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(B)));
            assertEquals(2, h.reply().messageType());
        }
    }

    @Test
    void leaseCap_reservedClientIsNotCapped() {
        try (Harness h = Harness.of(Harness.lan().maxLeases(1)
            .reservation(Reservation.ofMac(C, "192.168.1.10", "fixed")).build())) {
            h.dora(A);
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(C)));
            assertEquals(Bytes.ip("192.168.1.10"), h.reply().yiaddr);
        }
    }

    @Test
    void leaseCap_zeroMeansUnlimitedAndALiveReconfigurationAppliesANewCap() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.dora(A);
            h.dora(B);
            h.responder.reconfigure(DhcpSettings.builder().scope(Harness.lan().maxLeases(2).build()).build());
            assertEquals(DhcpDropReason.LEASE_CAP.id(), h.send(ClientFrame.discover(C)));
            h.responder.reconfigure(DhcpSettings.builder().scope(Harness.lan().maxLeases(0).build()).build());
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(C)));
        }
    }

    @Test
    void leaseCap_negativeValueIsRejectedNamingTheField() {
        final DhcpConfigException e = assertThrows(DhcpConfigException.class,
            () -> Harness.lan().maxLeases(-1).build());
        assertEquals("scope.maxLeases", e.path());
        assertEquals("-1 (expected: 0 for unlimited, or a positive number of leases)", e.reason());
    }
}
