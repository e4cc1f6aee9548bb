package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jvde as the DHCP relay agent of VLANs 10 and 20 (issue 6, acceptance) for real servers: dnsmasq and kea-dhcp4 in a
 * network namespace on VLAN 99, attached with {@code vde_plug2tap}, reaching the client subnets through the switch's
 * upstream address 10.99.0.254. Clients (udhcpc, dhclient) sit on access ports of VLANs 10 and 20. Every address
 * lives inside namespaces the test creates; every process is bounded by a timeout and stopped by PID.
 */
@Tag("slow")
class DhcpRelayIT {
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);
    static final Duration CONSOLE = Duration.ofSeconds(10);
    static final Pattern ADDRESS = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");
    static final String SERVER = "10.99.0.1";

    /** VLAN 10's circuit-id from a template, VLAN 20's from the default one ({switch} port {port} vlan {vlan}). */
    static final String RELAY = """
        relay:
          remoteId: jvde-it
          upstream: {vlan: 99, address: 10.99.0.254/24}
          servers: [10.99.0.1]
          vlans:
            - {vlan: 10, address: 10.10.0.1/24, circuitId: "sw1/port{port}/vlan{vlan}"}
            - {vlan: 20, address: 10.20.0.1/24}
        """;

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    final List<Netns> namespaces = new ArrayList<>();
    final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        namespaces.forEach(Netns::close);
        if (sw != null) {
            sw.close();
        }
    }

    void startSwitch(final String yaml) throws IOException {
        Requirements.requireNetns();
        Requirements.requireCommand("vde_plug2tap");
        if ("engine".equals(System.getProperty("jvde.launcher", System.getenv("jvde.launcher")))) {
            Requirements.unmet("jvde.launcher=engine runs the bare engine, which has no DHCP relay");
        }
        final Path config = tmp.resolve("dhcp.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "--dhcp-config", config.toString());
    }

    /** A namespace on an access port of {@code vlan}; {@code cidr} null leaves tap0 without an address. */
    Netns host(final int vlan, final String mac, final String cidr) {
        final Netns ns = Netns.create();
        namespaces.add(ns);
        ns.attachTap(sw.directory(), "tap0", null);
        if (mac != null) {
            ns.run("ip", "link", "set", "dev", "tap0", "down");
            ns.run("ip", "link", "set", "dev", "tap0", "address", mac);
            ns.run("ip", "link", "set", "dev", "tap0", "up");
        }
        if (cidr != null) {
            ns.addAddress("tap0", cidr);
        }
        final int port = SwitchPorts.portOf(sw, ns, CONSOLE);
        assertEquals("1000 Success", last(sw.console("port/setvlan " + port + " " + vlan, CONSOLE)));
        return ns;
    }

    /** The server's namespace: 10.99.0.1 on VLAN 99, the client subnets routed through the switch's relay. */
    Netns serverHost() {
        final Netns ns = host(99, null, SERVER + "/24");
        ns.run("ip", "route", "add", "10.10.0.0/24", "via", "10.99.0.254");
        ns.run("ip", "route", "add", "10.20.0.0/24", "via", "10.99.0.254");
        return ns;
    }

    String[] udhcpc() {
        return new String[] {Requirements.requireCommand("udhcpc").toString(), "-i", "tap0", "-n", "-q", "-t", "5",
            "-T", "2"};
    }

    String[] dhclient(final String name) {
        return new String[] {Requirements.requireCommand("dhclient").toString(), "-1", "-v", "-lf",
            tmp.resolve(name + ".leases").toString(), "-pf", tmp.resolve(name + ".pid").toString(), "tap0"};
    }

    static String address(final Netns ns) {
        final Matcher m = ADDRESS.matcher(ns.run("ip", "-4", "addr", "show", "dev", "tap0"));
        return m.find() ? m.group(1) : null;
    }

    String lease(final Netns ns, final String... command) {
        final ManagedProcess.Result r = ns.exec(CLIENT_TIMEOUT, command);
        final String ip = address(ns);
        assertNotNull(ip, command[0] + " in " + ns + " got no address: " + r.output() + "\n" + sw.output());
        return ip;
    }

    @Test
    void shouldRelayEachVlanToDnsmasqWhichPicksTheRangeByGiaddrAndSeesTheCircuitId() throws Exception {
        startSwitch(RELAY);
        final Netns server = serverHost();
        final Netns ten = host(10, "52:54:00:10:00:01", null);
        final Netns twenty = host(20, "52:54:00:20:00:01", null);
        final int tenPort = SwitchPorts.portOf(sw, ten, CONSOLE);
        final int twentyPort = SwitchPorts.portOf(sw, twenty, CONSOLE);
        final Path log = tmp.resolve("dnsmasq.log");
        final ManagedProcess dnsmasq = track(server.start(Requirements.requireCommand("dnsmasq").toString(),
            "--no-daemon", "--conf-file=/dev/null", "--port=0", "--interface=tap0", "--user=root",
            "--dhcp-range=10.10.0.100,10.10.0.150,255.255.255.0,1h",
            "--dhcp-range=10.20.0.100,10.20.0.150,255.255.255.0,1h",
            // dnsmasq logs the tags it matched: circuit-ids (VLAN 10's template, VLAN 20's default) and remote-id
            "--dhcp-circuitid=set:tenport,sw1/port" + tenPort + "/vlan10",
            "--dhcp-circuitid=set:twentyport,jvde-it port " + twentyPort + " vlan 20",
            "--dhcp-remoteid=set:viajvde,jvde-it",
            "--log-dhcp", "--log-facility=" + log, "--dhcp-leasefile=" + tmp.resolve("dnsmasq.leases"),
            "--pid-file=" + tmp.resolve("dnsmasq.pid")));
        awaitFile(log, "DHCP, IP range", dnsmasq);

        final String a = lease(ten, udhcpc());
        final String b = lease(twenty, dhclient("twenty"));
        final String dnsmasqLog = Files.readString(log);
        assertTrue(a.startsWith("10.10.0.1"), a + "\n" + dnsmasqLog);
        assertTrue(b.startsWith("10.20.0.1"), b + "\n" + dnsmasqLog);
        // dnsmasq chose each range by giaddr, matched each VLAN's circuit-id and the remote-id, echoed option 82
        assertTrue(dnsmasqLog.contains("available DHCP range: 10.10.0.100 -- 10.10.0.150"), dnsmasqLog);
        assertTrue(dnsmasqLog.contains("available DHCP range: 10.20.0.100 -- 10.20.0.150"), dnsmasqLog);
        assertTrue(Pattern.compile("tags: .*tenport").matcher(dnsmasqLog).find(), dnsmasqLog);
        assertTrue(Pattern.compile("tags: .*twentyport").matcher(dnsmasqLog).find(), dnsmasqLog);
        assertTrue(Pattern.compile("tags: .*viajvde").matcher(dnsmasqLog).find(), dnsmasqLog);
        assertTrue(dnsmasqLog.contains("option: 82 agent-id  01:" + String.format("%02x", ("sw1/port" + tenPort
            + "/vlan10").length()) + ":" + hex("sw1/port").substring(0, 8)), dnsmasqLog);
        // the switch counted what it relayed per VLAN (a DORA each: 2 requests, 2 replies at least)
        final String relay = relay();
        assertTrue(Pattern.compile("vlan 10 requests [2-9]\\d* replies [2-9]").matcher(relay).find(), relay);
        assertTrue(Pattern.compile("vlan 20 requests [2-9]\\d* replies [2-9]").matcher(relay).find(), relay);
        // the client can reach its relay address (giaddr answers ARP and ping on its VLAN)
        assertTrue(ten.ping("10.10.0.1", CONSOLE).ok(), relay);
    }

    @Test
    void shouldRelayToKeaWhoseCircuitIdReservationPinsOnePortToOneAddress() throws Exception {
        startSwitch(RELAY);
        final Netns server = serverHost();
        final Netns pinned = host(10, "52:54:00:10:01:01", null);
        final Netns other = host(10, "52:54:00:10:01:02", null);
        final Netns twenty = host(20, "52:54:00:20:01:01", null);
        final int pinnedPort = SwitchPorts.portOf(sw, pinned, CONSOLE);
        final Path config = tmp.resolve("kea.json");
        final Path log = tmp.resolve("kea.log");
        Files.writeString(config, """
            {"Dhcp4": {
              "interfaces-config": {"interfaces": ["tap0"], "dhcp-socket-type": "udp"},
              "lease-database": {"type": "memfile", "persist": true, "name": "%s", "lfc-interval": 0},
              "host-reservation-identifiers": ["circuit-id", "hw-address"],
              "valid-lifetime": 3600,
              "subnet4": [
                {"id": 10, "subnet": "10.10.0.0/24", "pools": [{"pool": "10.10.0.100 - 10.10.0.150"}],
                 "reservations": [{"circuit-id": "'sw1/port%d/vlan10'", "ip-address": "10.10.0.42"}]},
                {"id": 20, "subnet": "10.20.0.0/24", "pools": [{"pool": "10.20.0.100 - 10.20.0.150"}]}
              ],
              "loggers": [{"name": "kea-dhcp4", "severity": "DEBUG", "debuglevel": 40,
                           "output_options": [{"output": "%s"}]}]
            }}
            """.formatted(tmp.resolve("kea.leases"), pinnedPort, log), StandardCharsets.UTF_8);
        final ManagedProcess kea = track(server.start(ManagedProcess.builder(
                server.wrap(List.of(Requirements.requireCommand("kea-dhcp4").toString(), "-c", config.toString())))
            .env("KEA_PIDFILE_DIR", tmp.toString()).env("KEA_LOCKFILE_DIR", tmp.toString())));
        awaitFile(log, "DHCP4_STARTED", kea);

        assertEquals("10.10.0.42", lease(pinned, udhcpc()));
        final String b = lease(other, dhclient("other"));
        final String c = lease(twenty, udhcpc());
        final String keaLog = Files.readString(log);
        assertTrue(b.startsWith("10.10.0.1"), b + "\n" + keaLog);
        assertTrue(c.startsWith("10.20.0.1"), c + "\n" + keaLog);
        // Kea chose each subnet by giaddr and answered the relay address, not the client
        assertTrue(keaLog.contains("selected subnet 10.10.0.0/24 for packet received by matching address 10.10.0.1"),
            keaLog);
        assertTrue(keaLog.contains("selected subnet 10.20.0.0/24 for packet received by matching address 10.20.0.1"),
            keaLog);
        assertTrue(keaLog.contains("DHCPACK (type 5) from 10.99.0.1:67 to 10.10.0.1:67"), keaLog);
        final String relay = relay();
        assertTrue(relay.contains("vlan 10 requests "), relay);
    }

    String relay() {
        return String.join("\n", sw.console("dhcp/relay", CONSOLE));
    }

    /** Waits (bounded) until {@code file} contains {@code text}; fails with the process output if it never does. */
    static void awaitFile(final Path file, final String text, final ManagedProcess p) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + file + ": " + (Files.exists(file)
            ? Files.readString(file) : "(missing)") + "\n" + p.output());
    }

    /** dnsmasq logs option bytes as colon-separated hex. */
    static String hex(final String text) {
        return HexFormat.ofDelimiter(":").formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    <T extends AutoCloseable> T track(final T resource) {
        resources.add(resource);
        return resource;
    }

    static String last(final List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
