package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 2131 §4.3.2: DHCPREQUEST handling per client state (Table 4 of §4.3.6). */
class Rfc2131Section4_3_2ClientStates {
    private static final String A = "52:54:00:aa:00:01";
    private static final String B = "52:54:00:aa:00:02";
    private static final String SERVER = "192.168.1.254";

    @Test
    void shouldDeriveTheStateFromServerIdRequestedIpCiaddrAndDestination() {
        assertEquals(ClientState.SELECTING, ClientState.of(true, true, 0, false));
        assertEquals(ClientState.INIT_REBOOT, ClientState.of(false, true, 0, false));
        assertEquals(ClientState.RENEWING, ClientState.of(false, false, 1, true));
        assertEquals(ClientState.REBINDING, ClientState.of(false, false, 1, false));
        assertEquals(ClientState.INVALID, ClientState.of(false, false, 0, false));
    }

    @Nested
    class Selecting {
        @Test
        void shouldAckTheOfferedAddressWhenTheClientChoseUs() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final ReplyView ack = h.dora(A);
                assertEquals(5, ack.messageType());
                assertTrue(h.events.lastLine().contains("state SELECTING"), h.events.lastLine());
            }
        }

        @Test
        void shouldStaySilentAndFreeTheOfferWhenTheClientChoseAnotherServer() {
            try (Harness h = Harness.of(io.jvde.dhcp.config.Scope.builder(1, "192.168.1.0/24")
                .range("192.168.1.100", "192.168.1.100").build())) {
                h.send(ClientFrame.discover(A));
                final int offered = h.reply().yiaddr;
                final int before = h.sink.count();
                assertEquals(DhcpDropReason.SERVER_ID_MISMATCH.id(),
                    h.send(ClientFrame.request(A).serverId("192.168.1.2").requestedIp(Bytes.ip(offered))));
                assertEquals(before, h.sink.count(), "no reply to a request for another server");
                h.send(ClientFrame.discover(B));
                assertEquals(offered, h.reply().yiaddr, "the freed offer goes to the next client at once");
            }
        }

        @Test
        void shouldNakWhenTheRequestedAddressIsHeldByAnotherClient() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int taken = h.dora(A).yiaddr;
                h.send(ClientFrame.request(B).serverId(SERVER).requestedIp(Bytes.ip(taken)));
                assertEquals(6, h.reply().messageType());
            }
        }

        @Test
        void shouldDropARequestThatNamesNoAddress() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                assertEquals(DhcpDropReason.REQUEST_WITHOUT_ADDRESS.id(), h.send(ClientFrame.request(A)));
                assertEquals(0, h.sink.count());
            }
        }
    }

    @Nested
    class InitReboot {
        @Test
        void shouldAckTheClientsPreviousAddress() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                h.advance(7200);
                h.send(ClientFrame.request(A).requestedIp(Bytes.ip(a)));
                h.responder.flush();
                assertEquals(5, h.reply().messageType());
                assertEquals(a, h.reply().yiaddr);
            }
        }

        @Test
        void shouldNakAnAddressThatIsNotTheClients() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                final int other = a == ip("192.168.1.150") ? ip("192.168.1.151") : ip("192.168.1.150");
                h.send(ClientFrame.request(A).requestedIp(Bytes.ip(other)));
                assertEquals(6, h.reply().messageType());
            }
        }

        @Test
        void shouldNakAnAddressOnTheWrongNetwork() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                h.send(ClientFrame.request(A).requestedIp("10.0.0.5"));
                assertEquals(6, h.reply().messageType());
                assertTrue(h.events.lastLine().contains("wrong network"), h.events.lastLine());
            }
        }

        @Test
        void shouldAdoptAFreeValidAddressOfAnUnknownClientWhenAuthoritative() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                h.send(ClientFrame.request(A).requestedIp("192.168.1.120"));
                h.responder.flush();
                assertEquals(5, h.reply().messageType());
                assertEquals(ip("192.168.1.120"), h.reply().yiaddr);
                assertTrue(h.events.lastLine().contains("adopted"), h.events.lastLine());
            }
        }

        @Test
        void shouldNakAnUnknownClientAskingForATakenAddressWhenAuthoritative() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int taken = h.dora(A).yiaddr;
                h.send(ClientFrame.request(B).requestedIp(Bytes.ip(taken)));
                assertEquals(6, h.reply().messageType());
            }
        }

        @Test
        void shouldStaySilentForAnUnknownClientWhenNotAuthoritative() {
            try (Harness h = Harness.of(Harness.lan().authoritative(false).build())) {
                assertEquals(DhcpDropReason.UNKNOWN_CLIENT.id(),
                    h.send(ClientFrame.request(A).requestedIp("192.168.1.120")));
                assertEquals(DhcpDropReason.UNKNOWN_CLIENT.id(),
                    h.send(ClientFrame.request(A).requestedIp("10.0.0.1")));
                assertEquals(0, h.sink.count());
            }
        }

        @Test
        void shouldNakAReservedClientAskingForAnotherAddress() {
            try (Harness h = Harness.of(Harness.lan()
                .reservation(Reservation.ofMac(A, "192.168.1.10", null)).build())) {
                h.send(ClientFrame.request(A).requestedIp("192.168.1.120"));
                assertEquals(6, h.reply().messageType());
            }
        }
    }

    @Nested
    class RenewingAndRebinding {
        @Test
        void shouldExtendALeaseRenewedByUnicast() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                h.advance(1800);
                h.send(ClientFrame.request(A).ciaddr(Bytes.ip(a)).from(A, Bytes.ip(a)).to(h.serverMac(), SERVER));
                h.responder.flush();
                assertEquals(5, h.reply().messageType());
                assertEquals(a, h.reply().ciaddr, "Table 3: ACK copies ciaddr");
                assertTrue(h.events.lastLine().contains("state RENEWING"), h.events.lastLine());
                final long expiry = h.responder.leases(1, h.now).get(0).time();
                assertEquals(h.now + 3600_000, expiry);
            }
        }

        @Test
        void shouldExtendALeaseRebindingByBroadcast() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                h.send(ClientFrame.request(A).ciaddr(Bytes.ip(a)).fromIp(Bytes.ip(a)));
                h.responder.flush();
                assertEquals(5, h.reply().messageType());
                assertTrue(h.events.lastLine().contains("state REBINDING"), h.events.lastLine());
            }
        }

        @Test
        void shouldNakARenewalOfAnAddressLeasedToAnotherClient() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                h.send(ClientFrame.request(B).ciaddr(Bytes.ip(a)).from(B, Bytes.ip(a)).to(h.serverMac(), SERVER));
                assertEquals(6, h.reply().messageType());
            }
        }

        @Test
        void shouldAdoptARenewalAfterTheRecordWasLost() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                h.send(ClientFrame.request(A).ciaddr("192.168.1.111").from(A, "192.168.1.111")
                    .to(h.serverMac(), SERVER));
                h.responder.flush();
                assertEquals(5, h.reply().messageType());
                assertNotEquals(0, h.responder.leases(1, h.now).size());
            }
        }
    }
}
