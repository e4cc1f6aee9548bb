package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
@SlowTest
class DhcpGuardIT {
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
    @RegisterExtension
    final DhcpLab lab = new DhcpLab();
    SwitchUnderTest sw;

    String lease(final Netns ns) {
        return lab.lease(ns, lab.udhcpc());
    }

    @Test
    void shouldKeepARogueDnsmasqOnAnUntrustedPortFromAnsweringAnyone() throws Exception {
        sw = lab.startWithConfig(SCOPE);
        final Netns rogue = lab.host("52:54:00:66:00:01", "10.86.68.2/24");
        final Path log = tmp.resolve("rogue.log");
        final ManagedProcess dnsmasq = lab.track(rogue.start(Requirements.requireCommand("dnsmasq").toString(),
            "--no-daemon", "--conf-file=/dev/null", "--port=0", "--interface=tap0", "--user=root",
            "--dhcp-authoritative", "--dhcp-range=10.86.68.200,10.86.68.210,255.255.255.0,1h", "--log-dhcp",
            "--log-facility=" + log, "--dhcp-leasefile=" + tmp.resolve("rogue.leases"),
            "--pid-file=" + tmp.resolve("rogue.pid")));
        DhcpLab.awaitFile(log, "DHCP, IP range", dnsmasq);

        for (int i = 1; i <= 2; i++) {
            final String ip = lease(lab.host("52:54:00:66:01:0" + i, null));
            final int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            assertTrue(ip.startsWith("10.86.68.") && last >= 10 && last <= 100, ip + "\n" + Files.readString(log));
        }
        // the rogue did answer (its log says so); the switch dropped those answers at its port
        DhcpLab.awaitFile(log, "DHCPOFFER(tap0) 10.86.68.2", dnsmasq);
        final String guard = String.join("\n", lab.console("dhcp/guard"));
        assertTrue(count(guard, "rogue server") > 0, guard);
        assertTrue(sw.output().contains("rogue server"), sw.output()); // logged (once per interval)
    }

    @Test
    void shouldHoldADiscoverFloodToThePortRateLimitSoOtherClientsStillGetLeases() throws Exception {
        sw = lab.startWithConfig(SCOPE + """
            security:
              rateLimit: {port: 10, portBurst: 20, mac: 0}
            """);
        final Netns flooder = lab.host("52:54:00:77:00:01", "10.86.68.3/24");
        // perfdhcp in broadcast mode on tap0: 400 DISCOVERs/s from 100 000 made-up client MACs, for 5 s
        final ManagedProcess.Result flood = flooder.exec(Duration.ofSeconds(30),
            Requirements.requireCommand("perfdhcp").toString(), "-4", "-r", "400", "-R", "100000", "-p", "5",
            "-l", "tap0");
        assertTrue(flood.output().contains("sent packets"), flood.output());
        final String guard = String.join("\n", lab.console("dhcp/guard"));
        assertTrue(count(guard, "rate limit port") > 1000, guard);
        final String leases = String.join("\n", lab.console("dhcp/leases"));
        final long held = leases.lines().filter(l -> l.startsWith("10.86.68.")).count();
        assertTrue(held <= 60, held + " leases after the flood:\n" + leases);
        // the pool is not exhausted: a client on another port still gets an address
        final String ip = lease(lab.host("52:54:00:77:01:01", null));
        assertTrue(ip.startsWith("10.86.68."), ip);
        final String log = sw.output();
        final int logged = log.split("rate limit port", -1).length - 1;
        assertTrue(logged >= 1 && logged <= 3, "rate-limit lines logged: " + logged + "\n" + log);
    }

    @Test
    void shouldCapTheLearnedMacsOfAPort() {
        sw = lab.startWithConfig(SCOPE);
        final Netns a = lab.host("52:54:00:88:00:01", "10.86.68.5/24");
        final Netns b = lab.host("52:54:00:88:00:02", "10.86.68.6/24");
        final int portB = lab.portOf(b);
        assertEquals("1000 Success", DhcpLab.last(lab.console("port/maclimit " + portB + " 1")));
        // tap0 may have sent a frame with its kernel-made MAC before the test set its own: a VLAN change flushes
        // what the port learned, so the limit starts from an empty port
        assertEquals("1000 Success", DhcpLab.last(lab.console("port/setvlan " + portB + " 4095")));
        assertEquals("1000 Success", DhcpLab.last(lab.console("port/setvlan " + portB + " 0")));
        assertTrue(b.ping("10.86.68.5", DhcpLab.CONSOLE).ok(), "first MAC of the port is learned and forwarded");
        // a second MAC on the same port (a macvlan with its own address) exceeds the limit: dropped, counted
        // only mv0 may answer ARP for its address (Linux answers on any interface by default)
        b.run("sysctl", "-q", "-w", "net.ipv4.conf.all.arp_ignore=1");
        b.run("ip", "link", "add", "link", "tap0", "name", "mv0", "address", "52:54:00:88:00:03", "type", "macvlan");
        b.run("ip", "addr", "add", "10.86.68.7/24", "dev", "mv0");
        b.run("ip", "link", "set", "mv0", "up");
        final ManagedProcess.Result r = a.exec(Duration.ofSeconds(10), "ping", "-c", "3", "-W", "1", "10.86.68.7");
        assertTrue(!r.ok(), "the port's second MAC was forwarded: " + r.output());
        final String counters = String.join("\n", lab.console("port/counters " + portB));
        assertTrue(counters.contains("mac limit"), counters);
        final String print = String.join("\n", lab.console("port/print " + portB));
        assertTrue(print.contains("MAC limit: 1 learned: 1"), print);
    }


    /** The first number on the line of {@code reason} in a console listing (0 when the line is absent). */
    static long count(final String listing, final String reason) {
        return listing.lines().filter(l -> l.contains(reason)).mapToLong(l -> {
            final Matcher m = COUNTER.matcher(l.substring(l.indexOf(reason) + reason.length()));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }).sum();
    }

}
