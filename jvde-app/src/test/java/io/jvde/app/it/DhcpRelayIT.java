package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jvde as the DHCP relay agent of VLANs 10 and 20 (issue 6, acceptance) for real servers: dnsmasq and kea-dhcp4 in a
 * network namespace on VLAN 99, attached with {@code vde_plug2tap}, reaching the client subnets through the switch's
 * upstream address 10.99.0.254. Clients (udhcpc, dhclient) sit on access ports of VLANs 10 and 20. Every address
 * lives inside namespaces the test creates; every process is bounded by a timeout and stopped by PID.
 */
@SlowTest
class DhcpRelayIT {
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
    @RegisterExtension
    final DhcpLab lab = new DhcpLab();
    SwitchUnderTest sw;

    /** The server's namespace: 10.99.0.1 on VLAN 99, the client subnets routed through the switch's relay. */
    Netns serverHost() {
        final Netns ns = lab.host(99, null, SERVER + "/24");
        ns.run("ip", "route", "add", "10.10.0.0/24", "via", "10.99.0.254");
        ns.run("ip", "route", "add", "10.20.0.0/24", "via", "10.99.0.254");
        return ns;
    }

    @Test
    void shouldRelayEachVlanToDnsmasqWhichPicksTheRangeByGiaddrAndSeesTheCircuitId() throws Exception {
        sw = lab.startWithConfig(RELAY);
        final Netns server = serverHost();
        final Netns ten = lab.host(10, "52:54:00:10:00:01", null);
        final Netns twenty = lab.host(20, "52:54:00:20:00:01", null);
        final int tenPort = lab.portOf(ten);
        final int twentyPort = lab.portOf(twenty);
        final Path log = tmp.resolve("dnsmasq.log");
        final ManagedProcess dnsmasq = lab.track(server.start(Requirements.requireCommand("dnsmasq").toString(),
            "--no-daemon", "--conf-file=/dev/null", "--port=0", "--interface=tap0", "--user=root",
            "--dhcp-range=10.10.0.100,10.10.0.150,255.255.255.0,1h",
            "--dhcp-range=10.20.0.100,10.20.0.150,255.255.255.0,1h",
            // dnsmasq logs the tags it matched: circuit-ids (VLAN 10's template, VLAN 20's default) and remote-id
            "--dhcp-circuitid=set:tenport,sw1/port" + tenPort + "/vlan10",
            "--dhcp-circuitid=set:twentyport,jvde-it port " + twentyPort + " vlan 20",
            "--dhcp-remoteid=set:viajvde,jvde-it",
            "--log-dhcp", "--log-facility=" + log, "--dhcp-leasefile=" + tmp.resolve("dnsmasq.leases"),
            "--pid-file=" + tmp.resolve("dnsmasq.pid")));
        DhcpLab.awaitFile(log, "DHCP, IP range", dnsmasq);

        final String a = lab.lease(ten, lab.udhcpc());
        final String b = lab.lease(twenty, lab.dhclient("twenty"));
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
        assertTrue(ten.ping("10.10.0.1", DhcpLab.CONSOLE).ok(), relay);
    }

    @Test
    void shouldRelayToKeaWhoseCircuitIdReservationPinsOnePortToOneAddress() throws Exception {
        sw = lab.startWithConfig(RELAY);
        final Netns server = serverHost();
        final Netns pinned = lab.host(10, "52:54:00:10:01:01", null);
        final Netns other = lab.host(10, "52:54:00:10:01:02", null);
        final Netns twenty = lab.host(20, "52:54:00:20:01:01", null);
        final int pinnedPort = lab.portOf(pinned);
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
        final ManagedProcess kea = lab.track(server.start(ManagedProcess.builder(
                server.wrap(List.of(Requirements.requireCommand("kea-dhcp4").toString(), "-c", config.toString())))
            .env("KEA_PIDFILE_DIR", tmp.toString()).env("KEA_LOCKFILE_DIR", tmp.toString())));
        DhcpLab.awaitFile(log, "DHCP4_STARTED", kea);

        assertEquals("10.10.0.42", lab.lease(pinned, lab.udhcpc()));
        final String b = lab.lease(other, lab.dhclient("other"));
        final String c = lab.lease(twenty, lab.udhcpc());
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
        return String.join("\n", lab.console("dhcp/relay"));
    }

    /** dnsmasq logs option bytes as colon-separated hex. */
    static String hex(final String text) {
        return HexFormat.ofDelimiter(":").formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }


}
