package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.app.ProcessExtension;
import io.jvde.app.dhcp.DhcpCommandLine;
import io.jvde.app.dhcp.DhcpExtension;
import io.jvde.app.dhcp.LeaseFile;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dnsmasq-style DHCP options of {@code jvde switch} and {@code vde_switch}. */
class DhcpOptionsTest {
    private final CliFixture cli = new CliFixture();

    private DhcpExtension dhcp() {
        final List<ProcessExtension> ext = cli.settings.extensions().stream()
            .filter(e -> e instanceof DhcpExtension).toList();
        return ext.isEmpty() ? null : (DhcpExtension) ext.get(0);
    }

    private static int ip(final String s) {
        return Ipv4Address.parse(s);
    }

    @Nested
    class Defaults {
        @Test
        void shouldServeTheDocumentedDefaultSubnetWhenJvdeSwitchHasNoDhcpOption() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw1"), cli.err());
            final Scope s = dhcp().settings().scopes().get(0);
            assertEquals(DhcpCommandLine.DEFAULT_CIDR, s.cidr().toString());
            assertEquals(0, s.vlan());
            assertEquals(ip("10.86.68.254"), s.serverIp(), "the subnet's last usable address");
            assertEquals(ip("10.86.68.10"), s.addresses().ranges().get(0).start());
            assertEquals(LeaseFile.besideSwitch(), dhcp().leaseFile());
            assertEquals(Path.of("/tmp/sw1.dhcp-leases"), dhcp().leaseFile().resolve(Path.of("/tmp/sw1")));
        }

        @Test
        void shouldServeNoDhcpFromVdeSwitchUnlessAnOptionAsksForIt() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch("-s", "/tmp/sw2"), cli.err());
            assertNull(dhcp());
            assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch("-s", "/tmp/sw2", "--dhcp-range",
                "192.168.1.10,192.168.1.20"), cli.err());
            assertEquals(ip("192.168.1.10"), dhcp().settings().scopes().get(0).addresses().ranges().get(0).start());
        }

        @Test
        void shouldServeNothingWithNoDhcp() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--no-dhcp"), cli.err());
            assertNull(dhcp());
        }

        @Test
        void shouldTrustTheGivenPortsWithTheDefaultSubnetOrWithOptions() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-trusted-port", "1",
                "--dhcp-trusted-port=7"), cli.err());
            assertTrue(dhcp().settings().trusted(1) && dhcp().settings().trusted(7), "default subnet, trusted ports");
            assertEquals(DhcpCommandLine.DEFAULT_CIDR, dhcp().settings().scopes().get(0).cidr().toString());
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-range", "192.168.1.10,192.168.1.20",
                "--dhcp-trusted-port", "3"), cli.err());
            assertTrue(dhcp().settings().trusted(3));
        }

        @Test
        void shouldServeTheDefaultSubnetQuietlyWithQuietDhcp() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw3"), cli.err());
            assertTrue(!dhcp().quiet(), "a line per exchange by default");
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw3", "--dhcp-quiet"), cli.err());
            assertTrue(dhcp().quiet());
            assertEquals(DhcpCommandLine.DEFAULT_CIDR, dhcp().settings().scopes().get(0).cidr().toString(),
                "--dhcp-quiet is not a scope option: the default subnet is still served");
            assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch("-s", "/tmp/sw3", "--dhcp-quiet"), cli.err());
            assertNull(dhcp(), "vde_switch serves nothing unless a scope option asks for it");
        }

        @Test
        void shouldFsyncEachLeaseBatchUnlessTheLeaseSyncIsWrite() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw4"), cli.err());
            assertTrue(dhcp().leaseFile().fsync(), "fsync by default");
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw4", "--dhcp-lease-sync", "write",
                "--dhcp-lease-file", "/tmp/w.leases"), cli.err());
            assertTrue(!dhcp().leaseFile().fsync(), "written only");
            assertEquals(Path.of("/tmp/w.leases"), dhcp().leaseFile().resolve(Path.of("/tmp/sw4")));
            assertEquals(DhcpCommandLine.DEFAULT_CIDR, dhcp().settings().scopes().get(0).cidr().toString(),
                "not a scope option: the default subnet is still served");
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-lease-sync=fsync"), cli.err());
            assertTrue(dhcp().leaseFile().fsync());
            assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--dhcp-lease-sync", "never"));
            assertTrue(cli.err().contains("--dhcp-lease-sync: 'never' (expected: fsync or write)"), cli.err());
        }

        @Test
        void shouldKeepLeasesInMemoryWhenAsked() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-lease-file=memory"), cli.err());
            assertNull(dhcp().leaseFile().resolve(Path.of("/tmp/x")));
        }
    }

    @Nested
    class DnsmasqSpellings {
        @Test
        void shouldBuildTheK3sTopologyFromRangeAndHosts() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-range=192.168.1.100,192.168.1.200,"
                + "255.255.255.0,12h", "--dhcp-host", "52:54:00:01:01:01,192.168.1.1,server-1",
                "--dhcp-host", "52:54:00:01:01:02,192.168.1.2", "--dhcp-option", "3,192.168.1.254",
                "--dhcp-option", "dns-server,192.168.1.53,192.168.1.54", "--dhcp-option", "119,example.com",
                "--dhcp-option", "66,tftp.example.com", "--dhcp-server-ip", "192.168.1.250",
                "--dhcp-lease-file", "/tmp/k3s.leases"), cli.err());
            final Scope s = dhcp().settings().scopes().get(0);
            assertEquals("192.168.1.0/24", s.cidr().toString());
            assertEquals(43_200, s.leaseTime());
            assertEquals(2, s.reservations().size());
            assertEquals(new ReservationKey.Mac(MacAddress.parse("52:54:00:01:01:01")), s.reservations().get(0).key());
            assertEquals(ip("192.168.1.1"), s.reservations().get(0).address());
            assertEquals("server-1", s.reservations().get(0).hostname());
            assertEquals(List.of(ip("192.168.1.254")), s.options().routers());
            assertEquals(List.of(ip("192.168.1.53"), ip("192.168.1.54")), s.options().dns());
            assertEquals(List.of("example.com"), s.options().domainSearch());
            assertArrayEquals("tftp.example.com".getBytes(StandardCharsets.US_ASCII), s.options().raw().get(66));
            assertEquals(ip("192.168.1.250"), s.serverIp());
            assertEquals(LeaseFile.at(Path.of("/tmp/k3s.leases")), dhcp().leaseFile());
        }

        @Test
        void shouldApplyOptionsAfterDhcpVlanToThatVlanOnly() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-range", "10.0.0.10,10.0.0.20",
                "--dhcp-vlan", "10", "--dhcp-range", "10.0.10.10,10.0.10.20", "--dhcp-option", "3,10.0.10.1",
                "--dhcp-vlan=20", "--dhcp-range", "10.0.20.0,static", "--dhcp-host",
                "52:54:00:00:00:20,10.0.20.5"), cli.err());
            final List<Scope> scopes = dhcp().settings().scopes();
            assertEquals(3, scopes.size());
            assertEquals(0, scopes.get(0).vlan());
            assertTrue(scopes.get(0).options().routers().isEmpty(), "the router belongs to VLAN 10 only");
            assertEquals(10, scopes.get(1).vlan());
            assertEquals(List.of(ip("10.0.10.1")), scopes.get(1).options().routers());
            assertEquals(20, scopes.get(2).vlan());
            assertTrue(scopes.get(2).addresses().ranges().isEmpty(), "static: reservations only");
            assertEquals(1, scopes.get(2).reservations().size());
        }

        @Test
        void shouldFillTheBootFieldsFromDhcpBoot() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-range", "10.0.0.10,10.0.0.20",
                "--dhcp-boot", "signed_ipxe.efi,boothost,10.0.0.2"), cli.err());
            final Scope s = dhcp().settings().scopes().get(0);
            assertEquals("signed_ipxe.efi", s.boot().file());
            assertEquals("boothost", s.boot().serverName());
            assertEquals(ip("10.0.0.2"), s.boot().nextServer());
        }
    }

    @Nested
    class ConfigFile {
        @org.junit.jupiter.api.io.TempDir
        Path tmp;

        @Test
        void shouldTakeScopesFromTheFileAndOtherVlansFromTheCommandLine() throws Exception {
            final Path file = tmp.resolve("dhcp.yaml");
            java.nio.file.Files.writeString(file, "scopes:\n  - vlan: 0\n    cidr: 192.168.1.0/24\n"
                + "    pool: {start: 192.168.1.10, end: 192.168.1.20}\n");
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--dhcp-config", file.toString(),
                "--dhcp-vlan", "10", "--dhcp-range", "10.0.10.10,10.0.10.20"), cli.err());
            final List<Scope> scopes = dhcp().settings().scopes();
            assertEquals(2, scopes.size());
            assertEquals("192.168.1.0/24", scopes.get(0).cidr().toString());
            assertEquals(10, scopes.get(1).vlan());
        }

        @Test
        void shouldRefuseABadFileWithFileAndLineAndStartNothing() throws Exception {
            final Path file = tmp.resolve("bad.yaml");
            java.nio.file.Files.writeString(file, "scopes:\n  - vlan: 0\n    cidr: 192.168.1.0/24\n"
                + "    leaseTime: soon\n");
            assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--dhcp-config", file.toString()));
            assertEquals(0, cli.runs);
            assertTrue(cli.err().contains(file + ":4: scopes[0].leaseTime: soon (expected: seconds"), cli.err());
        }

        @Test
        void shouldRefuseAVlanConfiguredInBothPlaces() throws Exception {
            final Path file = tmp.resolve("dhcp.yaml");
            java.nio.file.Files.writeString(file, "scopes:\n  - cidr: 192.168.1.0/24\n");
            assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--dhcp-config", file.toString(), "--dhcp-range",
                "10.0.0.10,10.0.0.20"));
            assertTrue(cli.err().contains("--dhcp-vlan: 0 (expected: a VLAN either in " + file), cli.err());
        }
    }

    @Nested
    class Errors {
        private void refused(final String expected, final String... args) {
            final String[] all = new String[args.length + 1];
            all[0] = "switch";
            System.arraycopy(args, 0, all, 1, args.length);
            assertEquals(ExitCodes.USAGE, cli.jvde(all));
            assertEquals(0, cli.runs, "nothing started");
            assertTrue(cli.err().contains(expected), cli.err());
        }

        @Test
        void shouldRefuseARangeWithABadAddressNamingTheOption() {
            refused("--dhcp-range: 192.168.1.300,192.168.1.20 ('192.168.1.300' expected: an IPv4 address",
                "--dhcp-range", "192.168.1.300,192.168.1.20");
        }

        @Test
        void shouldRefuseABadTrustedPort() {
            refused("--dhcp-trusted-port: two (expected: a port number >= 0)", "--dhcp-trusted-port", "two");
        }

        @Test
        void shouldRefuseAReversedRange() {
            refused("(expected: START <= END)", "--dhcp-range", "192.168.1.20,192.168.1.10");
        }

        @Test
        void shouldRefuseARangeAcrossSubnets() {
            refused("(expected: START and END in one subnet", "--dhcp-range", "192.168.1.20,192.168.2.10");
        }

        @Test
        void shouldRefuseABadLeaseTime() {
            refused("'12x' expected: a lease time", "--dhcp-range", "192.168.1.10,192.168.1.20,255.255.255.0,12x");
        }

        @Test
        void shouldRefuseAHostWithABadMac() {
            refused("--dhcp-host: 52:54:00:zz:01:01,192.168.1.1", "--dhcp-range", "192.168.1.10,192.168.1.20",
                "--dhcp-host", "52:54:00:zz:01:01,192.168.1.1");
        }

        @Test
        void shouldRefuseAHostOutsideTheSubnet() {
            refused("10.9.9.9", "--dhcp-range", "192.168.1.10,192.168.1.20", "--dhcp-host",
                "52:54:00:01:01:01,10.9.9.9");
        }

        @Test
        void shouldRefuseAVlanWithoutRange() {
            refused("--dhcp-range: missing for VLAN 7", "--dhcp-vlan", "7", "--dhcp-host",
                "52:54:00:01:01:01,10.9.9.9");
        }

        @Test
        void shouldRefuseAnOutOfRangeVlan() {
            refused("--dhcp-vlan: 4095 (expected: 0..4094", "--dhcp-vlan", "4095");
        }

        @Test
        void shouldRefuseAnUnknownOptionName() {
            refused("'frobnicate' expected: an option code", "--dhcp-range", "192.168.1.10,192.168.1.20",
                "--dhcp-option", "frobnicate,1");
        }

        @Test
        void shouldRefuseAServerIpOutsideTheSubnet() {
            refused("10.1.1.1", "--dhcp-range", "192.168.1.10,192.168.1.20", "--dhcp-server-ip", "10.1.1.1");
        }

        @Test
        void shouldRefuseNoDhcpWithOtherDhcpOptions() {
            refused("--no-dhcp: given with other DHCP options", "--no-dhcp", "--dhcp-range",
                "192.168.1.10,192.168.1.20");
        }

        @Test
        void shouldRefuseAMissingConfigFileNamingIt() {
            refused("--dhcp-config: /nonexistent/dhcp.yaml: cannot read", "--dhcp-config", "/nonexistent/dhcp.yaml");
        }
    }
}
