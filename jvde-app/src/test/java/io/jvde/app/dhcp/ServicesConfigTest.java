package io.jvde.app.dhcp;

import io.jvde.app.services.ServicesConfig;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.wire.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab services' configuration: YAML dns: and boot.tftpRoot, the dnsmasq-like flags, and the defaults. */
class ServicesConfigTest {
    @TempDir
    Path dir;

    static DhcpCommandLine.Result parse(final String... optionValuePairs) {
        final List<DhcpCommandLine.Arg> args = new ArrayList<>();
        for (int i = 0; i < optionValuePairs.length; i += 2) {
            args.add(new DhcpCommandLine.Arg(optionValuePairs[i], optionValuePairs[i + 1]));
        }
        return DhcpCommandLine.parse(args, true);
    }

    @Test
    void yamlDnsBlockAndPerScopeTftpRoot() throws Exception {
        Files.createDirectories(dir.resolve("tftp"));
        final Path file = dir.resolve("lab.yaml");
        Files.writeString(file, """
            dns:
              ttl: 30
              records: [{name: nas, ip: 192.168.1.9}]
              upstream: 192.0.2.53:5353
            scopes:
              - cidr: 192.168.1.0/24
                domainName: lab.example
                pool: {start: 192.168.1.100, end: 192.168.1.200}
                boot: {file: undionly.kpxe, tftpRoot: tftp}
              - vlan: 10
                cidr: 10.0.10.0/24
                dns: [10.0.10.53]
                pool: {start: 10.0.10.10, end: 10.0.10.20}
            """);
        final DhcpConfig c = parse(DhcpCommandLine.CONFIG, file.toString()).config();
        final ServicesConfig s = c.services();
        assertTrue(s.dns());
        assertEquals(30, s.ttl());
        assertEquals(List.of(new ServicesConfig.Record("nas", (int) Ipv4Address.parse("192.168.1.9"))), s.records());
        assertEquals(5353, s.upstream().getPort());
        assertEquals(dir.resolve("tftp"), s.tftpRoot(0));
        assertNull(s.tftpRoot(10));
        final Scope lab = c.server().scopes().get(0);
        assertEquals(List.of(lab.serverIp()), lab.options().dns(),
            "option 6: the switch, when DNS is on and none is set");
        assertEquals(lab.serverIp(), lab.boot().nextServer(), "siaddr: the switch, when it serves TFTP");
        assertEquals(List.of((int) Ipv4Address.parse("10.0.10.53")), c.server().scopes().get(1).options().dns(),
            "an explicit dns: is kept");
    }

    @Test
    void dnsmasqLikeFlags() {
        final DhcpConfig c = parse(DhcpCommandLine.RANGE, "192.168.1.100,192.168.1.200", DhcpCommandLine.DOMAIN,
            "lab.example", DhcpCommandLine.HOST, "52:54:00:01:01:01,192.168.1.1,server-1", DhcpCommandLine.DNS_RECORD,
            "nas,192.168.1.9", DhcpCommandLine.TFTP_ROOT, dir.toString()).config();
        assertTrue(c.services().dns());
        assertEquals("lab.example", c.server().scopes().get(0).options().domainName());
        assertEquals(dir, c.services().tftpRoot(0));
        assertEquals(1, c.services().records().size());
        final DhcpConfig off = parse(DhcpCommandLine.RANGE, "192.168.1.100,192.168.1.200").config();
        assertFalse(off.services().any(), "no service without its options");
        assertEquals(List.of(), off.server().scopes().get(0).options().dns(), "and no option 6 added");
        assertTrue(parse(DhcpCommandLine.ENABLE_DNS, "").config().services().dns(), "on the default scope too");
    }

    @Test
    void badValuesNameTheOptionOrTheFileAndLine() throws Exception {
        final IllegalArgumentException record = assertThrows(IllegalArgumentException.class,
            () -> parse(DhcpCommandLine.DNS_RECORD, "bad name!,192.168.1.9"));
        assertTrue(record.getMessage().startsWith("--dns-record: bad name!,192.168.1.9 (expected: NAME,IP"),
            record.getMessage());
        final IllegalArgumentException tftp = assertThrows(IllegalArgumentException.class,
            () -> parse(DhcpCommandLine.ENABLE_TFTP, ""));
        assertTrue(tftp.getMessage().startsWith("--enable-tftp: without a root"), tftp.getMessage());
        final IllegalArgumentException root = assertThrows(IllegalArgumentException.class,
            () -> parse(DhcpCommandLine.TFTP_ROOT, dir.resolve("missing").toString()));
        assertTrue(root.getMessage().contains("expected: an existing directory"), root.getMessage());
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "dns:\n  ttl: -1\nscopes:\n  - {cidr: 10.0.0.0/24, pool: {start: 10.0.0.10, end:"
            + " 10.0.0.20}}\n");
        final IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
            () -> DhcpYaml.load(file));
        assertEquals(file + ":2: dns.ttl: -1 (expected: 0..86400 seconds)", ttl.getMessage());
        Files.writeString(file, "scopes:\n  - cidr: 10.0.0.0/24\n    pool: {start: 10.0.0.10, end: 10.0.0.20}\n"
            + "    boot: {file: x, tftpRoot: nowhere}\n");
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> DhcpYaml.load(file));
        assertTrue(missing.getMessage().startsWith(file + ":4: scopes[0].boot.tftpRoot: nowhere (expected: an"
            + " existing directory"), missing.getMessage());
    }
}
