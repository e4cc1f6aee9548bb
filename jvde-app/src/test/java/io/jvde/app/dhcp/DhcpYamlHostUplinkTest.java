package io.jvde.app.dhcp;

import io.jvde.dhcp.relay.RelaySettings;
import io.jvde.dhcp.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code relay.upstream.host}: the relay reaches its servers over the host's UDP socket (issue 6 item 2). */
class DhcpYamlHostUplinkTest {
    static final Path FILE = Path.of("/etc/jvde/dhcp.yaml");

    static String relay(final String upstream) {
        return "relay:\n  upstream: " + upstream + "\n  servers: [192.0.2.1, 198.51.100.7]\n  vlans:\n"
            + "    - {vlan: 10, address: 10.10.0.1/24}\n    - {vlan: 20, address: 10.20.0.1/24, linkSelection: true}\n";
    }

    private static String refused(final String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> DhcpYaml.parse(FILE, yaml)).getMessage();
    }

    @Test
    void shouldReadAHostUplinkBoundToOneAddressWithServersAnywhere() {
        final RelaySettings r = DhcpYaml.parse(FILE, relay("{host: 192.0.2.10}")).relay();
        assertTrue(r.hostUplink());
        assertEquals(Ipv4Address.parse("192.0.2.10"), r.upstreamAddress());
        assertEquals(0, r.upstreamVlan(), "no upstream VLAN");
        assertEquals(2, r.servers().length);
        assertTrue(r.vlans().get(1).linkSelection());
        assertEquals("upstream host 192.0.2.10:67 servers 192.0.2.1 198.51.100.7 | vlan 10 giaddr 10.10.0.1/24"
            + " circuit-id \"{switch} port {port} vlan {vlan}\" | vlan 20 giaddr 10.20.0.1/24 circuit-id"
            + " \"{switch} port {port} vlan {vlan}\" link-selection | remote-id \"jvde\" hops-limit 10",
            DhcpSecurityCommands.describe(r));
    }

    @Test
    void shouldReadHostTrueAsTheWildcardAddress() {
        final String yaml = "relay:\n  upstream: {host: true}\n  servers: [192.0.2.1]\n  vlans:\n"
            + "    - {vlan: 10, address: 10.10.0.1/24}\n";
        final RelaySettings r = DhcpYaml.parse(FILE, yaml).relay();
        assertTrue(r.hostUplink());
        assertEquals(0, r.upstreamAddress());
    }

    @Test
    void shouldLetAScopeServeVlanZeroBesideAHostUplink() {
        final DhcpConfig c = DhcpYaml.parse(FILE, "scopes:\n  - {vlan: 0, cidr: 192.168.1.0/24}\n"
            + relay("{host: 192.0.2.10}"));
        assertTrue(c.relay().hostUplink());
        assertFalse(c.relay().vlans().stream().anyMatch(v -> v.vid() == 0));
        assertEquals(0, c.server().scopes().get(0).vlan());
    }

    @Test
    void shouldRefuseLinkSelectionWithHostTrueAtTheVlansLine() {
        final String m = refused(relay("{host: true}"));
        assertTrue(m.startsWith(FILE + ":6: relay.vlans[1].linkSelection: true (expected: false with a host"
            + " uplink bound to 0.0.0.0"), m);
    }

    @Test
    void shouldRefuseHostTogetherWithAnUpstreamVlan() {
        final String m = refused(relay("{host: true, vlan: 99}"));
        assertTrue(m.startsWith(FILE + ":2: relay.upstream.vlan: not with host: (expected: either"), m);
        final String g = refused(relay("{host: 192.0.2.10, gateway: 192.0.2.1}"));
        assertTrue(g.startsWith(FILE + ":2: relay.upstream.gateway: not with host:"), g);
    }

    @Test
    void shouldRefuseAHostValueThatIsNeitherTrueNorAnAddress() {
        assertTrue(refused(relay("{host: false}")).startsWith(FILE + ":2: relay.upstream.host: false (expected:"
            + " true for 0.0.0.0, or one of the host's addresses"));
        assertTrue(refused(relay("{host: eth0}")).startsWith(FILE + ":2: relay.upstream.host: eth0 (expected:"));
        final String multicast = refused(relay("{host: 224.0.0.1}"));
        assertTrue(multicast.startsWith(FILE + ":2: relay.upstream.host: 224.0.0.1 (expected: 0.0.0.0 or a"
            + " unicast address of the host)"), multicast);
    }

    @Test
    void shouldRefuseAServerAtTheBoundAddress() {
        final String m = refused(relay("{host: 192.0.2.1}"));
        assertTrue(m.contains("relay.servers[0]: 192.0.2.1 (expected: a unicast address other than the upstream"
            + " address)"), m);
    }
}
