package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.QemuGuest;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 against real peers: QEMU guests on {@code -netdev stream} and {@code -netdev dgram}, two jvde processes
 * joined by {@code --link}/{@code --stream}, and passt from Debian as a NAT uplink. Everything stays on unix sockets,
 * loopback and namespaces the test creates; every process is stopped by PID.
 */
@Tag("slow")
@Timeout(240)
class TransportsIT {
    static final Duration CONSOLE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    <T extends AutoCloseable> T track(final T resource) {
        resources.add(resource);
        return resource;
    }

    private SwitchUnderTest jvde(final String name, final String... options) {
        DhcpLab.requireCli();
        return track(SwitchUnderTest.start(Kind.JVDE, tmp.resolve(name), options));
    }

    private static String stream(final Path socket) {
        return "stream,id=n0,server=off,addr.type=unix,addr.path=" + socket;
    }

    private static String dgram(final Path own, final Path socket) {
        return "dgram,id=n0,local.type=unix,local.path=" + own + ",remote.type=unix,remote.path=" + socket;
    }

    @Test
    void shouldLeaseToAStreamGuestAndADgramGuest() {
        Requirements.requireGuestImage();
        final Path st = tmp.resolve("st.sock");
        final Path dg = tmp.resolve("dg.sock");
        final SwitchUnderTest sw = jvde("sw", "--dhcp-range", "10.86.68.10,10.86.68.20", "--stream", st.toString(),
            "--dgram", dg.toString());
        final QemuGuest s = track(QemuGuest.bootWithNetdev(stream(st), "52:54:00:09:00:01", "jvde.mode=dhcp",
            "jvde.timeout=80"));
        final QemuGuest d = track(QemuGuest.bootWithNetdev(dgram(tmp.resolve("vm.sock"), dg), "52:54:00:09:00:02",
            "jvde.mode=dhcp", "jvde.timeout=80"));
        final String ipS = s.awaitLease(QemuGuest.BOOT_TIMEOUT);
        final String ipD = d.awaitLease(QemuGuest.BOOT_TIMEOUT);
        assertTrue(ipS.startsWith("10.86.68.") && ipD.startsWith("10.86.68."), ipS + " " + ipD);
        assertNotEquals(ipS, ipD);
        // the guests powered off once leased: their endpoints are in the log
        assertTrue(sw.output().contains("attached: stream unix:" + st + " connection"), sw.output());
        assertTrue(sw.output().contains("attached: dgram unix:" + dg + " peer " + tmp.resolve("vm.sock")),
            sw.output());
    }

    /**
     * A stream guest and a dgram guest ping each other across the transports, and a namespace on vde_plug2tap (a
     * classic VDE client) pings both.
     */
    @Test
    void shouldLetAStreamGuestAndADgramGuestPingEachOtherAndAVdePlugPeer() {
        Requirements.requireGuestImage();
        Requirements.requireNetns();
        final Path st = tmp.resolve("st.sock");
        final Path dg = tmp.resolve("dg.sock");
        final SwitchUnderTest sw = jvde("sw", "--stream", st.toString(), "--dgram", dg.toString());
        final Netns ns = track(Netns.create());
        ns.attachTap(sw.directory(), "tap0", "10.209.0.1/24");
        // each pings the other 20 times: both are up at the same time for a while, whichever boots first
        final QemuGuest s = track(QemuGuest.bootWithNetdev(stream(st), "52:54:00:09:01:01", "jvde.mode=static",
            "jvde.ip=10.209.0.2/24", "jvde.ping=10.209.0.3", "jvde.count=20", "jvde.timeout=100"));
        final QemuGuest d = track(QemuGuest.bootWithNetdev(dgram(tmp.resolve("vm.sock"), dg), "52:54:00:09:01:02",
            "jvde.mode=static", "jvde.ip=10.209.0.3/24", "jvde.ping=10.209.0.2", "jvde.count=20",
            "jvde.timeout=100"));
        s.await(QemuGuest.READY, QemuGuest.BOOT_TIMEOUT);
        d.await(QemuGuest.READY, QemuGuest.BOOT_TIMEOUT);
        assertTrue(ns.ping("10.209.0.2", Duration.ofSeconds(30)).ok(), "vde_plug peer -> stream guest\n"
            + s.console() + "\n" + sw.output());
        assertTrue(ns.ping("10.209.0.3", Duration.ofSeconds(30)).ok(), "vde_plug peer -> dgram guest\n"
            + d.console() + "\n" + sw.output());
        assertEquals("ok", s.await(QemuGuest.PING, Duration.ofSeconds(90)).group(1), "stream guest -> dgram guest\n"
            + s.console());
        assertEquals("ok", d.await(QemuGuest.PING, Duration.ofSeconds(90)).group(1), "dgram guest -> stream guest\n"
            + d.console());
    }

    /**
     * Two jvde processes, one {@code --stream}, the other {@code --link}: namespaces on each side ping across,
     * untagged and on an 802.1Q sub-interface; the listening switch is stopped and started again and the link
     * comes back by itself.
     */
    @Test
    void shouldJoinTwoJvdeProcessesByALinkThatReconnects() {
        Requirements.requireNetns();
        final boolean vlan = vlanSubinterfaces(); // else shouldCarryVlanTagsAcrossALinkBetweenTwoProcesses covers tags
        final Path st = tmp.resolve("a.sock");
        SwitchUnderTest a = jvde("a", "--stream", st.toString());
        final SwitchUnderTest b = jvde("b", "--link", "stream:" + st);
        final Netns nb = track(Netns.create());
        nb.attachTap(b.directory(), "tap0", "10.210.0.2/24");
        if (vlan) {
            nb.addAddress(nb.addVlan("tap0", 100), "10.210.100.2/24");
        }
        Netns na = track(Netns.create());
        attach(na, a, vlan);
        assertTrue(nb.ping("10.210.0.1", Duration.ofSeconds(30)).ok(), "across the link\n" + a.output() + b.output());
        if (vlan) {
            assertTrue(nb.ping("10.210.100.1", Duration.ofSeconds(30)).ok(), "VLAN 100 tagged across the link");
        }
        final String print = String.join("\n", b.console("port/print", CONSOLE));
        assertTrue(print.contains(" Link: link unix:" + st + " connected"), print);
        assertTrue(print.contains("module link"), print);

        resources.remove(a);
        a.close();
        resources.remove(na);
        na.close();
        waitFor(() -> String.join("\n", b.console("port/print", CONSOLE)).contains("reconnecting"), b);
        a = jvde("a", "--stream", st.toString());
        na = track(Netns.create());
        attach(na, a, vlan);
        assertTrue(nb.ping("10.210.0.1", Duration.ofSeconds(40)).ok(), "the link came back\n" + b.output());
        if (vlan) {
            assertTrue(nb.ping("10.210.100.1", Duration.ofSeconds(30)).ok(), "VLAN 100 again");
        }
        assertTrue(b.output().contains("connected again"), b.output());
    }

    /**
     * VLAN tags across a link between two jvde processes, without 802.1Q sub-interfaces: on each switch an access
     * port in VLAN 10 and one in VLAN 20 (a namespace each, on vde_plug2tap), the link port a tagged member of both.
     * All four namespaces share one IP subnet, so only the VLANs keep 10 from 20; the pings across succeed only if
     * the frames cross the link tagged (untagged they would land in VLAN 0 on the far side).
     */
    @Test
    void shouldCarryVlanTagsAcrossALinkBetweenTwoProcesses() {
        Requirements.requireNetns();
        final Path st = tmp.resolve("v.sock");
        final SwitchUnderTest a = jvde("va", "--stream", st.toString());
        final SwitchUnderTest b = jvde("vb", "--link", "stream:" + st);
        final int linkA = loggedPort(a, "attached: stream ");
        final int linkB = loggedPort(b, "attached: link ");
        final Netns a10 = vlanHost(a, 10, "10.211.0.11/24");
        final Netns a20 = vlanHost(a, 20, "10.211.0.21/24");
        final Netns b10 = vlanHost(b, 10, "10.211.0.12/24");
        final Netns b20 = vlanHost(b, 20, "10.211.0.22/24");
        for (final SwitchUnderTest sw : List.of(a, b)) {
            final int link = sw == a ? linkA : linkB;
            for (final int vid : new int[] {10, 20}) {
                assertEquals("1000 Success", DhcpLab.last(sw.console("vlan/addport " + vid + " " + link, CONSOLE)),
                    sw.output());
            }
        }
        assertTrue(a10.ping("10.211.0.12", Duration.ofSeconds(30)).ok(),
            "VLAN 10 across the link\n" + a.output() + b.output());
        assertTrue(b20.ping("10.211.0.21", Duration.ofSeconds(30)).ok(),
            "VLAN 20 across the link\n" + a.output() + b.output());
        final String table = String.join("\n", b.console("hash/print", CONSOLE));
        assertTrue(table.contains("Addr: " + a10.macOf("tap0") + " VLAN 0010 to port: "
            + String.format(java.util.Locale.ROOT, "%03d", linkB)), "b learned a10 under VLAN 10 on its link port:\n"
            + table);
        assertTrue(!a10.ping("10.211.0.22", Duration.ofSeconds(3)).ok(), "VLAN 10 must not reach VLAN 20 on b");
        assertTrue(!b10.ping("10.211.0.21", Duration.ofSeconds(3)).ok(), "VLAN 10 must not reach VLAN 20 on a");
        assertTrue(!a10.ping("10.211.0.21", Duration.ofSeconds(3)).ok(), "nor on its own switch");
        assertTrue(a20.ping("10.211.0.22", Duration.ofSeconds(10)).ok(), "VLAN 20 still up\n" + b.output());
    }

    /** A namespace on an access port of {@code vid} (created on first use) of {@code sw}. */
    private Netns vlanHost(final SwitchUnderTest sw, final int vid, final String cidr) {
        final Netns ns = track(Netns.create());
        ns.attachTap(sw.directory(), "tap0", cidr);
        final int port = SwitchPorts.portOf(sw, ns, CONSOLE);
        sw.console("vlan/create " + vid, CONSOLE); // the second call answers "VLAN exists"
        assertEquals("1000 Success", DhcpLab.last(sw.console("port/setvlan " + port + " " + vid, CONSOLE)),
            sw.output());
        return ns;
    }

    /** The port of the first endpoint whose attach line in {@code sw}'s log contains {@code what}. */
    private static int loggedPort(final SwitchUnderTest sw, final String what) {
        final java.util.regex.Pattern p = java.util.regex.Pattern.compile("port (\\d+): endpoint \\d+ "
            + java.util.regex.Pattern.quote(what));
        final int[] port = {-1};
        waitFor(() -> {
            final java.util.regex.Matcher m = p.matcher(sw.output());
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
            }
            return port[0] >= 0;
        }, sw);
        return port[0];
    }

    /** The namespace behind switch a: the same MAC every time, as a guest that comes back (no stale ARP in b). */
    private static void attach(final Netns ns, final SwitchUnderTest sw, final boolean vlan) {
        ns.attachTap(sw.directory(), "tap0", null);
        ns.run("ip", "link", "set", "dev", "tap0", "down");
        ns.run("ip", "link", "set", "dev", "tap0", "address", "02:00:00:09:0a:01");
        ns.run("ip", "link", "set", "dev", "tap0", "up");
        ns.addAddress("tap0", "10.210.0.1/24");
        if (vlan) {
            ns.addAddress(ns.addVlan("tap0", 100), "10.210.100.1/24");
        }
    }

    /** Whether the host kernel makes 802.1Q sub-interfaces (under CI=true a missing one fails, as elsewhere). */
    private static boolean vlanSubinterfaces() {
        try {
            Requirements.requireVlanSubinterfaces();
            return true;
        } catch (org.opentest4j.TestAbortedException e) {
            return false;
        }
    }

    private static void waitFor(final java.util.function.BooleanSupplier c, final SwitchUnderTest sw) {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s\n" + sw.output());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * passt as the uplink of jvde ({@code passt --socket PATH} and {@code jvde switch --link stream:PATH}): a
     * namespace behind jvde gets its address from jvde's DHCP (passt's is off) and reaches a TCP server on the
     * host's 127.0.0.1 through passt's gateway address.
     */
    @Test
    void shouldReachAServiceOnTheHostsLoopbackThroughPasstWhileJvdeServesDhcp() throws Exception {
        Requirements.requireNetns();
        final Path passtBin = Requirements.requireCommand("passt");
        final Path udhcpc = Requirements.requireCommand("udhcpc");
        Requirements.requireCommand("socat");
        final Path dir = tmp.resolve("passt");
        Files.createDirectories(dir);
        // passt started as root drops to nobody before it binds its socket: nobody needs its way into the directory
        tmp.toFile().setExecutable(true, false);
        dir.toFile().setWritable(true, false);
        dir.toFile().setExecutable(true, false);
        final Path sock = dir.resolve("passt.sock");
        final ManagedProcess passt = track(ManagedProcess.builder(passtBin.toString(), "--foreground",
            "--socket", sock.toString(), "--ipv4-only", "--no-dhcp", "--no-ndp", "--no-dhcpv6", "--no-ra",
            "--address", "10.86.68.100", "--netmask", "24", "--gateway", "10.86.68.1").name("passt").start());
        passt.waitForLine(java.util.regex.Pattern.compile("UNIX domain socket bound"), Duration.ofSeconds(20));
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> answer(server));
            final SwitchUnderTest sw = jvde("sw", "--dhcp-range", "10.86.68.10,10.86.68.20",
                "--dhcp-option", "router,10.86.68.1", "--link", "stream:" + sock);
            final Netns ns = track(Netns.create());
            ns.attachTap(sw.directory(), "tap0", null);
            final ManagedProcess.Result lease = ns.exec(Duration.ofSeconds(60), udhcpc.toString(), "-i", "tap0",
                "-n", "-q", "-t", "5", "-T", "2");
            final String addr = ns.run("ip", "-4", "addr", "show", "dev", "tap0");
            assertTrue(addr.contains("inet 10.86.68."), "jvde's DHCP served the namespace: " + lease.output()
                + "\n" + addr + "\n" + sw.output());
            assertTrue(sw.output().contains("DHCPACK"), sw.output());
            final ManagedProcess.Result r = ns.exec(Duration.ofSeconds(30), "sh", "-c",
                "echo hello | socat -T 10 - TCP:10.86.68.1:" + server.getLocalPort() + ",connect-timeout=10");
            // (once, under a load average of 25, socat printed the answer twice: passt's retransmission; the line
            // is what matters)
            assertTrue(r.output().trim().startsWith("hello back"), "through passt to the host's loopback: "
                + r.output() + "\n" + passt.output() + "\n" + sw.output());
            assertEquals("hello", served.get(30, TimeUnit.SECONDS));
        }
    }

    /** Accepts one connection, reads a line and answers it with " back". */
    private static String answer(final ServerSocket server) {
        try {
            server.setSoTimeout(120_000);
            try (Socket s = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                     StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                s.setSoTimeout(30_000);
                final String line = in.readLine();
                out.println(line + " back");
                return line;
            }
        } catch (java.io.IOException e) {
            return "server: " + e;
        }
    }
}
