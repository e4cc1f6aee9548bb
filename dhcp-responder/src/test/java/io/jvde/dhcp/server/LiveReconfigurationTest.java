package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import org.junit.jupiter.api.Test;

/** Reservations and options change at run time without a restart and without losing leases. */
class LiveReconfigurationTest {
    private static final String A = "52:54:00:aa:00:01";

    @Test
    void shouldAddAReservationAtRunTime() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.responder.addReservation(1, Reservation.ofMac(A, "192.168.1.10", null));
            assertEquals(ip("192.168.1.10"), h.dora(A).yiaddr);
        }
    }

    @Test
    void shouldRemoveAReservationAtRunTimeAndFreeItsAddress() {
        final io.jvde.dhcp.config.Scope s = io.jvde.dhcp.config.Scope.builder(1, "192.168.1.0/24")
            .range("192.168.1.100", "192.168.1.100").reservation(Reservation.ofMac(A, "192.168.1.100", null)).build();
        try (Harness h = Harness.of(s)) {
            assertEquals(io.jvde.dhcp.DhcpDropReason.POOL_EXHAUSTED.id(),
                h.send(ClientFrame.discover("52:54:00:aa:00:02")));
            assertTrue(h.responder.removeReservation(1, ReservationKey.Mac.parse(A)));
            assertFalse(h.responder.removeReservation(1, ReservationKey.Mac.parse(A)));
            assertEquals(ip("192.168.1.100"), h.dora("52:54:00:aa:00:02").yiaddr);
        }
    }

    @Test
    void shouldApplyNewOptionsToTheNextReplyAndKeepLeases() {
        // harvester/harvester#7015: pool updates only applied after an agent restart
        try (Harness h = Harness.of(Harness.lan().build())) {
            final int a = h.dora(A).yiaddr;
            h.responder.reconfigure(DhcpSettings.builder().scope(Harness.lan().dns("9.9.9.9").build()).build());
            h.send(ClientFrame.request(A).ciaddr(Bytes.ip(a)).fromIp(Bytes.ip(a)).prl(6));
            h.responder.flush();
            assertArrayEquals(Bytes.hex("c0a80101 09090909"), h.reply().option(6));
            assertEquals(a, h.reply().yiaddr);
            assertEquals(1, h.responder.leases(1, h.now).size(), "the lease survived the reconfiguration");
        }
    }

    @Test
    void shouldRefuseAChangeThatNeedsARestartAndApplyNothing() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final DhcpSettings changed = DhcpSettings.builder().scope(Harness.lan()
                .range("192.168.1.20", "192.168.1.30").dns("9.9.9.9").build()).build();
            final DhcpConfigException e = assertThrows(DhcpConfigException.class,
                () -> h.responder.reconfigure(changed));
            assertEquals("scopes[0]", e.path());
            h.send(ClientFrame.discover(A).prl(6));
            assertArrayEquals(Bytes.hex("c0a80101"), h.reply().option(6));
        }
    }

    @Test
    void shouldValidateARuntimeReservationLikeTheConfiguration() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final DhcpConfigException e = assertThrows(DhcpConfigException.class,
                () -> h.responder.addReservation(1, Reservation.ofMac(A, "10.0.0.1", null)));
            assertEquals("scopes[0].reservations[0].address", e.path());
        }
    }
}
