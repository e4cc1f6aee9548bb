package io.jvde.app.dhcp;

import io.jvde.dhcp.config.ClientArch;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YAML configuration file: Harvester IPPool field names, reservations, boot; errors as FILE:LINE. */
class DhcpYamlTest {
    static final Path FILE = Path.of("/etc/jvde/dhcp.yaml");

    static final String EXAMPLE = """
        scopes:
          - vlan: 0
            name: lab
            cidr: 192.168.1.0/24
            serverIP: 192.168.1.254
            pool:
              start: 192.168.1.100
              end: 192.168.1.200
              exclude:
                - 192.168.1.150
                - 192.168.1.160-192.168.1.169
            router: 192.168.1.253
            dns: [192.168.1.53, 192.168.1.54]
            domainName: lab.example
            domainSearch: [lab.example, example]
            ntp: [192.168.1.123]
            leaseTime: 3600
            reservations:
              - mac: 52:54:00:01:01:01
                ip: 192.168.1.1
                hostname: server-1
              - mac: 52:54:00:01:01:02
                ip: 192.168.1.2
            boot:
              file: undionly.kpxe
              nextServer: 192.168.1.2
              arch:
                x64-uefi: signed_ipxe.efi
              ipxe: http://192.168.1.2/boot.ipxe
          - vlan: 10
            cidr: 10.0.10.0/24
            pool: {start: 10.0.10.10, end: 10.0.10.20}
            leaseTime: 12h
        """;

    private static int ip(final String s) {
        return Ipv4Address.parse(s);
    }

    private static String refused(final String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> DhcpYaml.parse(FILE, yaml)).getMessage();
    }

    @Test
    void shouldReadAScopePerVlanWithHarvesterFieldNames() {
        final DhcpSettings settings = DhcpYaml.parse(FILE, EXAMPLE).server();
        final Scope lab = settings.scopes().get(0);
        assertEquals("lab", lab.name());
        assertEquals("192.168.1.0/24", lab.cidr().toString());
        assertEquals(ip("192.168.1.254"), lab.serverIp());
        assertEquals(ip("192.168.1.100"), lab.addresses().ranges().get(0).start());
        assertEquals(ip("192.168.1.200"), lab.addresses().ranges().get(0).end());
        assertEquals(2, lab.addresses().exclude().size());
        assertEquals(List.of(ip("192.168.1.253")), lab.options().routers());
        assertEquals(List.of(ip("192.168.1.53"), ip("192.168.1.54")), lab.options().dns());
        assertEquals("lab.example", lab.options().domainName());
        assertEquals(List.of("lab.example", "example"), lab.options().domainSearch());
        assertEquals(List.of(ip("192.168.1.123")), lab.options().ntp());
        assertEquals(3600, lab.leaseTime());
        assertEquals(2, lab.reservations().size());
        assertEquals("server-1", lab.reservations().get(0).hostname());
        assertEquals("undionly.kpxe", lab.boot().file());
        assertEquals("signed_ipxe.efi", lab.boot().fileByArch().get(ClientArch.X64_UEFI));
        assertEquals("http://192.168.1.2/boot.ipxe", lab.boot().ipxeFile());
        final Scope ten = settings.scopes().get(1);
        assertEquals(10, ten.vlan());
        assertEquals(43_200, ten.leaseTime(), "12h");
        assertEquals(ip("10.0.10.254"), ten.serverIp(), "default server address: the last usable one");
    }

    @Test
    void shouldAcceptTheReadmeExample() throws Exception {
        final String readme = java.nio.file.Files.readString(io.jvde.testsupport.RepoRoot.find().resolve("README.md"));
        final int section = readme.indexOf("## DHCP");
        final int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        final String yaml = readme.substring(start, readme.indexOf("```", start));
        final DhcpSettings settings = DhcpYaml.parse(Path.of("README.md"), yaml).server();
        assertEquals(2, settings.scopes().size());
        assertEquals(3, settings.scopes().get(0).reservations().size());
        assertEquals(2, settings.scopes().get(0).addresses().ranges().size());
    }

    @Test
    void shouldAcceptTheReadmeRelayExample() throws Exception {
        final String readme = java.nio.file.Files.readString(io.jvde.testsupport.RepoRoot.find().resolve("README.md"));
        final int section = readme.indexOf("### Relay agent");
        final int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        final DhcpConfig c = DhcpYaml.parse(Path.of("README.md"),
            readme.substring(start, readme.indexOf("```", start)));
        assertEquals(2, c.relay().vlans().size());
        assertEquals(150, c.server().scopes().get(0).policy().maxLeases());
        assertEquals(java.util.Map.of(3, 2), c.macLimits());
        assertTrue(c.guard().trusted(5));
    }

    @Test
    void shouldRefuseAnUnknownFieldWithItsLine() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n    routers: 10.0.0.1\n");
        assertTrue(m.startsWith(FILE + ":3: scopes[0].routers: unknown field"), m);
    }

    @Test
    void shouldRefuseABadAddressWithTheLineOfTheValue() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n    pool:\n      start: 10.0.0.10\n"
            + "      end: 10.0.0.20\n    dns:\n      - 10.0.0.53\n      - 10.0.0.300\n");
        assertTrue(m.startsWith(FILE + ":8: scopes[0].dns[1]: "), m);
        assertTrue(m.contains("10.0.0.300"), m);
    }

    @Test
    void shouldRefuseAPoolOutsideTheSubnetWithTheLineOfThePool() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n    pool:\n      start: 10.0.1.10\n"
            + "      end: 10.0.1.20\n");
        assertTrue(m.startsWith(FILE + ":"), m);
        assertTrue(m.contains("10.0.1.10"), m);
    }

    @Test
    void shouldRefuseTwoScopesForOneVlan() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n  - cidr: 10.0.1.0/24\n");
        assertTrue(m.startsWith(FILE + ":3: scopes[1].vlan: 0 (expected: one scope per VLAN"), m);
    }

    @Test
    void shouldRefuseYamlThatDoesNotParseWithJacksonsLine() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n   bad: [unclosed\n");
        assertTrue(m.startsWith(FILE + ":"), m);
    }

    @Test
    void shouldRefuseAFileWithoutScopes() {
        assertTrue(refused("scopes: []\n").contains("scopes: missing or empty"));
    }

    @Test
    void shouldRefuseAReservationOnTheRouterWithTheLineOfItsIp() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n    router: 10.0.0.1\n    reservations:\n"
            + "      - mac: 52:54:00:01:01:01\n        ip: 10.0.0.1\n");
        assertTrue(m.startsWith(FILE + ":6: scopes[0].reservations[0].ip: 10.0.0.1 (expected: not the serverIp"), m);
    }

    @Test
    void shouldRefuseAReservationWithTwoKeys() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n    reservations:\n"
            + "      - mac: 52:54:00:01:01:01\n        port: 3\n        ip: 10.0.0.5\n");
        assertTrue(m.startsWith(FILE + ":4: scopes[0].reservations[0]: expected exactly one of"), m);
    }

    static final String RELAY = """
        trustedPorts: [4]
        scopes:
          - {vlan: 0, cidr: 10.86.68.0/24, pool: {start: 10.86.68.10, end: 10.86.68.20}, maxLeases: 5}
        relay:
          remoteId: lab-sw
          upstream: {vlan: 99, address: 10.99.0.254/24, gateway: 10.99.0.1}
          servers: [10.99.0.1, 10.99.0.2]
          hopsLimit: 4
          vlans:
            - {vlan: 10, address: 10.10.0.1/24, circuitId: "sw1/{port}/{vlan}", serverIdOverride: true}
            - {vlan: 20, address: 10.20.0.1/24, remoteId: other, linkSelection: true}
        security:
          rateLimit: {port: 20, portBurst: 40, mac: 5, macBurst: 10}
          logInterval: 30
          bindings: 1024
          macLimits: {3: 2, 7: 1}
        """;

    @Test
    void shouldReadTheRelayTheGuardAndTheLimits() {
        final DhcpConfig c = DhcpYaml.parse(FILE, RELAY);
        assertEquals(5, c.server().scopes().get(0).policy().maxLeases());
        final var relay = c.relay();
        assertEquals("lab-sw", relay.switchName());
        assertEquals(99, relay.upstreamVlan());
        assertEquals(ip("10.99.0.254"), relay.upstreamAddress());
        assertEquals(24, relay.upstreamPrefix());
        assertEquals(ip("10.99.0.1"), relay.gateway());
        assertEquals(2, relay.servers().length);
        assertEquals(4, relay.hopsLimit());
        assertEquals(c.server().serverMac(), relay.relayMac());
        assertEquals(10, relay.vlans().get(0).vid());
        assertEquals(ip("10.10.0.1"), relay.vlans().get(0).relayAddress());
        assertEquals("sw1/{port}/{vlan}", relay.vlans().get(0).circuitIdTemplate());
        assertTrue(relay.vlans().get(0).serverIdOverride());
        assertEquals("other", relay.vlans().get(1).remoteId());
        assertTrue(relay.vlans().get(1).linkSelection());
        final var guard = c.guard();
        assertEquals(20, guard.portRate());
        assertEquals(40, guard.portBurst());
        assertEquals(5, guard.macRate());
        assertEquals(10, guard.macBurst());
        assertEquals(30_000, guard.logIntervalMillis());
        assertEquals(1024, guard.bindingCapacity());
        assertTrue(guard.trusted(4), "trustedPorts apply to the guard too");
        assertEquals(java.util.Map.of(3, 2, 7, 1), c.macLimits());
        assertEquals(List.of(0, 10, 20), c.guardedVlans(), "not the upstream VLAN 99: the servers live there");
    }

    @Test
    void shouldAcceptARelayWithoutScopes() {
        final DhcpConfig c = DhcpYaml.parse(FILE, "relay:\n  upstream: {vlan: 99, address: 10.99.0.254/24}\n"
            + "  servers: [10.99.0.1]\n  vlans:\n    - {vlan: 10, address: 10.10.0.1/24}\n");
        assertTrue(c.server().scopes().isEmpty());
        assertEquals(1, c.relay().vlans().size());
    }

    @Test
    void shouldRefuseAVlanBothServedAndRelayedWithTheLineOfTheRelayedOne() {
        final String m = refused("scopes:\n  - {vlan: 10, cidr: 10.10.0.0/24}\nrelay:\n"
            + "  upstream: {vlan: 99, address: 10.99.0.254/24}\n  servers: [10.99.0.1]\n  vlans:\n"
            + "    - {vlan: 10, address: 10.10.0.1/24}\n");
        assertTrue(m.startsWith(FILE + ":7: relay.vlans[0].vlan: 10 (expected: a VLAN either served"), m);
    }

    @Test
    void shouldRefuseARelayWithoutUpstreamAddress() {
        final String m = refused("relay:\n  upstream: {vlan: 99}\n  servers: [10.99.0.1]\n  vlans:\n"
            + "    - {vlan: 10, address: 10.10.0.1/24}\n");
        assertTrue(m.startsWith(FILE + ":2: relay.upstream.address: missing"), m);
    }

    @Test
    void shouldRefuseABadRateWithItsLine() {
        final String m = refused("scopes:\n  - {cidr: 10.0.0.0/24}\nsecurity:\n  rateLimit: {port: many}\n");
        assertTrue(m.startsWith(FILE + ":4: security.rateLimit.port: 'many' (expected: a whole number)"), m);
    }

    @Test
    void shouldRefuseABadCircuitTemplateNamingTheRelayedVlan() {
        final String m = refused("relay:\n  upstream: {vlan: 99, address: 10.99.0.254/24}\n  servers: [10.99.0.1]\n"
            + "  vlans:\n    - {vlan: 10, address: 10.10.0.1/24, circuitId: fixed}\n");
        assertTrue(m.contains("relay.vlans[0].circuitId"), m);
        assertTrue(m.startsWith(FILE + ":5: "), m);
    }

    @Test
    void shouldReadOptionsByNameOrNumberWithTheCommandLinesValueGrammar() {
        final Scope s = DhcpYaml.parse(FILE, "scopes:\n  - cidr: 10.0.0.0/24\n    options:\n"
            + "      tftp-server: 10.0.0.2\n      150: 0xc0a80102\n      252: 10.0.0.3\n").server().scopes().get(0);
        assertEquals("10.0.0.2", new String(s.options().raw().get(66), java.nio.charset.StandardCharsets.US_ASCII),
            "option 66 is text, even when it looks like an address");
        assertEquals(List.of(0xc0, 0xa8, 1, 2), unsigned(s.options().raw().get(150)));
        assertEquals(List.of(10, 0, 0, 3), unsigned(s.options().raw().get(252)), "untyped: addresses when they are");
    }

    private static List<Integer> unsigned(final byte[] b) {
        final java.util.ArrayList<Integer> l = new java.util.ArrayList<>();
        for (final byte x : b) {
            l.add(x & 0xFF);
        }
        return l;
    }

    @Test
    void shouldRefuseABadOptionWithTheLineOfItsValue() {
        final String hex = refused("scopes:\n  - cidr: 10.0.0.0/24\n    options:\n      66: x\n      150: 0xabc\n");
        assertEquals(FILE + ":5: scopes[0].options.150: 0xabc (expected: an even number of hex digits after 0x)",
            hex);
        final String name = refused("scopes:\n  - cidr: 10.0.0.0/24\n    options: {frobnicate: 1}\n");
        assertTrue(name.startsWith(FILE + ":3: scopes[0].options.frobnicate: frobnicate (expected: an option code"
            + " 1..254 or router, dns-server"), name);
    }

    @Test
    void shouldRefuseAWrongTypeWithTheLineOfTheValue() {
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n    mtu:\n      - 1400\n");
        assertEquals(FILE + ":4: scopes[0].mtu: (a list) (expected: a whole number)", m,
            "a block list starts at its first item");
        final String b = refused("scopes:\n  - cidr: 10.0.0.0/24\n    authoritative: maybe\n");
        assertEquals(FILE + ":3: scopes[0].authoritative: 'maybe' (expected: true or false)", b);
        final String c = refused("scopes:\n  - cidr: 10.0.0.0/33\n");
        assertTrue(c.startsWith(FILE + ":2: scopes[0].cidr: "), c);
        final String mac = refused("scopes:\n  - cidr: 10.0.0.0/24\n    reservations:\n"
            + "      - {mac: nope, ip: 10.0.0.5}\n");
        assertTrue(mac.startsWith(FILE + ":4: scopes[0].reservations[0].mac: nope (expected: six hex octets"), mac);
        final String lease = refused("scopes:\n  - cidr: 10.0.0.0/24\n    leaseTime: soon\n");
        assertEquals(FILE + ":3: scopes[0].leaseTime: soon (expected: seconds, or a time like 45m, 12h, 1d,"
            + " infinite)", lease);
        final String nul = refused("scopes:\n  - cidr: 10.0.0.0/24\n    dns: [10.0.0.53, ~]\n");
        assertTrue(nul.startsWith(FILE + ":3: scopes[0].dns"), nul);
    }

    @Test
    void shouldAcceptTheSpellingsTheFileAlwaysAcceptedAndASingleValueAsAList() {
        final Scope s = DhcpYaml.parse(FILE, "scopes:\n  - cidr: 10.0.0.0/24\n    serverIp: 10.0.0.250\n"
            + "    dns: 10.0.0.53\n    domainSearch: lab.example\n").server().scopes().get(0);
        assertEquals(ip("10.0.0.250"), s.serverIp());
        assertEquals(List.of(ip("10.0.0.53")), s.options().dns());
        assertEquals(List.of("lab.example"), s.options().domainSearch());
        final String m = refused("scopes:\n  - cidr: 10.0.0.0/24\n    serverIp: 10.0.0.0\n");
        assertTrue(m.startsWith(FILE + ":3: scopes[0].serverIp: 10.0.0.0 (expected: a host address"), m);
        final String d = refused("scopes:\n  - cidr: 10.0.0.0/24\n    dns: 10.0.0.300\n");
        assertTrue(d.startsWith(FILE + ":3: scopes[0].dns: 10.0.0.300 (expected: an IPv4 address"), d);
    }
}
