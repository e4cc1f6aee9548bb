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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DHCP snooping and port security against real programs (issue 6): a rogue dnsmasq in a namespace on an untrusted
 * port answers nobody, and perfdhcp flooding DISCOVERs from one port is held to that port's rate limit, so the pool
 * is not exhausted and a client on another port still gets its lease. Namespaces, taps and processes are the test's
 * own; the flood is bounded by perfdhcp's own period and a timeout.
 */
@Tag("slow")
class DhcpGuardIT {
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);
    static final Duration CONSOLE = Duration.ofSeconds(10);
    static final Pattern ADDRESS = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");
    static final Pattern COUNTER = Pattern.compile("(\\d+)");

    static final String SCOPE = """
        scopes:
          - vlan: 0
            cidr: 10.86.68.0/24
            serverIP: 10.86.68.254
            pool: {start: 10.86.68.10, end: 10.86.68.100}
            leaseTime: 3600
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
            Requirements.unmet("jvde.launcher=engine runs the bare engine, which has no DHCP guard");
        }
        final Path config = tmp.resolve("dhcp.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "--dhcp-config", config.toString());
    }

    Netns host(final String mac, final String cidr) {
        final Netns ns = Netns.create();
        namespaces.add(ns);
        ns.attachTap(sw.directory(), "tap0", null);
        ns.run("ip", "link", "set", "dev", "tap0", "down");
        ns.run("ip", "link", "set", "dev", "tap0", "address", mac);
        ns.run("ip", "link", "set", "dev", "tap0", "up");
        if (cidr != null) {
            ns.addAddress("tap0", cidr);
        }
        return ns;
    }

    String lease(final Netns ns) {
        final ManagedProcess.Result r = ns.exec(CLIENT_TIMEOUT, Requirements.requireCommand("udhcpc").toString(),
            "-i", "tap0", "-n", "-q", "-t", "5", "-T", "2");
        final Matcher m = ADDRESS.matcher(ns.run("ip", "-4", "addr", "show", "dev", "tap0"));
        assertTrue(m.find(), "udhcpc in " + ns + " got no address: " + r.output() + "\n" + sw.output());
        return m.group(1);
    }

    @Test
    void shouldKeepARogueDnsmasqOnAnUntrustedPortFromAnsweringAnyone() throws Exception {
        startSwitch(SCOPE);
        final Netns rogue = host("52:54:00:66:00:01", "10.86.68.2/24");
        final Path log = tmp.resolve("rogue.log");
        final ManagedProcess dnsmasq = track(rogue.start(Requirements.requireCommand("dnsmasq").toString(),
            "--no-daemon", "--conf-file=/dev/null", "--port=0", "--interface=tap0", "--user=root",
            "--dhcp-authoritative", "--dhcp-range=10.86.68.200,10.86.68.210,255.255.255.0,1h", "--log-dhcp",
            "--log-facility=" + log, "--dhcp-leasefile=" + tmp.resolve("rogue.leases"),
            "--pid-file=" + tmp.resolve("rogue.pid")));
        DhcpRelayIT.awaitFile(log, "DHCP, IP range", dnsmasq);

        for (int i = 1; i <= 2; i++) {
            final String ip = lease(host("52:54:00:66:01:0" + i, null));
            final int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            assertTrue(ip.startsWith("10.86.68.") && last >= 10 && last <= 100, ip + "\n" + Files.readString(log));
        }
        // the rogue did answer (its log says so); the switch dropped those answers at its port
        DhcpRelayIT.awaitFile(log, "DHCPOFFER(tap0) 10.86.68.2", dnsmasq);
        final String guard = String.join("\n", sw.console("dhcp/guard", CONSOLE));
        assertTrue(count(guard, "rogue server") > 0, guard);
        assertTrue(sw.output().contains("rogue server"), sw.output()); // logged (once per interval)
    }

    @Test
    void shouldHoldADiscoverFloodToThePortRateLimitSoOtherClientsStillGetLeases() throws Exception {
        startSwitch(SCOPE + """
            security:
              rateLimit: {port: 10, portBurst: 20, mac: 0}
            """);
        final Netns flooder = host("52:54:00:77:00:01", "10.86.68.3/24");
        // perfdhcp in broadcast mode on tap0: 400 DISCOVERs/s from 100 000 made-up client MACs, for 5 s
        final ManagedProcess.Result flood = flooder.exec(Duration.ofSeconds(30),
            Requirements.requireCommand("perfdhcp").toString(), "-4", "-r", "400", "-R", "100000", "-p", "5",
            "-l", "tap0");
        assertTrue(flood.output().contains("sent packets"), flood.output());
        final String guard = String.join("\n", sw.console("dhcp/guard", CONSOLE));
        assertTrue(count(guard, "rate limit port") > 1000, guard);
        final String leases = String.join("\n", sw.console("dhcp/leases", CONSOLE));
        final long held = leases.lines().filter(l -> l.startsWith("10.86.68.")).count();
        assertTrue(held <= 60, held + " leases after the flood:\n" + leases);
        // the pool is not exhausted: a client on another port still gets an address
        final String ip = lease(host("52:54:00:77:01:01", null));
        assertTrue(ip.startsWith("10.86.68."), ip);
        final String log = sw.output();
        final int logged = log.split("rate limit port", -1).length - 1;
        assertTrue(logged >= 1 && logged <= 3, "rate-limit lines logged: " + logged + "\n" + log);
    }

    @Test
    void shouldCapTheLearnedMacsOfAPort() {
        startSwitchQuietly(SCOPE);
        final Netns a = host("52:54:00:88:00:01", "10.86.68.5/24");
        final Netns b = host("52:54:00:88:00:02", "10.86.68.6/24");
        final int portB = SwitchPorts.portOf(sw, b, CONSOLE);
        assertEquals("1000 Success", DhcpRelayIT.last(sw.console("port/maclimit " + portB + " 1", CONSOLE)));
        assertTrue(b.ping("10.86.68.5", CONSOLE).ok(), "first MAC of the port is learned and forwarded");
        // a second MAC on the same port (a macvlan with its own address) exceeds the limit: dropped, counted
        // only mv0 may answer ARP for its address (Linux answers on any interface by default)
        b.run("sysctl", "-q", "-w", "net.ipv4.conf.all.arp_ignore=1");
        b.run("ip", "link", "add", "link", "tap0", "name", "mv0", "address", "52:54:00:88:00:03", "type", "macvlan");
        b.run("ip", "addr", "add", "10.86.68.7/24", "dev", "mv0");
        b.run("ip", "link", "set", "mv0", "up");
        final ManagedProcess.Result r = a.exec(Duration.ofSeconds(10), "ping", "-c", "3", "-W", "1", "10.86.68.7");
        assertTrue(!r.ok(), "the port's second MAC was forwarded: " + r.output());
        final String counters = String.join("\n", sw.console("port/counters " + portB, CONSOLE));
        assertTrue(counters.contains("mac limit"), counters);
        final String print = String.join("\n", sw.console("port/print " + portB, CONSOLE));
        assertTrue(print.contains("MAC limit: 1 learned: 1"), print);
    }

    void startSwitchQuietly(final String yaml) {
        try {
            startSwitch(yaml);
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The first number on the line of {@code reason} in a console listing (0 when the line is absent). */
    static long count(final String listing, final String reason) {
        return listing.lines().filter(l -> l.contains(reason)).mapToLong(l -> {
            final Matcher m = COUNTER.matcher(l.substring(l.indexOf(reason) + reason.length()));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }).sum();
    }

    <T extends AutoCloseable> T track(final T resource) {
        resources.add(resource);
        return resource;
    }
}
