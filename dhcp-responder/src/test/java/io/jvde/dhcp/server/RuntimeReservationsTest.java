package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.wire.MacAddress;
import org.junit.jupiter.api.Test;

/** Reservations added and removed while the responder runs (the console's dhcp/reserve and dhcp/unreserve). */
class RuntimeReservationsTest {
    private static final String A = "52:54:00:aa:00:01";
    private static final String B = "52:54:00:aa:00:02";
    private static final int VID = 1;

    private static Scope twoAddresses() {
        return Scope.builder(VID, "192.168.1.0/24").range("192.168.1.100", "192.168.1.101").build();
    }

    @Test
    void shouldGiveTheNewlyReservedAddressAtTheNextDiscover() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.responder.reserve(VID, Reservation.ofMac(A, "192.168.1.5", "db1"));
            assertEquals(ip("192.168.1.5"), h.dora(A).yiaddr);
            assertTrue(h.events.lastLine().contains("reservation"), h.events.lastLine());
        }
    }

    @Test
    void shouldTakeANewlyReservedAddressOutOfDynamicAllocation() {
        try (Harness h = Harness.of(twoAddresses())) {
            h.responder.reserve(VID, Reservation.ofMac(A, "192.168.1.100", null));
            assertEquals(ip("192.168.1.101"), h.dora(B).yiaddr);
            assertEquals(DhcpDropReason.POOL_EXHAUSTED.id(), h.send(ClientFrame.discover("52:54:00:aa:00:03")));
        }
    }

    @Test
    void shouldReturnAnUnreservedAddressToThePool() {
        try (Harness h = Harness.of(twoAddresses())) {
            h.responder.reserve(VID, Reservation.ofMac(A, "192.168.1.100", null));
            assertEquals(ip("192.168.1.101"), h.dora(B).yiaddr);
            assertTrue(h.responder.unreserve(VID, new ReservationKey.Mac(MacAddress.parse(A))));
            assertFalse(h.responder.unreserve(VID, new ReservationKey.Mac(MacAddress.parse(A))), "only once");
            assertEquals(ip("192.168.1.100"), h.dora("52:54:00:aa:00:03").yiaddr);
        }
    }

    @Test
    void shouldRefuseToReserveAnAddressAnotherClientHolds() {
        try (Harness h = Harness.of(twoAddresses())) {
            final int held = h.dora(B).yiaddr;
            final DhcpConfigException e = assertThrows(DhcpConfigException.class, () -> h.responder.reserve(VID,
                Reservation.of(new ReservationKey.Mac(MacAddress.parse(A)), held)));
            assertTrue(e.getMessage().contains("leased to 52:54:00:aa:00:02"), e.getMessage());
            assertEquals(held, h.dora(B).yiaddr, "the holder keeps its lease");
        }
    }

    @Test
    void shouldRefuseAReservationOutsideTheSubnetAndKeepTheOldOnes() {
        try (Harness h = Harness.of(Harness.lan().reservation(Reservation.ofMac(A, "192.168.1.5", null)).build())) {
            assertThrows(DhcpConfigException.class, () -> h.responder.reserve(VID,
                Reservation.ofMac(B, "10.0.0.5", null)));
            assertEquals(ip("192.168.1.5"), h.dora(A).yiaddr);
            assertNotEquals(ip("10.0.0.5"), h.dora(B).yiaddr);
        }
    }
}
