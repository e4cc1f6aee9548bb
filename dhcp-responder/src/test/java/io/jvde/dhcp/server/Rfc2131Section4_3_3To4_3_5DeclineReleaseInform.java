package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Rfc2131Section4_3_3To4_3_5DeclineReleaseInform {
    private static final String A = "52:54:00:aa:00:01";
    private static final String SERVER = "192.168.1.254";

    @Nested
    class Section4_3_3Decline {
        @Test
        void shouldQuarantineTheDeclinedAddressAndOfferAnotherOne() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                final int sent = h.sink.count();
                assertEquals(DhcpDropReason.OK, h.send(ClientFrame.of(ClientFrame.DECLINE, A).serverId(SERVER)
                    .requestedIp(Bytes.ip(a))));
                assertEquals(sent, h.sink.count(), "no reply to DECLINE");
                assertTrue(h.events.lastLine().startsWith("DHCPDECLINE of " + Bytes.ip(a)), h.events.lastLine());
                h.send(ClientFrame.discover(A));
                assertNotEquals(a, h.reply().yiaddr);
                final LeaseInfo q = h.responder.leases(1, h.now).stream().filter(l -> l.address() == a).findFirst()
                    .orElseThrow();
                assertEquals("declined", q.state());
            }
        }

        @Test
        void shouldReturnTheAddressToThePoolAfterTheProbation() {
            final DhcpSettings settings = DhcpSettings.builder().declineProbationSeconds(600)
                .scope(io.jvde.dhcp.config.Scope.builder(1, "192.168.1.0/24").range("192.168.1.100", "192.168.1.100")
                    .build()).build();
            try (Harness h = Harness.of(settings)) {
                final int a = h.dora(A).yiaddr;
                h.send(ClientFrame.of(ClientFrame.DECLINE, A).serverId(SERVER).requestedIp(Bytes.ip(a)));
                assertEquals(DhcpDropReason.POOL_EXHAUSTED.id(), h.send(ClientFrame.discover("52:54:00:aa:00:02")));
                h.advance(600);
                assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover("52:54:00:aa:00:02")));
                assertEquals(a, h.reply().yiaddr);
            }
        }

        @Test
        void shouldIgnoreADeclineAddressedToAnotherServer() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                assertEquals(DhcpDropReason.SERVER_ID_MISMATCH.id(), h.send(ClientFrame.of(ClientFrame.DECLINE, A)
                    .serverId("192.168.1.9").requestedIp(Bytes.ip(a))));
                assertEquals("bound", h.responder.leases(1, h.now).get(0).state());
            }
        }
    }

    @Nested
    class Section4_3_4Release {
        @Test
        void shouldFreeTheAddressButKeepTheClientsAffinity() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                final int sent = h.sink.count();
                h.send(ClientFrame.of(ClientFrame.RELEASE, A).serverId(SERVER).ciaddr(Bytes.ip(a))
                    .from(A, Bytes.ip(a)).to(h.serverMac(), SERVER));
                assertEquals(sent, h.sink.count(), "no reply to RELEASE");
                assertEquals("released", h.responder.leases(1, h.now).get(0).state());
                assertEquals(a, h.dora(A).yiaddr, "the client gets the same address back");
            }
        }

        @Test
        void shouldAcceptAReleaseWithoutServerId() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                h.send(ClientFrame.of(ClientFrame.RELEASE, A).ciaddr(Bytes.ip(a)).fromIp(Bytes.ip(a)));
                assertEquals("released", h.responder.leases(1, h.now).get(0).state());
            }
        }

        @Test
        void shouldIgnoreAReleaseOfAnAddressTheClientDoesNotHold() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                final int a = h.dora(A).yiaddr;
                h.send(ClientFrame.of(ClientFrame.RELEASE, "52:54:00:aa:00:02").ciaddr(Bytes.ip(a)));
                assertEquals("bound", h.responder.leases(1, h.now).get(0).state());
                assertTrue(h.events.lastLine().contains("client holds no such lease"), h.events.lastLine());
            }
        }
    }

    @Nested
    class Section4_3_5Inform {
        @Test
        void shouldAckWithConfigurationButNoLeaseTimeAndNoYiaddr() {
            try (Harness h = Harness.of(Harness.lan().build())) {
                h.send(ClientFrame.of(ClientFrame.INFORM, A).ciaddr("192.168.1.50").fromIp("192.168.1.50").prl(1, 3));
                final ReplyView r = h.reply();
                assertEquals(5, r.messageType());
                assertEquals(0, r.yiaddr, "SHOULD NOT fill yiaddr");
                assertEquals(Bytes.ip("192.168.1.50"), r.ciaddr);
                assertFalse(r.has(51), "MUST NOT: lease time in ACK to INFORM");
                assertFalse(r.has(58));
                assertTrue(r.has(3));
                assertTrue(h.responder.leases(1, h.now).isEmpty(), "INFORM creates no lease");
            }
        }
    }
}
