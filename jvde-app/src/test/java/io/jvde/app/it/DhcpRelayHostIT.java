package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's host uplink (issue 6 item 2, {@code relay.upstream.host}): jvde runs inside a namespace the test
 * creates ("the host", so its UDP port 67 is the namespace's), a veth pair leads from there to a second namespace
 * running dnsmasq, and a client namespace on an access port of a relayed VLAN, attached with {@code vde_plug2tap},
 * gets its lease through the host's socket; no upstream VLAN exists. Every address lives inside the namespaces;
 * every process is bounded by a timeout and stopped by PID; the namespaces go in {@link #stop}.
 */
@SlowTest
class DhcpRelayHostIT {
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);
    static final Duration CONSOLE = Duration.ofSeconds(10);
    static final String HOST = "192.168.77.1";
    static final String SERVER = "192.168.77.2";

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    Netns host;
    final List<Netns> namespaces = new ArrayList<>();
    final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        try {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        } finally {
            try {
                if (sw != null) {
                    sw.close();
                }
            } finally {
                namespaces.forEach(Netns::close);
            }
        }
    }

    /** The host namespace with its veth to the server's namespace, jvde running inside it; returns the server's. */
    Netns startSwitchInHost(final String yaml) throws IOException {
        Requirements.requireNetns();
        Requirements.requireCommand("vde_plug2tap");
        if ("engine".equals(System.getProperty("jvde.launcher", System.getenv("jvde.launcher")))) {
            Requirements.unmet("jvde.launcher=engine runs the bare engine, which has no DHCP relay");
        }
        host = namespace();
        final Netns server = namespace();
        host.vethTo("up0", server, "srv0");
        host.addAddress("up0", HOST + "/24");
        host.linkUp("up0");
        server.addAddress("srv0", SERVER + "/24");
        server.linkUp("srv0");
        final Path config = tmp.resolve("dhcp.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), host, "--dhcp-config", config.toString());
        return server;
    }

    Netns namespace() {
        final Netns ns = Netns.create();
        namespaces.add(ns);
        return ns;
    }

    /** A client namespace on an access port of {@code vlan}. */
    Netns client(final int vlan, final String mac) {
        final Netns ns = namespace();
        ns.attachTap(sw.directory(), "tap0", null);
        ns.run("ip", "link", "set", "dev", "tap0", "down");
        ns.run("ip", "link", "set", "dev", "tap0", "address", mac);
        ns.run("ip", "link", "set", "dev", "tap0", "up");
        final int port = SwitchPorts.portOf(sw, ns, CONSOLE);
        assertEquals("1000 Success", DhcpLab.last(sw.console("port/setvlan " + port + " " + vlan, CONSOLE)));
        return ns;
    }

    Path dnsmasq(final Netns server, final String range) throws Exception {
        final Path log = tmp.resolve("dnsmasq.log");
        final ManagedProcess p = server.start(Requirements.requireCommand("dnsmasq").toString(),
            "--no-daemon", "--conf-file=/dev/null", "--port=0", "--interface=srv0", "--user=root",
            "--dhcp-range=" + range, "--dhcp-remoteid=set:viajvde,jvde-host",
            "--log-dhcp", "--log-facility=" + log, "--dhcp-leasefile=" + tmp.resolve("dnsmasq.leases"),
            "--pid-file=" + tmp.resolve("dnsmasq.pid"));
        resources.add(p);
        DhcpLab.awaitFile(log, "DHCP, IP range", p);
        return log;
    }

    String lease(final Netns ns) {
        final ManagedProcess.Result r = ns.exec(CLIENT_TIMEOUT, Requirements.requireCommand("udhcpc").toString(),
            "-i", "tap0", "-n", "-q", "-t", "5", "-T", "2");
        final String ip = DhcpLab.address(ns);
        assertNotNull(ip, "udhcpc got no address: " + r.output() + "\n" + sw.output());
        return ip;
    }

    String relay() {
        return String.join("\n", sw.console("dhcp/relay", CONSOLE));
    }

    /**
     * RFC 3527 makes host mode need no route at all: giaddr is the host's own address (the socket's), so dnsmasq
     * answers 192.168.77.1:67, which the host delivers to jvde's socket; sub-option 5 picks the client subnet.
     */
    @Test
    void shouldLeaseThroughTheHostSocketWithLinkSelectionAndNoExtraRoute() throws Exception {
        final Netns server = startSwitchInHost("""
            relay:
              remoteId: jvde-host
              upstream: {host: %s}
              servers: [%s]
              vlans:
                - {vlan: 10, address: 10.10.0.1/24, linkSelection: true}
            """.formatted(HOST, SERVER));
        final Path log = dnsmasq(server, "10.10.0.100,10.10.0.150,255.255.255.0,1h");
        final Netns ten = client(10, "52:54:00:10:00:77");

        final String a = lease(ten);
        final String dnsmasqLog = Files.readString(log);
        assertTrue(a.startsWith("10.10.0.1"), a + "\n" + dnsmasqLog);
        assertTrue(dnsmasqLog.contains("available DHCP range: 10.10.0.100 -- 10.10.0.150"), dnsmasqLog);
        assertTrue(Pattern.compile("tags: .*viajvde").matcher(dnsmasqLog).find(), dnsmasqLog);
        // no route to the client subnet anywhere: the server only knows its veth's subnet
        assertFalse(server.run("ip", "route").contains("10.10.0."), server.run("ip", "route"));
        final String relay = relay();
        assertTrue(relay.contains("upstream host " + HOST + ":67"), relay);
        assertTrue(Pattern.compile("host uplink socket " + HOST + ":67 received [2-9]\\d* queue-full-drops 0"
            + " send-errors 0").matcher(relay).find(), relay);
        assertTrue(Pattern.compile("vlan 10 requests [2-9]\\d* replies [2-9]").matcher(relay).find(), relay);
        assertTrue(ten.ping("10.10.0.1", CONSOLE).ok(), relay);
    }

    /**
     * Without link selection giaddr stays the VLAN's relay address: the host owns it (here on lo) and the server
     * routes the client subnet to the host, so its reply to 10.20.0.1:67 reaches the socket bound to 0.0.0.0:67.
     */
    @Test
    void shouldLeaseThroughTheWildcardSocketWhenTheHostOwnsGiaddr() throws Exception {
        final Netns server = startSwitchInHost("""
            relay:
              remoteId: jvde-host
              upstream: {host: true}
              servers: [%s]
              vlans:
                - {vlan: 20, address: 10.20.0.1/24}
            """.formatted(SERVER));
        host.addAddress("lo", "10.20.0.1/32");
        server.run("ip", "route", "add", "10.20.0.0/24", "via", HOST);
        final Path log = dnsmasq(server, "10.20.0.100,10.20.0.150,255.255.255.0,1h");
        final Netns twenty = client(20, "52:54:00:20:00:77");

        final String b = lease(twenty);
        final String dnsmasqLog = Files.readString(log);
        assertTrue(b.startsWith("10.20.0.1"), b + "\n" + dnsmasqLog);
        assertTrue(dnsmasqLog.contains("available DHCP range: 10.20.0.100 -- 10.20.0.150"), dnsmasqLog);
        final String relay = relay();
        assertTrue(relay.contains("upstream host 0.0.0.0:67"), relay);
        assertTrue(Pattern.compile("vlan 20 requests [2-9]\\d* replies [2-9]").matcher(relay).find(), relay);
    }
}
