package io.jvde.dhcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ScopeValidationTest {
    private static Scope.Builder lan() {
        return Scope.builder(1, "192.168.1.0/24").range("192.168.1.100", "192.168.1.199").router("192.168.1.1");
    }

    private static DhcpConfigException fails(final Executable e) {
        return assertThrows(DhcpConfigException.class, e);
    }

    @Test
    void shouldDefaultTheServerIpToTheLastUsableAddress() {
        assertEquals(Bytes.ip("192.168.1.254"), lan().build().serverIp());
        assertEquals(Bytes.ip("10.0.255.254"), Scope.builder(0, "10.0.0.0/16").build().serverIp());
    }

    @Test
    void shouldDeriveTheBroadcastAddressFromTheSubnet() {
        assertEquals(Bytes.ip("192.168.1.255"), lan().build().broadcast());
    }

    @Test
    void shouldSendHalfAndSevenEighthsOfTheLeaseAsT1AndT2ByDefault() {
        final Scope s = lan().leaseTime(8000).build();
        assertEquals(4000, s.effectiveRenewalTime(8000));
        assertEquals(7000, s.effectiveRebindingTime(8000));
        assertEquals(0, s.effectiveRenewalTime(Scope.INFINITE));
    }

    @Test
    void shouldNameTheFieldValueAndExpectationForARangeOutsideTheSubnet() {
        final DhcpConfigException e = fails(() -> lan().range("192.168.2.1", "192.168.2.9").build());
        assertEquals("scope.ranges[1].start", e.path());
        assertEquals("192.168.2.1 (expected: a host address of 192.168.1.0/24, not its network or broadcast"
            + " address)", e.reason());
    }

    @Test
    void shouldRejectARangeWhoseStartIsAfterItsEnd() {
        assertEquals("scope.ranges[1]", fails(() -> lan().range("192.168.1.50", "192.168.1.40").build()).path());
    }

    @Test
    void shouldRejectAServerIpOutsideTheSubnetOrOnItsBroadcast() {
        assertEquals("scope.serverIp", fails(() -> lan().serverIp("192.168.1.255").build()).path());
        assertEquals("scope.serverIp", fails(() -> lan().serverIp("10.0.0.1").build()).path());
    }

    @Test
    void shouldRejectARouterEqualToTheServerIp() {
        final DhcpConfigException e = fails(() -> lan().router("192.168.1.254").build());
        assertEquals("scope.router[1]", e.path());
        assertTrue(e.reason().contains("different from serverIp"), e.reason());
    }

    @Test
    void shouldRejectAnMtuBelow68() {
        assertEquals("scope.mtu: 67 (expected: 68..65535, RFC 2132 §5.1)", fails(() -> lan().mtu(67).build())
            .getMessage());
    }

    @Test
    void shouldRejectAShortLeaseAndT2BeforeT1() {
        assertEquals("scope.leaseTime", fails(() -> lan().leaseTime(10).build()).path());
        assertEquals("scope.rebindingTime",
            fails(() -> lan().leaseTime(3600).renewalTime(2000).rebindingTime(1000).build()).path());
    }

    @Test
    void shouldRejectRawOptionsTheServerManagesItself() {
        for (final int code : new int[] {0, 53, 54, 51, 61, 82, 255}) {
            assertTrue(fails(() -> lan().option(code, new byte[] {1}).build()).path().startsWith("scope.options."),
                "code " + code);
        }
    }

    @Test
    void shouldRejectDuplicateReservationKeysAndAddresses() {
        final DhcpConfigException key = fails(() -> lan()
            .reservation(Reservation.ofMac("52:54:00:00:00:01", "192.168.1.10", null))
            .reservation(Reservation.ofMac("52:54:00:00:00:01", "192.168.1.11", null)).build());
        assertEquals("scope.reservations[1].key", key.path());
        final DhcpConfigException address = fails(() -> lan()
            .reservation(Reservation.ofMac("52:54:00:00:00:01", "192.168.1.10", null))
            .reservation(Reservation.ofMac("52:54:00:00:00:02", "192.168.1.10", null)).build());
        assertEquals("scope.reservations[1].address", address.path());
    }

    @Test
    void shouldRejectABadDomainSearchEntry() {
        assertEquals("scope.domainSearch[1]", fails(() -> lan().domainSearch("ok.example", "bad..x").build()).path());
    }

    @Test
    void shouldWarnWhenClasslessRoutesLackADefaultRoute() {
        final Scope s = lan().route("10.0.0.0/8", "192.168.1.1").build();
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).contains("no default route"), s.warnings().get(0));
        assertTrue(lan().route("0.0.0.0/0", "192.168.1.1").build().warnings().isEmpty());
    }

    @Test
    void shouldRootScopeErrorsUnderTheirIndexInSettings() {
        final Scope good = lan().build();
        final Scope bad = new Scope(2, "bad", new ScopeAddresses(Ipv4Cidr.parse("10.0.0.0/24"), List.of(), List.of(),
            Bytes.ip("10.0.1.1")), new ClientOptions(List.of(), List.of(), null, List.of(), List.of(), 0, List.of(),
            java.util.Map.of()), new LeaseTimes(3600, 0, 0), new LeasePolicy(ClientKeying.MAC, true, 0), List.of(),
            List.of(), null);
        final DhcpConfigException e = fails(() -> DhcpSettings.builder().scope(good).scope(bad).build());
        assertEquals("scopes[1].serverIp", e.path());
    }

    @Test
    void shouldRejectTwoScopesOnOneVlan() {
        assertEquals("scopes[1].vlan", fails(() -> DhcpSettings.builder().scope(lan().build()).scope(lan().build())
            .build()).path());
    }

    @Test
    void shouldRejectAGroupServerMac() {
        assertEquals("serverMac", fails(() -> DhcpSettings.builder().serverMac(0x0100_5e00_0001L).build()).path());
    }

    @Test
    void shouldRejectHostBitsInACidr() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Ipv4Cidr.parse("192.168.1.5/24"));
        assertTrue(e.getMessage().contains("expected: host bits zero, e.g. 192.168.1.0/24"), e.getMessage());
    }
}
