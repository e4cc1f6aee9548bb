package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.QemuGuest;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jvde's built-in DHCP server against real clients (issue 5, acceptance): busybox {@code udhcpc}, ISC
 * {@code dhclient} and {@code dhcpcd} in network namespaces attached with {@code vde_plug2tap}, nmap's
 * {@code broadcast-dhcp-discover}, and QEMU guests. Addresses exist only inside the namespaces the test creates;
 * every client is bounded by its own retry limits and a timeout, and is stopped by PID.
 */
@SlowTest
class DhcpClientsIT {
    static final Duration CLIENT_TIMEOUT = DhcpLab.CLIENT_TIMEOUT;
    static final Duration CONSOLE = DhcpLab.CONSOLE;

    @RegisterExtension
    final DhcpLab lab = new DhcpLab();
    SwitchUnderTest sw;

    void startSwitch(final String... options) {
        sw = lab.start(options);
    }

    /** A namespace with tap0 on the switch (no address: the client gets one), optionally with a fixed MAC. */
    Netns client(final String mac) {
        return lab.host(mac, null);
    }

    String leases() {
        return String.join("\n", lab.console("dhcp/leases"));
    }

    @Test
    void shouldLeaseToUdhcpcDhclientAndDhcpcdOneAfterAnother() {
        startSwitch("--dhcp-range", "10.86.68.10,10.86.68.20");
        final Netns a = client("52:54:00:0a:00:01");
        final Netns b = client("52:54:00:0a:00:02");
        final Netns c = client("52:54:00:0a:00:03");
        final String ipA = lab.lease(a, lab.udhcpc());
        final String ipB = lab.lease(b, lab.dhclient("b"));
        final String ipC = lab.lease(c, lab.dhcpcd());
        assertEquals(3, List.of(ipA, ipB, ipC).stream().distinct().count(), ipA + " " + ipB + " " + ipC);
        final String leases = leases();
        for (final String line : List.of(ipA + " 52:54:00:0a:00:01 bound", ipB + " 52:54:00:0a:00:02 bound",
            ipC + " 52:54:00:0a:00:03 bound")) {
            assertTrue(leases.contains(line), line + " in\n" + leases);
        }
        assertTrue(sw.output().contains("dhcp: DHCPACK " + ipA + " to 52:54:00:0a:00:01"), sw.output());
    }

    @Test
    void shouldLeaseToAllThreeClientsAtOnce() throws Exception {
        startSwitch("--dhcp-range", "10.86.68.10,10.86.68.20");
        final Netns a = client("52:54:00:0b:00:01");
        final Netns b = client("52:54:00:0b:00:02");
        final Netns c = client("52:54:00:0b:00:03");
        final List<ManagedProcess> running = new ArrayList<>();
        running.add(lab.track(a.start(lab.udhcpc())));
        running.add(lab.track(b.start(lab.dhclient("b"))));
        running.add(lab.track(c.start(lab.dhcpcd())));
        for (final ManagedProcess p : running) {
            assertTrue(p.awaitExit(CLIENT_TIMEOUT), p + " did not finish: " + p.output());
        }
        final List<String> ips = new ArrayList<>();
        for (final Netns ns : List.of(a, b, c)) {
            final String ip = DhcpLab.address(ns);
            assertNotNull(ip, ns + ": no address\n" + sw.output());
            ips.add(ip);
        }
        assertEquals(3, ips.stream().distinct().count(), ips.toString());
        assertEquals(3, leases().lines().filter(l -> l.contains(" bound ")).count(), leases());
    }

    @Test
    void shouldGiveAReservedMacItsReservedAddress() {
        startSwitch("--dhcp-range", "10.86.68.10,10.86.68.20", "--dhcp-host", "52:54:00:01:01:01,10.86.68.5,db1",
            "--dhcp-host", "52:54:00:01:01:02,10.86.68.6", "--dhcp-host", "52:54:00:01:01:03,10.86.68.7");
        assertEquals("10.86.68.5", lab.lease(client("52:54:00:01:01:01"), lab.udhcpc()));
        assertEquals("10.86.68.6", lab.lease(client("52:54:00:01:01:02"), lab.dhcpcd()));
        assertEquals("10.86.68.7", lab.lease(client("52:54:00:01:01:03"), lab.dhclient("r")));
        assertTrue(sw.output().contains("reservation"), sw.output());
    }

    @Test
    void shouldSeeRenewAndReleaseFromUdhcpc() throws Exception {
        startSwitch("--dhcp-range", "10.86.68.10,10.86.68.20");
        final Netns ns = client("52:54:00:0c:00:01");
        // foreground, release on exit (-R); the default script configures tap0, so the renewal is a unicast
        final ManagedProcess p = lab.track(ns.start(Requirements.requireCommand("udhcpc").toString(), "-f", "-R", "-i",
            "tap0", "-t", "5", "-T", "2"));
        assertNotNull(p.waitForLine(Pattern.compile("lease of \\S+ obtained"), CLIENT_TIMEOUT), p.output());
        // udhcpc prints the line before its script has put the address on tap0: wait for it, bounded
        String ip = DhcpLab.address(ns);
        for (int i = 0; ip == null && i < 100; i++) {
            Thread.sleep(50);
            ip = DhcpLab.address(ns);
        }
        assertNotNull(ip, "no address on tap0 5 s after udhcpc's lease\n" + p.output());
        assertTrue(ManagedProcess.run(CONSOLE, "kill", "-USR1", Long.toString(p.pid())).ok());
        assertNotNull(sw.process().waitForLine(Pattern.compile("DHCPACK " + Pattern.quote(ip)
            + " to 52:54:00:0c:00:01 .*state RENEWING"), CLIENT_TIMEOUT), sw.output());
        assertTrue(ManagedProcess.run(CONSOLE, "kill", "-TERM", Long.toString(p.pid())).ok());
        assertTrue(p.awaitExit(CLIENT_TIMEOUT), p.output());
        assertNotNull(sw.process().waitForLine(Pattern.compile("DHCPRELEASE of " + Pattern.quote(ip)),
            CLIENT_TIMEOUT), sw.output());
        assertTrue(leases().contains(ip + " 52:54:00:0c:00:01 released"), leases());
    }

    @Test
    void shouldServeEachVlanFromItsOwnScope() {
        startSwitch("--dhcp-range", "10.86.68.10,10.86.68.20", "--dhcp-vlan", "10", "--dhcp-range",
            "10.86.10.10,10.86.10.20");
        final Netns untagged = client("52:54:00:0d:00:01");
        final Netns tagged = client("52:54:00:0d:00:02");
        final int port = lab.portOf(tagged);
        assertEquals("1000 Success", DhcpLab.last(sw.console("port/setvlan " + port + " 10", CONSOLE)));
        final String onZero = lab.lease(untagged, lab.udhcpc());
        final String onTen = lab.lease(tagged, lab.udhcpc());
        assertTrue(onZero.startsWith("10.86.68."), onZero);
        assertTrue(onTen.startsWith("10.86.10."), onTen);
        assertTrue(String.join("\n", sw.console("dhcp/leases 10", CONSOLE)).contains(onTen + " 52:54:00:0d:00:02"));
    }

    @Test
    void shouldShowTheConfiguredOptionsToNmapsBroadcastDhcpDiscover() {
        startSwitch("--dhcp-range", "10.86.68.10,10.86.68.20", "--dhcp-option", "3,10.86.68.1", "--dhcp-option",
            "6,10.86.68.53", "--dhcp-option", "15,lab.example", "--dhcp-range", "10.86.68.30,10.86.68.40,,1h");
        final Netns ns = client("52:54:00:0e:00:01");
        // nmap finds the interface only when it has an address; one outside the ranges, inside the namespace
        ns.addAddress("tap0", "10.86.68.250/24");
        final ManagedProcess.Result r = ns.exec(CLIENT_TIMEOUT, Requirements.requireCommand("nmap").toString(),
            "--script", "broadcast-dhcp-discover", "--script-args", "broadcast-dhcp-discover.timeout=10",
            "-e", "tap0");
        final String out = r.output();
        assertTrue(out.contains("Server Identifier: 10.86.68.254"), out);
        assertTrue(out.contains("Router: 10.86.68.1"), out);
        assertTrue(out.contains("Domain Name Server: 10.86.68.53"), out);
        assertTrue(out.contains("Domain Name: lab.example"), out);
        assertTrue(out.contains("IP Address Lease Time: 1h"), out);
        assertTrue(out.contains("Subnet Mask: 255.255.255.0"), out);
    }

    /** The k3s topology: three VMs get their addresses from jvde alone, with no dhcp-server VM. */
    @Test
    void shouldGiveThreeQemuGuestsTheirReservedAddresses() throws Exception {
        Requirements.requireGuestImage();
        sw = lab.startForGuests("--dhcp-range", "192.168.1.100,192.168.1.200",
            "--dhcp-host", "52:54:00:01:01:01,192.168.1.1,server-1", "--dhcp-host",
            "52:54:00:01:01:02,192.168.1.2,server-2", "--dhcp-host", "52:54:00:01:01:03,192.168.1.3,agent-1");
        final List<QemuGuest> guests = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            guests.add(lab.track(QemuGuest.boot(sw.directory(), "52:54:00:01:01:0" + i, "jvde.mode=dhcp",
                "jvde.timeout=80")));
        }
        for (int i = 1; i <= 3; i++) {
            assertEquals("192.168.1." + i, guests.get(i - 1).awaitLease(QemuGuest.BOOT_TIMEOUT),
                guests.get(i - 1).console() + "\n" + sw.output());
        }
    }
}
