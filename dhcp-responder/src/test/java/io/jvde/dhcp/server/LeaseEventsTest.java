package io.jvde.dhcp.server;

import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the lease events tell: the client's host name on each, and an expiry reported once per lease. */
@Timeout(30)
class LeaseEventsTest {
    static final String MAC = "52:54:00:aa:00:01";

    @Test
    void everyLeaseEventCarriesTheHostNameTheClientSentOrItsLeaseRecorded() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.send(ClientFrame.discover(MAC).hostname("web-1"));
            final ReplyView offer = h.reply();
            final String ip = Bytes.ip(offer.yiaddr);
            h.send(ClientFrame.request(MAC).serverId(Bytes.ip(offer.ipSrc)).requestedIp(ip).hostname("web-1"));
            h.responder.flush();
            h.send(ClientFrame.of(7, MAC).ciaddr(ip).serverId(Bytes.ip(offer.ipSrc))); // RELEASE without option 12
            assertEquals(List.of(DhcpEvent.Kind.OFFER, DhcpEvent.Kind.ACK, DhcpEvent.Kind.RELEASE), h.events.kinds);
            assertEquals(List.of("web-1", "web-1", "web-1"), h.events.hostnames,
                "the release carries the name the lease recorded");
            assertEquals(List.of(true, true, true), h.events.hostnameIsAgrees,
                "hostnameIs matches the request's and the record's name without building it");
        }
    }

    @Test
    void aReservationsNameWinsOverWhatTheClientSends() {
        try (Harness h = Harness.of(Harness.lan()
            .reservation(Reservation.ofMac(MAC, "192.168.1.50", "db-1")).build())) {
            h.send(ClientFrame.discover(MAC).hostname("localhost"));
            assertEquals(List.of("db-1"), h.events.hostnames);
            assertEquals(List.of(true), h.events.hostnameIsAgrees, "and the reservation's");
        }
    }

    @Test
    void hostnameIsMatchesNoNameWithAByteAboveAsciiSoTheCallerBuildsIt() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.send(ClientFrame.discover(MAC).option(12, new byte[] {'w', (byte) 0xE9, 'b'}));
            h.send(ClientFrame.discover("52:54:00:aa:00:02"));
            assertEquals(2, h.events.hostnameIsAgrees.size(), h.events.lines.toString());
            assertEquals(false, h.events.hostnameIsAgrees.get(0), "a non-ASCII name never matches");
            assertEquals(true, h.events.hostnameIsAgrees.get(1), "no name matches null");
        }
    }

    @Test
    void aBoundLeaseThatRunsOutIsReportedExpiredOnceWithItsHostName() {
        try (Harness h = Harness.of(Harness.lan().leaseTime(60).build())) {
            h.send(ClientFrame.discover(MAC).hostname("web-2"));
            final ReplyView offer = h.reply();
            final String ip = Bytes.ip(offer.yiaddr);
            h.send(ClientFrame.request(MAC).serverId(Bytes.ip(offer.ipSrc)).requestedIp(ip).hostname("web-2"));
            h.responder.flush();
            h.send(ClientFrame.discover("52:54:00:aa:00:02")); // an offer that runs out is no lease: not reported
            h.advance(59);
            h.responder.expire(h.now);
            assertEquals(3, h.events.kinds.size(), "nothing ran out yet: " + h.events.lines);
            h.advance(2);
            h.responder.expire(h.now);
            h.responder.expire(h.now);
            h.advance(3600);
            h.responder.expire(h.now);
            assertEquals(4, h.events.kinds.size(), h.events.lines.toString());
            assertEquals(DhcpEvent.Kind.EXPIRED, h.events.kinds.get(3));
            assertEquals("web-2", h.events.hostnames.get(3));
            assertTrue(h.events.lastLine().startsWith("lease expired: " + ip + " of 52:54:00:aa:00:01 vlan 1"),
                h.events.lastLine());
            assertEquals(1, h.responder.counters().exchanges(DhcpEvent.Kind.EXPIRED));
        }
    }
}
