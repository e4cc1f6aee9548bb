package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.ClientKeying;
import io.jvde.dhcp.config.FormulaReservation;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservationsTest {
    private static final String A = "52:54:00:aa:00:01";

    @Test
    void shouldGiveAReservedMacItsAddressAndSayWhy() {
        try (Harness h = Harness.of(Harness.lan().reservation(Reservation.ofMac(A, "192.168.1.10", "db1")).build())) {
            final ReplyView ack = h.dora(A);
            assertEquals(ip("192.168.1.10"), ack.yiaddr);
            assertTrue(h.events.lastLine().contains("reservation mac 52:54:00:aa:00:01"), h.events.lastLine());
        }
    }

    @Test
    void shouldSendTheReservedHostNameWhenAsked() {
        try (Harness h = Harness.of(Harness.lan().reservation(Reservation.ofMac(A, "192.168.1.10", "db1")).build())) {
            h.send(ClientFrame.discover(A).prl(1, 3, 12));
            assertArrayEquals(Bytes.ascii("db1"), h.reply().option(12));
        }
    }

    @Test
    void shouldNeverHandAReservedAddressInsideTheRangeToAnotherClient() {
        final Scope s = Scope.builder(1, "192.168.1.0/24").range("192.168.1.100", "192.168.1.101")
            .reservation(Reservation.ofMac(A, "192.168.1.100", null)).build();
        try (Harness h = Harness.of(s)) {
            assertEquals(ip("192.168.1.101"), h.dora("52:54:00:aa:00:02").yiaddr);
            assertEquals(io.jvde.dhcp.DhcpDropReason.POOL_EXHAUSTED.id(),
                h.send(ClientFrame.discover("52:54:00:aa:00:03").requestedIp("192.168.1.100")));
            assertEquals(ip("192.168.1.100"), h.dora(A).yiaddr);
        }
    }

    @Test
    void shouldMatchAReservationByClientId() {
        final byte[] id = Bytes.hex("01 525400aa0001");
        final Scope s = Harness.lan().reservation(Reservation.of(new ReservationKey.ClientId(id), ip("192.168.1.20")))
            .build();
        try (Harness h = Harness.of(s)) {
            h.send(ClientFrame.discover("52:54:00:bb:00:01").clientId(id));
            assertEquals(ip("192.168.1.20"), h.reply().yiaddr);
        }
    }

    @Test
    void shouldMatchAReservationByIngressPort() {
        final Scope s = Harness.lan().reservation(Reservation.of(new ReservationKey.Port(9), ip("192.168.1.30")))
            .build();
        try (Harness h = Harness.of(s)) {
            h.send(ClientFrame.discover(A), 9, 1);
            assertEquals(ip("192.168.1.30"), h.reply().yiaddr);
            h.send(ClientFrame.discover("52:54:00:aa:00:02"), 8, 1);
            assertNotEquals(ip("192.168.1.30"), h.reply().yiaddr);
        }
    }

    @Test
    void shouldMatchAReservationByRelayCircuitId() {
        final byte[] circuit = Bytes.ascii("sw1/p7");
        final Scope s = Harness.lan().reservation(Reservation.of(new ReservationKey.CircuitId(circuit),
            ip("192.168.1.40"))).build();
        try (Harness h = Harness.of(s)) {
            final byte[] rai = new byte[2 + circuit.length];
            rai[0] = 1;
            rai[1] = (byte) circuit.length;
            System.arraycopy(circuit, 0, rai, 2, circuit.length);
            h.send(ClientFrame.discover(A).option(82, rai).giaddr("192.168.1.1").from("02:00:00:00:00:99",
                "192.168.1.1").toIp("192.168.1.254"));
            assertEquals(ip("192.168.1.40"), h.reply().yiaddr);
        }
    }

    @Test
    void shouldGiveNixosTestNodesTheAddressesTheDriverExpects() {
        // the k3s topology: server-1, server-2, agent-1 on VLAN 1 with MACs 52:54:00:12:01:01..03
        final Scope s = Scope.builder(1, "192.168.1.0/24").formula(FormulaReservation.nixos()).build();
        try (Harness h = Harness.of(s)) {
            for (int n = 1; n <= 3; n++) {
                assertEquals(ip("192.168.1." + n), h.dora("52:54:00:12:01:0" + n).yiaddr);
            }
            assertTrue(h.events.lastLine().contains("formula nixos"), h.events.lastLine());
        }
    }

    @Test
    void shouldIgnoreAFormulaResultOutsideTheScope() {
        final Scope s = Scope.builder(2, "192.168.2.0/24").range("192.168.2.100", "192.168.2.110")
            .formula(FormulaReservation.nixos()).build();
        try (Harness h = Harness.of(s)) {
            h.send(ClientFrame.discover("52:54:00:12:01:01"), 3, 2);
            assertTrue(h.reply().yiaddr >= ip("192.168.2.100"), Bytes.ip(h.reply().yiaddr));
        }
    }

    @Test
    void shouldApplyPerHostOptionOverrides() {
        final Reservation r = new Reservation(new ReservationKey.Mac(Bytes.mac(A)), 0, null, 7200, null,
            Map.of(6, Bytes.int32(ip("9.9.9.9"))));
        try (Harness h = Harness.of(Harness.lan().reservation(r).build())) {
            final ReplyView ack = h.dora(A);
            assertArrayEquals(Bytes.int32(ip("9.9.9.9")), ack.option(6));
            assertEquals(7200, ack.optionInt(51));
        }
    }

    @Test
    void shouldKeepTheAddressWhenTheClientIdChangesUnderMacKeying() {
        // systemd-networkd and the initramfs send different client-ids for one NIC (docs/dhcp.md §5)
        try (Harness h = Harness.of(Harness.lan().build())) {
            final int a = h.dora(A).yiaddr;
            h.send(ClientFrame.discover(A).clientId(Bytes.hex("ff0102030405")));
            assertEquals(a, h.reply().yiaddr);
        }
    }

    @Test
    void shouldTellClientsApartByClientIdWhenSoConfigured() {
        try (Harness h = Harness.of(Harness.lan().keying(ClientKeying.CLIENT_ID).build())) {
            h.send(ClientFrame.discover(A).clientId(Bytes.hex("01aa")));
            final int first = h.reply().yiaddr;
            h.send(ClientFrame.request(A).clientId(Bytes.hex("01aa")).serverId("192.168.1.254")
                .requestedIp(Bytes.ip(first)));
            h.send(ClientFrame.discover(A).clientId(Bytes.hex("01bb")));
            assertNotEquals(first, h.reply().yiaddr);
        }
    }
}
