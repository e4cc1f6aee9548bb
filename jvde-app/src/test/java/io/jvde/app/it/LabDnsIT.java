package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jvde's DNS for lab names against real clients (issue 12): {@code dig} (bind9-dnsutils) and glibc's
 * {@code getent hosts} in namespaces whose resolv.conf udhcpc wrote from jvde's options 6 and 15. A reservation's
 * name, a static record, the name a client sent with its lease, and the PTR of each resolve; an unknown name is
 * NXDOMAIN, a name outside the lab is REFUSED; a released lease's name is gone.
 */
@Tag("slow")
@Timeout(120)
class LabDnsIT {
    static final Duration DIG = Duration.ofSeconds(15);
    static final String SERVER = "10.86.68.254";
    /** tshark's line for a DHCP message of type 7 (RFC 2132 §9.6), with -T fields -e dhcp.option.dhcp. */
    static final Pattern DHCP_RELEASE_ON_THE_WIRE = Pattern.compile("^7$");

    @RegisterExtension
    final DhcpLab lab = new DhcpLab();
    SwitchUnderTest sw;

    String dig(final Netns ns, final String... args) {
        final String[] cmd = new String[args.length + 5];
        cmd[0] = Requirements.requireCommand("dig").toString();
        cmd[1] = "@" + SERVER;
        cmd[2] = "+time=2";
        cmd[3] = "+tries=2";
        cmd[4] = "+norecurse";
        System.arraycopy(args, 0, cmd, 5, args.length);
        final ManagedProcess.Result r = ns.exec(DIG, cmd);
        assertTrue(r.ok(), String.join(" ", cmd) + ": " + r.output() + "\n" + sw.output());
        return r.output();
    }

    static String status(final String digOutput) {
        final var m = Pattern.compile("status: (\\w+)").matcher(digOutput);
        return m.find() ? m.group(1) : "none: " + digOutput;
    }

    static String shortAnswer(final String out) {
        return out.strip().lines().reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
    }

    @Test
    void digAndGetentResolveLabNamesAndTheirPtrsAndNamesFollowLeases() throws Exception {
        sw = lab.start("--dhcp-range", "10.86.68.10,10.86.68.20", "--domain", "lab.example",
            "--dhcp-host", "52:54:00:01:01:01,10.86.68.1,server-1", "--dns-record", "nas,10.86.68.9");
        final Netns a = lab.host("52:54:00:01:01:01", null);
        final Netns b = lab.host("52:54:00:01:01:02", null);
        assertEquals("10.86.68.1", lab.lease(a, lab.udhcpc()));
        final String[] named = lab.udhcpc();
        final String[] withName = java.util.Arrays.copyOf(named, named.length + 2);
        withName[named.length] = "-x";
        withName[named.length + 1] = "hostname:web-1";
        final String ipB = lab.lease(b, withName);

        assertEquals("10.86.68.1", shortAnswer(dig(b, "+short", "server-1.lab.example")));
        assertEquals("10.86.68.1", shortAnswer(dig(b, "+short", "server-1")), "the short name");
        assertEquals("10.86.68.9", shortAnswer(dig(b, "+short", "nas.lab.example")), "a static record");
        assertEquals(ipB, shortAnswer(dig(a, "+short", "web-1.lab.example")), "the name the client sent");
        assertEquals("server-1.lab.example.", shortAnswer(dig(b, "+short", "-x", "10.86.68.1")));
        assertEquals("web-1.lab.example.", shortAnswer(dig(a, "+short", "-x", ipB)));
        final String unknown = dig(a, "nobody.lab.example");
        assertEquals("NXDOMAIN", status(unknown), unknown);
        assertTrue(unknown.contains("flags: qr aa"), "authoritative: " + unknown);
        assertEquals("REFUSED", status(dig(a, "example.org")), "no upstream: outside names are refused");

        // glibc's resolver, configured by udhcpc's script from options 6 and 15 (search lab.example)
        final ManagedProcess.Result resolv = a.exec(DIG, "cat", "/etc/resolv.conf");
        assertTrue(resolv.output().contains("nameserver " + SERVER), resolv.output());
        final ManagedProcess.Result getent = a.exec(DIG, "getent", "hosts", "server-1", "web-1.lab.example");
        assertTrue(getent.output().contains("10.86.68.1") && getent.output().contains("server-1.lab.example"),
            getent.output());
        final ManagedProcess.Result getentB = a.exec(DIG, "getent", "hosts", "web-1");
        assertTrue(getentB.output().contains(ipB), getentB.output());

        assertEquals("1000 Success", DhcpLab.last(lab.console("dhcp/release 0 " + ipB)));
        assertEquals("NXDOMAIN", status(dig(a, "web-1.lab.example")), "a released lease's name is gone");
        final String print = String.join("\n", lab.console("dns/print"));
        assertTrue(print.contains("server-1.lab.example") && !print.contains("web-1"), print);
    }

    /**
     * The client's own DHCPRELEASE: busybox udhcpc in the foreground with {@code -R} (release on exit) and
     * {@code -F NAME} (option 81, RFC 4702, no option 12). Its FQDN name resolves while it holds the lease; ended
     * with SIGTERM it sends DHCPRELEASE, and the name is NXDOMAIN right after.
     */
    @Test
    void theClientsOwnReleaseRemovesItsFqdnNameFromDns() throws Exception {
        sw = lab.start("--dhcp-range", "10.86.68.10,10.86.68.20", "--domain", "lab.example");
        final Netns c = lab.host("52:54:00:01:01:03", null);
        final Netns asker = lab.host("52:54:00:01:01:04", null);
        lab.lease(asker, lab.udhcpc());
        // the client's tap is watched, so a failure says whether the RELEASE left the client at all
        final ManagedProcess wire = c.start(Requirements.requireCommand("tshark").toString(), "-i", "tap0", "-l",
            "-n", "-f", "udp port 67", "-T", "fields", "-e", "dhcp.option.dhcp");
        wire.waitForLine(Pattern.compile("Capturing on"), Duration.ofSeconds(30));
        final ManagedProcess client = c.start(Requirements.requireCommand("udhcpc").toString(), "-i", "tap0", "-f",
            "-R", "-t", "5", "-T", "2", "-F", "db-1");
        String ip = null;
        for (int i = 0; i < 150 && ip == null && client.isAlive(); i++) { // bounded: 15 s
            ip = DhcpLab.address(c);
            if (ip == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(ip != null, "udhcpc got no lease: " + client.output() + "\n" + sw.output());
        assertEquals(ip, shortAnswer(dig(asker, "+short", "db-1.lab.example")), "the option 81 name");
        assertEquals("db-1.lab.example.", shortAnswer(dig(asker, "+short", "-x", ip)));

        // The release is unicast to the server: resolve its MAC first, or the deconfig script that runs right
        // after the release can flush the address while the ARP request is still out, and it is never sent.
        assertTrue(c.exec(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "5", "10.86.68.254").ok(),
            "the client reaches the server");
        final int cursor = wire.lineCount();
        // SIGTERM to udhcpc's own PID (with -R it releases before exiting), through the handle: Process.destroy()
        // would also close udhcpc's output pipes, and udhcpc, which logs before it sends the release, would often
        // die of SIGPIPE first (ManagedProcess.close)
        client.process().toHandle().destroy();
        assertTrue(client.awaitExit(Duration.ofSeconds(10)), client.output());
        wire.waitForLine(null, DHCP_RELEASE_ON_THE_WIRE, cursor, Duration.ofSeconds(5));
        String status = null;
        for (int i = 0; i < 50 && !"NXDOMAIN".equals(status); i++) { // the release may still be on its way
            status = status(dig(asker, "db-1.lab.example"));
            if (!"NXDOMAIN".equals(status)) {
                Thread.sleep(100);
            }
        }
        assertEquals("NXDOMAIN", status, "the client's own release removed its name: " + client.output() + "\n"
            + sw.output());
        assertTrue(sw.output().contains("DHCPRELEASE"), "a DHCPRELEASE, not an expiry: " + sw.output());
        client.close();
    }

}
