package io.jvde.dhcp.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvde.dhcp.config.DhcpConfigException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Validation names the field and the reason. */
class RelaySettingsTest {

    private static String failure(final Supplier<RelaySettings> build) {
        return assertThrows(DhcpConfigException.class, build::get).getMessage();
    }

    @Test
    void defaultsAreDhcrelaysAndEthernets() {
        final RelaySettings s = RelayFixture.settings().build();
        assertEquals(10, s.hopsLimit());
        assertEquals(1500, s.maxPacketSize());
        assertEquals(RelayVlan.DEFAULT_CIRCUIT_ID, s.vlans().get(0).circuitIdTemplate());
        assertEquals(s, s.toBuilder().build());
    }

    @Test
    void rejectsBadFieldsNamingThem() {
        assertEquals("relayMac: ff:ff:ff:ff:ff:ff (expected: a unicast MAC)",
            failure(() -> RelayFixture.settings().relayMac(0xFFFF_FFFF_FFFFL).build()));
        assertEquals("hopsLimit: 17 (expected: 1..16, RFC 1542 §4.1.1)",
            failure(() -> RelayFixture.settings().hopsLimit(17).build()));
        assertEquals("maxPacketSize: 500 (expected: 576..1500)",
            failure(() -> RelayFixture.settings().maxPacketSize(500).build()));
        assertEquals("servers[1]: 198.51.100.7 (expected: an address on the upstream subnet, or set gateway)",
            failure(() -> RelayFixture.settings().server("198.51.100.7").build()));
        assertEquals("gateway: 10.0.0.1 (expected: another host of the upstream subnet 192.0.2.10/24)",
            failure(() -> RelayFixture.settings().gateway("10.0.0.1").build()));
        assertEquals("vlans[2].vid: 10 (expected: each VLAN once; vlans[0] relays it already)",
            failure(() -> RelayFixture.settings().vlan(RelayVlan.of(10, "10.30.0.1/24")).build()));
        assertEquals("vlans[2].vid: 100 (expected: not the upstream VLAN)",
            failure(() -> RelayFixture.settings().vlan(RelayVlan.of(100, "10.30.0.1/24")).build()));
        assertEquals("vlans[2].relayAddress: 10.10.0.1 (expected: an address the relay uses once; vlans[0] has it"
            + " already)", failure(() -> RelayFixture.settings().vlan(RelayVlan.of(30, "10.10.0.1/24")).build()));
        assertEquals("vlans[2].relayAddress: 10.30.0.0/24 (expected: a host address of its subnet, not the network"
            + " or broadcast address)", failure(() -> RelayFixture.settings().vlan(RelayVlan.of(30, "10.30.0.0/24"))
            .build()));
        assertEquals("vlans[2].circuitId: {switch}-{slot} (expected: placeholders {switch} {port} {vlan} {desc}"
            + " only; found {slot})", failure(() -> RelayFixture.settings().vlan(RelayVlan.of(30, "10.30.0.1/24")
            .withCircuitId("{switch}-{slot}")).build()));
        assertEquals("vlans[2].circuitId: {switch} (expected: {port} or {desc} in the template, so each port gets its"
            + " own circuit-id)", failure(() -> RelayFixture.settings().vlan(RelayVlan.of(30, "10.30.0.1/24")
            .withCircuitId("{switch}")).build()));
        assertEquals("servers: [] (expected: at least one DHCP server address)",
            failure(() -> RelayFixture.settings().clearServers().build()));
        assertEquals("relayAddress: 10.1.0.1 (expected: address/prefix like 10.1.0.1/24)",
            failure(() -> RelayFixture.settings().vlan(RelayVlan.of(30, "10.1.0.1")).build()));
    }
}
