package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.QemuGuest;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VXLAN uplink (issue 10, RFC 7348) against real VTEPs in network namespaces joined by veth pairs: the Linux
 * kernel's vxlan device (unicast, behind a Linux bridge, multicast), vdeplug4's {@code vxlan://} and a second jvde.
 * Underlay 10.210.0.0/24, overlay 10.211.0.0/24: both exist only inside the test's namespaces. Kernel tests need
 * vxlan support (CONFIG_VXLAN), probed once; a kernel without it skips them even under CI (not installable).
 */
@Tag("slow")
@Timeout(180)
class VxlanIT {
    static final Duration PING = Duration.ofSeconds(20);
    static final Duration CONSOLE = Duration.ofSeconds(10);
    /**
     * Three TCG guests booting at once on a loaded host: the guest kernel's IO-APIC timer check can fail and panic
     * ("IO-APIC + timer doesn't work!", seen here); the check is skipped, as for any virtualised guest.
     */
    static final String NO_TIMER_CHECK = "no_timer_check";
    private static Optional<String> kernelVxlanProblem;

    @TempDir
    Path tmp;
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    Netns netns() {
        final Netns ns = Netns.create();
        closing.add(ns);
        return ns;
    }

    SwitchUnderTest jvde(final String name, final Netns ns, final String... options) {
        final SwitchUnderTest sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve(name), ns, options);
        closing.add(sw);
        return sw;
    }

    /** Attaches a namespace to {@code sw} with vde_plug2tap, tap0 with {@code cidr}. */
    Netns client(final SwitchUnderTest sw, final String cidr) {
        final Netns ns = netns();
        ns.attachTap(sw.directory(), "tap0", cidr);
        return ns;
    }

    static void link(final Netns a, final String devA, final String cidrA, final Netns b, final String devB,
                     final String cidrB) {
        a.vethTo(devA, b, devB);
        a.linkUp(devA);
        b.linkUp(devB);
        if (cidrA != null) {
            a.addAddress(devA, cidrA);
        }
        if (cidrB != null) {
            b.addAddress(devB, cidrB);
        }
    }

    static synchronized void requireKernelVxlan() {
        Requirements.requireNetns();
        if (kernelVxlanProblem == null) {
            final Netns probe = Netns.create();
            try {
                final ManagedProcess.Result r = probe.exec(Duration.ofSeconds(10), "ip", "link", "add", "vxp", "type",
                    "vxlan", "id", "42", "local", "10.210.0.1", "remote", "10.210.0.2", "dstport", "4789");
                kernelVxlanProblem = r.ok() ? Optional.empty() : Optional.of(r.output().trim());
            } finally {
                probe.close();
            }
        }
        // Not something bin/test can install: a kernel without CONFIG_VXLAN skips even under CI=true; the
        // vdeplug4 and jvde-to-jvde tests below cover the uplink without it.
        kernelVxlanProblem.ifPresent(p -> Assumptions.abort("the host kernel cannot create vxlan devices "
            + "(CONFIG_VXLAN, module vxlan): " + p));
    }

    static void assertPing(final Netns from, final String to, final SwitchUnderTest... switches) {
        final ManagedProcess.Result r = from.ping(to, PING);
        if (!r.ok()) {
            final StringBuilder sb = new StringBuilder("ping " + to + " from " + from + ": " + r.output());
            for (final SwitchUnderTest sw : switches) {
                sb.append("\n--- ").append(sw.directory()).append(":\n").append(sw.output());
                sb.append(String.join("\n", sw.console("vxlan/print", CONSOLE)));
            }
            throw new AssertionError(sb.toString());
        }
    }

    static String print(final SwitchUnderTest sw) {
        return String.join("\n", sw.console("vxlan/print", CONSOLE));
    }

    /** The kernel's vx0 in {@code ns}: VNI 42, dstport 4789, with extra arguments (remote or group). */
    static void kernelVxlan(final Netns ns, final String... args) {
        final List<String> cmd = new ArrayList<>(List.of("ip", "link", "add", "vx0", "type", "vxlan", "id", "42",
            "dstport", "4789"));
        cmd.addAll(List.of(args));
        ns.run(cmd.toArray(new String[0]));
        ns.linkUp("vx0");
    }

    /** Host A runs jvde (VNI 42 on VLAN 0) with a client; host B's kernel vxlan vx0 is its unicast peer. */
    record KernelPeer(Netns hostB, SwitchUnderTest sw, Netns guest) {
    }

    KernelPeer kernelPeer() {
        requireKernelVxlan();
        Requirements.requireCommand("vde_plug2tap");
        final Netns hostA = netns();
        final Netns hostB = netns();
        link(hostA, "u0", "10.210.0.1/24", hostB, "u0", "10.210.0.2/24");
        final SwitchUnderTest sw = jvde("a", hostA, "--vxlan", "10.210.0.1", "--vxlan-peer", "10.210.0.2",
            "--vxlan-vni", "42");
        final Netns guest = client(sw, "10.211.0.1/24");
        kernelVxlan(hostB, "local", "10.210.0.2", "remote", "10.210.0.1", "dev", "u0");
        return new KernelPeer(hostB, sw, guest);
    }

    @Test
    void kernelVxlanPingsANamespaceAttachedToJvdeBothWaysAndArpResolvesAcross() {
        final KernelPeer k = kernelPeer();
        final Netns hostB = k.hostB();
        final SwitchUnderTest sw = k.sw();
        final Netns guest = k.guest();
        hostB.addAddress("vx0", "10.211.0.2/24");

        assertPing(guest, "10.211.0.2", sw);
        assertPing(hostB, "10.211.0.1", sw);
        final String vxMac = hostB.macOf("vx0");
        final String neigh = guest.run("ip", "neigh", "show", "10.211.0.2");
        assertTrue(neigh.contains(vxMac), "ARP across the tunnel: " + neigh + " (vx0 is " + vxMac + ")");
        final String p = print(sw);
        assertTrue(p.contains("mac " + vxMac + " vlan 0 vtep 10.210.0.2"), p);
        assertTrue(p.contains("vni 42 vlan 0"), p);
    }

    /**
     * RFC 7348 §5: the UDP source port comes from a hash of the inner flow (8 source ports by default), the
     * destination port is the configured one, and the kernel takes it all: it learns the inner MACs against our
     * address whatever the source port, and answers every flow. tshark on the kernel side's underlay sees it.
     */
    @Test
    void innerFlowsLeaveFromSeveralSourcePortsToTheConfiguredPortAndTheKernelTakesThemAll() {
        final String tshark = Requirements.requireCommand("tshark").toString();
        final KernelPeer k = kernelPeer();
        final Netns hostB = k.hostB();
        final SwitchUnderTest sw = k.sw();
        final Netns guest = k.guest();
        hostB.addAddress("vx0", "10.211.0.2/24");
        assertPing(guest, "10.211.0.2", sw); // ARP resolved both ways before the capture

        final ManagedProcess capture = hostB.start(tshark, "-i", "u0", "-n", "-l", "-f", "udp and src host 10.210.0.1",
            "-T", "fields", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "vxlan.vni");
        closing.add(capture);
        assertTrue(capture.waitForLine(java.util.regex.Pattern.compile("Capturing on"), Duration.ofSeconds(30))
            != null, "tshark did not start: " + capture.output());
        // 16 inner flows: UDP to 16 destination ports (the kernel side answers each with ICMP port unreachable)
        guest.run("python3", "-c", "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
            + "for p in range(40000,40016):\n  s.sendto(b'flow',('10.211.0.2',p))\n");
        final java.util.regex.Pattern row = java.util.regex.Pattern.compile(
            "(?m)^(\\d+)(?:,\\d+)?\\s+(\\d+)(?:,\\d+)?\\s+42\\b"); // outer port first, then the inner UDP's
        final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        java.util.Set<Integer> sourcePorts = new java.util.TreeSet<>();
        java.util.Set<Integer> destinationPorts = new java.util.TreeSet<>();
        while (System.nanoTime() < deadline) {
            sourcePorts = new java.util.TreeSet<>();
            destinationPorts = new java.util.TreeSet<>();
            final java.util.regex.Matcher m = row.matcher(capture.text());
            int rows = 0;
            while (m.find()) {
                sourcePorts.add(Integer.parseInt(m.group(1)));
                destinationPorts.add(Integer.parseInt(m.group(2)));
                rows++;
            }
            if (rows >= 16) {
                break;
            }
            sleep(200);
        }
        assertTrue(sourcePorts.size() >= 3, "16 inner flows from several source ports: " + sourcePorts + "\n"
            + capture.output() + "\n" + print(sw));
        assertEquals(java.util.Set.of(4789), destinationPorts, "every datagram to the configured port");
        assertTrue(print(sw).contains("source ports 4789 "), print(sw));
        // the kernel learned the guest's MAC against our address (not a port), and still answers every flow
        final String fdb = hostB.run("bridge", "fdb", "show", "dev", "vx0");
        assertTrue(fdb.contains(guest.macOf("tap0") + " dst 10.210.0.1"), fdb);
        assertPing(hostB, "10.211.0.1", sw);
        assertPing(guest, "10.211.0.2", sw);
    }

    /**
     * Bursts of equal-sized frames to one VTEP leave jvde in segmented sends (UDP_SEGMENT, the default offload); the
     * kernel's vxlan device, which does not take coalesced buffers, gets them cut into the same datagrams as without:
     * it counts every one jvde sent.
     */
    @Test
    void burstsLeaveInSegmentedSendsAndTheKernelVxlanTakesEveryDatagram() {
        final KernelPeer k = kernelPeer();
        final Netns hostB = k.hostB();
        final SwitchUnderTest sw = k.sw();
        hostB.addAddress("vx0", "10.211.0.2/24");
        assertPing(k.guest(), "10.211.0.2", sw); // ARP resolved both ways: the burst is known unicast
        final java.util.regex.Pattern tx = java.util.regex.Pattern.compile(
            "peer 10\\.210\\.0\\.2:4789 \\S+ port \\d+ rx \\d+ frames \\d+ bytes tx (\\d+) frames");
        final java.util.regex.Pattern segmented = java.util.regex.Pattern.compile("segmented sends on \\((\\d+) made");
        // snapshot once the tunnel is quiet (the guest's own chatter, IPv6 neighbour discovery, crosses it too)
        long tx0 = number(tx, print(sw));
        for (int i = 0; i < 20; i++) {
            sleep(500);
            final long t = number(tx, print(sw));
            if (t == tx0) {
                break;
            }
            tx0 = t;
        }
        final long rx0 = kernelRxPackets(hostB);
        final long segmented0 = number(segmented, print(sw));
        for (int burst = 0; burst == 0 || burst < 5 && number(segmented, print(sw)) == segmented0; burst++) {
            // 1,000 equal-sized datagrams to one port, back to back: they reach jvde faster than one per wakeup
            k.guest().run("python3", "-c", "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                + "for i in range(1000):\n  s.sendto(b'x'*1000,('10.211.0.2',40000))\n");
        }
        assertTrue(number(segmented, print(sw)) > segmented0, "segmented sends made: " + print(sw));
        final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long sent = number(tx, print(sw)) - tx0;
        long received = kernelRxPackets(hostB) - rx0;
        long before = -1;
        // until the burst has gone through the switch (its tx count stands still and holds most of it) and the
        // kernel caught up: right after the guest's last send, much of the burst may still be on its way to jvde
        while ((received < sent || sent != before || sent < 500) && System.nanoTime() < deadline) {
            sleep(200);
            before = sent;
            sent = number(tx, print(sw)) - tx0;
            received = kernelRxPackets(hostB) - rx0;
        }
        assertTrue(sent >= 500, "jvde sent (most of) the burst: " + print(sw)); // the guest side may drop a few
        // a frame of that chatter may still be counted on one side of a snapshot only; a train not cut back into its
        // datagrams would miss up to 32
        assertTrue(received >= sent - 2 && received <= sent + 2,
            "the kernel's vx0 received every datagram jvde sent: sent " + sent + ", received " + received);
    }

    static long number(final java.util.regex.Pattern p, final String text) {
        final java.util.regex.Matcher m = p.matcher(text);
        assertTrue(m.find(), p + " in " + text);
        return Long.parseLong(m.group(1));
    }

    /** Packets vx0 in {@code ns} received (decapsulated). */
    static long kernelRxPackets(final Netns ns) {
        return number(java.util.regex.Pattern.compile("\"rx\":\\{\"bytes\":\\d+,\"packets\":(\\d+)"),
            ns.run("ip", "-j", "-s", "link", "show", "dev", "vx0"));
    }

    static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void kernelVxlanEnslavedToALinuxBridgeWithAVethBehindIt() {
        final KernelPeer k = kernelPeer();
        final Netns hostB = k.hostB();
        final SwitchUnderTest sw = k.sw();
        final Netns guest = k.guest();
        final Netns behind = netns();
        hostB.run("ip", "link", "add", "br0", "type", "bridge");
        hostB.run("ip", "link", "set", "vx0", "master", "br0");
        link(hostB, "b1", null, behind, "eth0", "10.211.0.3/24");
        hostB.run("ip", "link", "set", "b1", "master", "br0");
        hostB.linkUp("br0");

        assertPing(guest, "10.211.0.3", sw);
        assertPing(behind, "10.211.0.1", sw);
        final String p = print(sw);
        assertTrue(p.contains("mac " + behind.macOf("eth0") + " vlan 0 vtep 10.210.0.2"), p);
    }

    @Test
    void multicastGroupWithTheKernelAndVdeplug4AsAThirdPeer() {
        requireKernelVxlan();
        Requirements.requireCommand("vde_plug2tap");
        Requirements.requireCommand("vde_plug");
        final Netns fabric = netns();
        final Netns hostA = netns();
        final Netns hostB = netns();
        final Netns hostC = netns();
        fabric.run("ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        fabric.linkUp("br0");
        link(hostA, "u0", "10.210.0.1/24", fabric, "fa", null);
        link(hostB, "u0", "10.210.0.2/24", fabric, "fb", null);
        link(hostC, "u0", "10.210.0.3/24", fabric, "fc", null);
        for (final String port : List.of("fa", "fb", "fc")) {
            fabric.run("ip", "link", "set", port, "master", "br0");
        }
        final SwitchUnderTest sw = jvde("a", hostA, "--vxlan", "10.210.0.1", "--vxlan-group", "239.1.1.1,u0",
            "--vxlan-vni", "42");
        final Netns guest = client(sw, "10.211.0.1/24");
        kernelVxlan(hostB, "local", "10.210.0.2", "group", "239.1.1.1", "dev", "u0", "ttl", "1");
        hostB.addAddress("vx0", "10.211.0.2/24");
        final ManagedProcess plug = hostC.start(Requirements.requireCommand("vde_plug").toString(),
            "vxlan://239.1.1.1/vni=42/if=u0/expiretime=1", "tap://vxt0");
        closing.add(plug);
        assertTrue(hostC.awaitLink("vxt0", Duration.ofSeconds(10)), "vde_plug made no tap: " + plug.output());
        hostC.linkUp("vxt0");
        hostC.addAddress("vxt0", "10.211.0.3/24");

        assertPing(guest, "10.211.0.2", sw);
        assertPing(hostB, "10.211.0.1", sw);
        // vdeplug4 (4.0.1, Debian bookworm and trixie) learns no sender address: its recvmsg passes msg_namelen 0,
        // so the address it keeps for a learned MAC is stack garbage and its unicast to that MAC fails with
        // EDESTADDRREQ (README "VXLAN uplink", vdeplug4). A MAC it has not heard from for expiretime goes to the group
        // instead, and jvde, a member, delivers it. So with expiretime=1 and echo requests 2 s apart, its pings
        // to a jvde client complete (a request right after a reply was "learned" is lost; ping passes on any
        // reply, and under CI load 3 requests once all went that way); the replies come back unicast from jvde,
        // which learned vdeplug4's address from the group. The other way cannot work: vdeplug4 answers a request
        // at once, to the MAC it has just "learned".
        final ManagedProcess.Result fromPlug = hostC.exec(Duration.ofSeconds(40), "ping", "-c", "8", "-i", "2",
            "-W", "2", "10.211.0.1");
        assertTrue(fromPlug.ok(), "vdeplug4's side pings jvde's client: " + fromPlug.output() + "\n" + print(sw));
        final String guestMac = guest.macOf("tap0");
        final String plugMac = hostC.macOf("vxt0");
        assertTrue(awaitNeighbour(hostC, "10.211.0.1", guestMac), "ARP resolved across: "
            + hostC.run("ip", "neigh") + "\n" + print(sw));
        final String p = print(sw);
        assertTrue(p.contains("peer 10.210.0.2:4789 learned"), p);
        assertTrue(p.contains("peer 10.210.0.3:4789 learned"), p);
        assertTrue(p.contains("mac " + plugMac + " vlan 0 vtep 10.210.0.3"), p);
        assertTrue(p.contains("group 239.1.1.1 dev u0 ttl 1"), p);
    }

    static boolean awaitNeighbour(final Netns ns, final String ip, final String mac) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            if (ns.run("ip", "neigh", "show", ip).contains(mac)) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    @Test
    void twoJvdeSwitchesInTwoHostsCarryTwoVlansAsTwoIsolatedVnis() {
        Requirements.requireNetns();
        Requirements.requireCommand("vde_plug2tap");
        final Netns hostA = netns();
        final Netns hostB = netns();
        link(hostA, "u0", "10.210.0.1/24", hostB, "u0", "10.210.0.2/24");
        final SwitchUnderTest a = jvde("a", hostA, "--vxlan", "10.210.0.1", "--vxlan-peer", "10.210.0.2",
            "--vxlan-vni", "1010=10", "--vxlan-vni", "1020=20");
        final SwitchUnderTest b = jvde("b", hostB, "--vxlan", "10.210.0.2", "--vxlan-peer", "10.210.0.1",
            "--vxlan-vni", "1010=10", "--vxlan-vni", "1020=20");
        final Netns a10 = client(a, "10.211.0.1/24");
        final Netns a20 = client(a, "10.211.0.2/24");
        final Netns b10 = client(b, "10.211.0.3/24");
        final Netns b20 = client(b, "10.211.0.4/24");
        setVlan(a, 10, 20);
        setVlan(b, 10, 20);

        assertPing(a10, "10.211.0.3", a, b);
        assertPing(b20, "10.211.0.2", a, b);
        final ManagedProcess.Result leak = a10.exec(Duration.ofSeconds(10), "ping", "-c", "3", "-W", "1",
            "10.211.0.4");
        assertTrue(!leak.ok(), "VLAN 10 must not reach VLAN 20 across the tunnel: " + leak.output());
        final String p = print(a);
        assertTrue(p.contains("vni 1010 vlan 10") && p.contains("vni 1020 vlan 20"), p);
    }

    /**
     * DHCP across hosts (README "VXLAN uplink"): a VLAN stretched over two jvde switches is served by one of them
     * (host A); QEMU guests on both switches get their leases from it, a reserved address across the tunnel too,
     * and a guest on host B pings the serving switch's address on host A.
     */
    @Test
    void qemuGuestsOnBothHostsLeaseFromTheOneServingSwitchAndPingAcross() {
        Requirements.requireNetns();
        Requirements.requireGuestImage();
        DhcpLab.requireCli();
        final Netns hostA = netns();
        final Netns hostB = netns();
        link(hostA, "u0", "10.210.0.1/24", hostB, "u0", "10.210.0.2/24");
        final SwitchUnderTest a = jvde("a", hostA, "--vxlan", "10.210.0.1", "--vxlan-peer", "10.210.0.2",
            "--dhcp-range", "10.212.0.100,10.212.0.200", "--dhcp-host", "52:54:00:10:00:0b,10.212.0.11,guest-b",
            "--dhcp-lease-file", "memory");
        final SwitchUnderTest b = jvde("b", hostB, "--vxlan", "10.210.0.2", "--vxlan-peer", "10.210.0.1");
        final QemuGuest onA = guest(QemuGuest.boot(a.directory(), "52:54:00:10:00:0a", "jvde.mode=dhcp",
            "jvde.timeout=80", NO_TIMER_CHECK));
        final QemuGuest onB = guest(QemuGuest.boot(b.directory(), "52:54:00:10:00:0b", "jvde.mode=dhcp",
            "jvde.timeout=80", NO_TIMER_CHECK));
        final QemuGuest pinger = guest(QemuGuest.boot(b.directory(), "52:54:00:10:00:0c", "jvde.mode=static",
            "jvde.ip=10.212.0.60/24", "jvde.ping=10.212.0.254", "jvde.count=3", "jvde.timeout=80", NO_TIMER_CHECK));

        final String leaseA = onA.awaitLease(QemuGuest.BOOT_TIMEOUT);
        assertTrue(leaseA != null && leaseA.startsWith("10.212.0.1"), "guest on A: " + leaseA + "\n"
            + onA.console() + "\n" + a.output());
        assertEquals("10.212.0.11", onB.awaitLease(QemuGuest.BOOT_TIMEOUT), "reserved address across the tunnel:\n"
            + onB.console() + "\n" + a.output() + "\n" + print(a) + "\n" + b.output());
        assertEquals("ok", pinger.await(QemuGuest.PING, QemuGuest.BOOT_TIMEOUT).group(1),
            "ping from host B's guest to host A's switch:\n" + pinger.console() + "\n" + print(a));
        final String leases = String.join("\n", a.console("dhcp/leases", CONSOLE));
        assertTrue(leases.contains("10.212.0.11 52:54:00:10:00:0b") && leases.contains("52:54:00:10:00:0a"), leases);
        assertTrue(!b.output().contains("dhcp: DHCP"), "host B's switch serves nothing: " + b.output());
    }

    QemuGuest guest(final QemuGuest g) {
        closing.add(g);
        return g;
    }

    /** Puts the switch's two client ports (every active port but the VXLAN peers') into VLANs first and second. */
    static void setVlan(final SwitchUnderTest sw, final int first, final int second) {
        final java.util.Set<Integer> peers = new java.util.HashSet<>();
        final java.util.regex.Matcher pm = java.util.regex.Pattern.compile("^peer \\S+ \\w+ port (\\d+) ",
            java.util.regex.Pattern.MULTILINE).matcher(print(sw));
        while (pm.find()) {
            peers.add(Integer.parseInt(pm.group(1)));
        }
        final List<Integer> ports = new ArrayList<>();
        final List<String> lines = sw.console("port/print", CONSOLE);
        for (final String line : lines) {
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Port (\\d+) ").matcher(line.trim());
            if (m.find() && !peers.contains(Integer.parseInt(m.group(1)))) {
                ports.add(Integer.parseInt(m.group(1)));
            }
        }
        assertTrue(ports.size() == 2, "two client ports besides the peers " + peers + " in\n" + lines);
        sw.console("port/setvlan " + ports.get(0) + " " + first, CONSOLE);
        sw.console("port/setvlan " + ports.get(1) + " " + second, CONSOLE);
    }
}
