package io.jvde.sw.engine;

import io.jvde.sw.vxlan.VxlanSettings;
import io.jvde.vde.client.VdeClient;
import io.jvde.vde.sys.SockaddrIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jvde.sw.engine.SwitchEngineTest.BROADCAST;
import static io.jvde.sw.engine.SwitchEngineTest.MAC_A;
import static io.jvde.sw.engine.SwitchEngineTest.MAC_B;
import static io.jvde.sw.engine.SwitchEngineTest.frame;
import static io.jvde.sw.engine.SwitchEngineTest.received;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VXLAN uplink (RFC 7348) between in-process switches and raw UDP peers, all on loopback addresses
 * (127.0.0.1, .2, .3 on one port): forwarding, learning, VNI/VLAN mapping, split horizon, bad input, MTU, allocation.
 */
@Timeout(60)
class VxlanUplinkTest {
    @TempDir
    Path tmp;
    final List<AutoCloseable> closing = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final int udpPort = freeUdpPort();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    VdeSwitch vxlanSwitch(final String name, final String local, final VxlanSettings.Builder v) throws Exception {
        final VdeSwitch sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve(name))
            .vxlan(v.build()).build(), log::add);
        closing.add(sw);
        return sw;
    }

    VxlanSettings.Builder settings(final String local, final String... peers) {
        final VxlanSettings.Builder b = VxlanSettings.builder().local(local + ":" + udpPort);
        for (final String p : peers) {
            b.peer(p + ":" + udpPort);
        }
        return b;
    }

    VdeClient client(final VdeSwitch sw, final String name) throws Exception {
        final VdeClient c = VdeClient.connect(sw.directory(), name);
        closing.add(c);
        return c;
    }

    DatagramSocket raw(final String address) throws Exception {
        final DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, udpPort));
        s.setSoTimeout(2000);
        closing.add(s);
        return s;
    }

    static byte[] vxlan(final int flags, final int vni, final byte[] inner) {
        final byte[] d = new byte[8 + inner.length];
        d[0] = (byte) flags;
        d[4] = (byte) (vni >>> 16);
        d[5] = (byte) (vni >>> 8);
        d[6] = (byte) vni;
        System.arraycopy(inner, 0, d, 8, inner.length);
        return d;
    }

    void sendRaw(final DatagramSocket s, final String to, final byte[] d) throws Exception {
        s.send(new DatagramPacket(d, d.length, InetAddress.getByName(to), udpPort));
    }

    static byte[] receiveRaw(final DatagramSocket s) throws Exception {
        final DatagramPacket p = new DatagramPacket(new byte[16384], 16384);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    static String print(final VdeSwitch sw) {
        return sw.call(c -> c.vxlan().print());
    }

    @Test
    void rfc7348Section4FloodsToThePeerLearnsTheInnerSourceAndUnicastsBack() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        final VdeSwitch b = vxlanSwitch("b", "127.0.0.2", settings("127.0.0.2", "127.0.0.1"));
        final VdeClient ca = client(a, "a");
        final VdeClient cb = client(b, "b");
        final byte[] bc = frame(BROADCAST, MAC_A, 60);
        ca.send(bc);
        assertArrayEquals(bc, received(cb, 3000));
        final byte[] reply = frame(MAC_A, MAC_B, 1464);
        cb.send(reply);
        assertArrayEquals(reply, received(ca, 3000), "a frame of inner MTU 1450 + 14 passes");
        assertTrue(print(b).contains("mac 02:00:00:00:00:0a vlan 0 vtep 127.0.0.1"), print(b));
        assertTrue(print(a).contains("mac 02:00:00:00:00:0b vlan 0 vtep 127.0.0.2"), print(a));
        assertTrue(print(a).contains("peer 127.0.0.2:" + udpPort + " static"), print(a));
        assertTrue(print(a).contains("rx 1 frames 1464 bytes tx 1 frames 60 bytes"), print(a));
    }

    @Test
    void vtepPortsComeAfterTheConfiguredPortsSoTheFirstClientGetsPort1() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2", "127.0.0.3"));
        final VdeClient ca = client(a, "a");
        assertEquals(1, ca.port(), print(a));
        final int first = SwitchSettings.DEFAULT_NUM_PORTS;
        assertTrue(print(a).contains("peer 127.0.0.2:" + udpPort + " static port " + first + " "), print(a));
        assertTrue(print(a).contains("peer 127.0.0.3:" + udpPort + " static port " + (first + 1) + " "), print(a));
    }

    @Test
    void rfc7348Section42VtepsLearnedFromTheGroupAgeOutWhenSilent() throws Exception {
        // a group on lo: a datagram from an unknown address is learned as a VTEP (here sent unicast to our port)
        final VdeSwitch a = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("a")).macAgeSeconds(1)
            .vxlan(VxlanSettings.builder().local("127.0.0.1:" + udpPort).group("239.255.42.1,lo").build()).build(),
            log::add);
        closing.add(a);
        // (from an ephemeral port: the switch's socket holds the wildcard address on udpPort)
        final DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0));
        closing.add(peer);
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, frame(BROADCAST, MAC_B, 60)));
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!print(a).contains("peer 127.0.0.3:" + udpPort + " learned") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(print(a).contains("peer 127.0.0.3:" + udpPort + " learned"), print(a));
        final long aging = System.nanoTime() + 10_000_000_000L;
        while (print(a).contains("peer 127.0.0.3:") && System.nanoTime() < aging) {
            Thread.sleep(100);
        }
        assertTrue(!print(a).contains("peer 127.0.0.3:"), "silent for the MAC age, forgotten: " + print(a));
        assertTrue(log.stream().anyMatch(l -> l.contains("vxlan learned 127.0.0.3:" + udpPort + " silent for 1 s")),
            String.join("\n", log));
    }

    @Test
    void aVtepNewOnTheGroupWhenNoPortIsFreeIsDroppedAsUnknownVtepAndTheSwitchKeepsServing() throws Exception {
        // two ports at most: the group takes port 1, so a VTEP learned from the group finds none
        final VdeSwitch a = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("a")).numPorts(1).maxPorts(2)
            .vxlan(VxlanSettings.builder().local("127.0.0.1:" + udpPort).group("239.255.42.1,lo").build()).build(),
            log::add);
        closing.add(a);
        final DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0));
        closing.add(peer);
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, frame(BROADCAST, MAC_B, 60)));
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, frame(BROADCAST, MAC_B, 60)));
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!print(a).contains("\ndrop unknown_vtep 2\n") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(print(a).contains("\ndrop unknown_vtep 2\n"), print(a));
        assertTrue(!print(a).contains("peer 127.0.0.3:"), print(a));
        assertEquals(1, log.stream().filter(l -> l.contains("no free port")).count(), String.join("\n", log));
    }

    @Test
    void kernelDropsAtAFullTunnelSocketAreCountedAsRcvbufOverflow() throws Exception {
        // b's only client reads nothing and the stall timeout is long: the tunnel pauses and its 64 KiB fill up
        final VdeSwitch b = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("b")).stallTimeoutMillis(30_000)
            .vxlan(settings("127.0.0.2", "127.0.0.1").socketBuffer(VxlanSettings.MIN_SOCKET_BUFFER).build()).build(),
            log::add);
        closing.add(b);
        final DatagramSocket peer = raw("127.0.0.1");
        final VdeClient cb = client(b, "b");
        cb.send(frame(BROADCAST, MAC_B, 60));
        assertArrayEquals(vxlan(0x08, 1, frame(BROADCAST, MAC_B, 60)), receiveRaw(peer));
        final byte[] d = vxlan(0x08, 1, frame(MAC_B, MAC_A, 1000));
        for (int i = 0; i < 4000; i++) {
            sendRaw(peer, "127.0.0.2", d);
        }
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!print(b).contains("drop rcvbuf_overflow ") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(print(b).contains("drop rcvbuf_overflow "), print(b));
        assertTrue(b.call(c -> c.vxlan().drops().get("rcvbuf_overflow")) > 0, print(b));
        assertTrue(log.stream().anyMatch(l -> l.contains("receive buffer was full")), String.join("\n", log));
    }

    @Test
    void rfc7348Section5SendsFlagsI8TheVniAndAnUntaggedInnerFrame() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").vni("4242=10"));
        final DatagramSocket peer = raw("127.0.0.2");
        final VdeClient ca = client(a, "a");
        a.call(c -> c.vlanTable().setUntagged(ca.port(), 10));
        final byte[] bc = frame(BROADCAST, MAC_A, 100);
        ca.send(bc);
        final byte[] d = receiveRaw(peer);
        assertArrayEquals(vxlan(0x08, 4242, bc), d, "flags 0x08, VNI 4242, reserved zero, inner untagged");
        // and back: VNI 4242 enters VLAN 10, so the access port of VLAN 10 gets it untagged
        final byte[] back = frame(MAC_A, MAC_B, 80);
        sendRaw(peer, "127.0.0.1", vxlan(0x0C, 4242, back));
        assertArrayEquals(back, received(ca, 3000));
    }

    @Test
    void vlansMappedToTwoVnisStayIsolated() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").vni("10=10").vni("20=20"));
        final VdeSwitch b = vxlanSwitch("b", "127.0.0.2", settings("127.0.0.2", "127.0.0.1").vni("10=10").vni("20=20"));
        final VdeClient a10 = client(a, "a10");
        final VdeClient a20 = client(a, "a20");
        final VdeClient b10 = client(b, "b10");
        final VdeClient b20 = client(b, "b20");
        a.call(c -> c.vlanTable().setUntagged(a10.port(), 10) | c.vlanTable().setUntagged(a20.port(), 20));
        b.call(c -> c.vlanTable().setUntagged(b10.port(), 10) | c.vlanTable().setUntagged(b20.port(), 20));
        final byte[] f10 = frame(BROADCAST, MAC_A, 60);
        a10.send(f10);
        assertArrayEquals(f10, received(b10, 3000));
        final byte[] f20 = frame(BROADCAST, MAC_B, 70);
        b20.send(f20);
        assertArrayEquals(f20, received(a20, 3000));
        assertNull(received(b20, 300), "VLAN 10's broadcast stays out of VLAN 20");
        assertNull(received(a10, 300), "VLAN 20's broadcast stays out of VLAN 10");
    }

    @Test
    void splitHorizonNothingFromOneVtepGoesToAnother() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2", "127.0.0.3"));
        final DatagramSocket p2 = raw("127.0.0.2");
        final DatagramSocket p3 = raw("127.0.0.3");
        p3.setSoTimeout(300);
        final VdeClient ca = client(a, "a");
        final byte[] bc = frame(BROADCAST, MAC_B, 60);
        sendRaw(p2, "127.0.0.1", vxlan(0x08, 1, bc));
        assertArrayEquals(bc, received(ca, 3000));
        assertNull(receiveRaw(p3), "a VTEP's flood is not replicated to the other VTEPs");
        final byte[] toB = frame(MAC_B, MAC_A, 60);
        ca.send(toB);
        assertArrayEquals(vxlan(0x08, 1, toB), receiveRaw(p2), "known unicast goes to the one VTEP");
        assertNull(receiveRaw(p3));
    }

    @Test
    void badInputIsDroppedAndCountedAndNothingElseDisturbed() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        final DatagramSocket peer = raw("127.0.0.2");
        final DatagramSocket stranger = raw("127.0.0.3");
        final VdeClient ca = client(a, "a");
        final byte[] good = frame(BROADCAST, MAC_B, 60);
        sendRaw(peer, "127.0.0.1", new byte[] {8, 0, 0});
        sendRaw(peer, "127.0.0.1", vxlan(0x00, 1, good));
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 99, good));
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, Arrays.copyOf(good, 13)));
        final byte[] tagged = frame(BROADCAST, MAC_B, 64);
        tagged[12] = (byte) 0x81;
        tagged[13] = 0;
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, tagged));
        for (int i = 0; i < 200; i++) {
            sendRaw(stranger, "127.0.0.1", vxlan(0x08, 1, good));
        }
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, good));
        assertArrayEquals(good, received(ca, 3000), "the good frame after the bad ones");
        assertNull(received(ca, 300), "nothing else came through");
        final String p = print(a);
        for (final String line : List.of("drop truncated 1", "drop no_i_flag 1", "drop unknown_vni 1",
            "drop inner_runt 1", "drop inner_tagged 1", "drop unknown_vtep 200")) {
            assertTrue(p.contains(line + "\n"), line + " in\n" + p);
        }
        assertTrue(p.contains("  drop unknown_vni 1\n"), "counted on the peer too:\n" + p);
        assertTrue(log.stream().anyMatch(l -> l.contains("unknown vtep") && l.contains("127.0.0.3")), log.toString());
    }

    @Test
    void framesOverTheInnerMtuAreDroppedCountedAndLoggedOnce() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").innerMtu(1000));
        final DatagramSocket peer = raw("127.0.0.2");
        final VdeClient ca = client(a, "a");
        ca.send(frame(BROADCAST, MAC_A, 1015));
        ca.send(frame(BROADCAST, MAC_A, 1015));
        final byte[] fits = frame(BROADCAST, MAC_A, 1014);
        ca.send(fits);
        assertArrayEquals(vxlan(0x08, 1, fits), receiveRaw(peer));
        assertTrue(print(a).contains("drop inner_mtu 2\n"), print(a));
        assertEquals(1, log.stream().filter(l -> l.contains("inner MTU 1000")).count(), log.toString());
    }

    @Test
    void aFrameOverTheInnerMtuBehindAFrameTheFullSocketRefusedIsCountedOnceWhenTheBatchIsRetried() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").innerMtu(1000)
            .sourcePorts(1));
        final DatagramSocket peer = raw("127.0.0.2");
        final VdeClient ca = client(a, "a");
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, frame(BROADCAST, MAC_B, 60))); // a learns MAC_B behind the VTEP
        assertArrayEquals(frame(BROADCAST, MAC_B, 60), received(ca, 3000));
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        final byte[] fits = frame(MAC_B, MAC_A, 100);
        a.call(x -> {
            refuseNextSend(((VxlanUplink) x.vxlan()).sender, refused);
            // both frames are read in one batch once this command returns: one send with both, refused (EAGAIN)
            ca.send(fits);
            ca.send(frame(MAC_B, MAC_A, 1015));
            return null;
        });
        assertArrayEquals(vxlan(0x08, 1, fits), receiveRaw(peer), "the unicast frame went on the retry");
        assertEquals(1, refused.get(), "the socket was full once");
        assertTrue(print(a).contains("drop inner_mtu 1\n"), print(a));
    }

    /** The sender's next sendmmsg fails with EAGAIN (a full socket), counted in {@code refused}; then the real one. */
    static void refuseNextSend(final VxlanSender sender, final java.util.concurrent.atomic.AtomicInteger refused) {
        final io.jvde.vde.sys.LibC real = io.jvde.vde.sys.Native.libc();
        final io.jvde.vde.sys.LibC full = (io.jvde.vde.sys.LibC) java.lang.reflect.Proxy.newProxyInstance(
            io.jvde.vde.sys.LibC.class.getClassLoader(), new Class<?>[] {io.jvde.vde.sys.LibC.class},
            (proxy, method, args) -> {
                if ("sendmmsg".equals(method.getName()) && refused.get() == 0) {
                    refused.incrementAndGet();
                    io.jvde.vde.sys.Native.setErrno(io.jvde.vde.sys.Native.EAGAIN);
                    return -1;
                }
                try {
                    return method.invoke(real, args);
                } catch (java.lang.reflect.InvocationTargetException ex) {
                    throw ex.getCause();
                }
            });
        try {
            final java.lang.reflect.Field libc = VxlanSender.class.getDeclaredField("libc");
            libc.setAccessible(true);
            libc.set(sender, full);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void addpeerAndDelpeerAtRunTime() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        final DatagramSocket p3 = raw("127.0.0.3");
        final VdeClient ca = client(a, "a");
        final int port = a.call(c -> c.vxlan().addPeer("127.0.0.3:" + udpPort));
        final byte[] bc = frame(BROADCAST, MAC_A, 60);
        ca.send(bc);
        assertArrayEquals(vxlan(0x08, 1, bc), receiveRaw(p3));
        assertEquals(true, a.call(c -> c.vxlan().delPeer("127.0.0.3")));
        assertTrue(!print(a).contains("127.0.0.3"), print(a));
        assertEquals(false, a.call(c -> c.port(port).active()));
        p3.setSoTimeout(300);
        ca.send(bc);
        assertNull(receiveRaw(p3));
    }

    @Test
    void peersAddedAndRemovedAreReportedAsLinkUpAndDown() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        final List<String> events = new CopyOnWriteArrayList<>();
        a.call(c -> {
            c.setEvents(new io.jvde.sw.observe.SwitchEvents() {
                @Override
                public void link(final int port, final String kind, final String peer, final boolean up,
                                 final String reason) {
                    events.add(kind + " " + peer + " port " + port + (up ? " up" : " down " + reason));
                }
            });
            return null;
        });
        final int port = a.call(c -> c.vxlan().addPeer("127.0.0.3:" + udpPort));
        assertEquals(true, a.call(c -> c.vxlan().delPeer("127.0.0.3")));
        assertEquals(List.of("vxlan 127.0.0.3:" + udpPort + " port " + port + " up",
            "vxlan 127.0.0.3:" + udpPort + " port " + port + " down vxlan/delpeer"), events);
    }

    @Test
    void forwardsThroughTheTunnelWithoutAllocating() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").vni("5=7"));
        final VdeSwitch b = vxlanSwitch("b", "127.0.0.2", settings("127.0.0.2", "127.0.0.1").vni("5=7"));
        final VdeClient ca = client(a, "a");
        final VdeClient cb = client(b, "b");
        a.call(c -> c.vlanTable().setUntagged(ca.port(), 7)); // exercises tag removal and insertion too
        b.call(c -> c.vlanTable().setUntagged(cb.port(), 7));
        final long[] observed = new long[1];
        for (final VdeSwitch sw : List.of(a, b)) { // a filter: admits clients, observes the trusted uplink's frames
            sw.call(c -> {
                c.setIngressFilter(new io.jvde.sw.filter.IngressFilter() {
                    @Override
                    public boolean admit(final java.nio.ByteBuffer f, final int o, final int l, final int p,
                                         final int v) {
                        return true;
                    }

                    @Override
                    public void observe(final java.nio.ByteBuffer f, final int o, final int l, final int p,
                                        final int v) {
                        observed[0]++;
                    }
                });
                return null;
            });
        }
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final byte[] ab = frame(MAC_B, MAC_A, 200);
        final byte[] ba = frame(MAC_A, MAC_B, 200);
        final byte[] buf = new byte[2048];
        // Round 0 warms up. A one-off allocation (a late class load, a deoptimisation when the back-pressure branch
        // is first taken) can land in any later round; one per frame (6,000 a round) would land in every one.
        final long[] allocA = new long[6];
        final long[] allocB = new long[6];
        for (int round = 0; round < allocA.length; round++) {
            final long beforeA = mx.getThreadAllocatedBytes(a.loopThreadId());
            final long beforeB = mx.getThreadAllocatedBytes(b.loopThreadId());
            int got = 0;
            for (int i = 0; i < 3000; i++) {
                ca.send(ab);
                cb.send(ba);
                while (ca.receive(buf, 0) > 0 || cb.receive(buf, 0) > 0) {
                    got++;
                }
            }
            int quiet = 0;
            while (quiet < 5) {
                if (ca.receive(buf, 20) < 0 & cb.receive(buf, 20) < 0) {
                    quiet++;
                } else {
                    quiet = 0;
                    got++;
                }
            }
            allocA[round] = mx.getThreadAllocatedBytes(a.loopThreadId()) - beforeA;
            allocB[round] = mx.getThreadAllocatedBytes(b.loopThreadId()) - beforeB;
            assertTrue(got > 0, "frames crossed the tunnel");
        }
        assertEquals(0, Arrays.stream(allocA, 1, allocA.length).min().getAsLong(),
            "bytes allocated by switch a's loop per round: " + Arrays.toString(allocA));
        assertEquals(0, Arrays.stream(allocB, 1, allocB.length).min().getAsLong(),
            "bytes allocated by switch b's loop per round: " + Arrays.toString(allocB));
        assertTrue(a.call(c -> observed[0]) > 0, "the filter observed the uplink's frames");
    }

    @Test
    void theUplinkIsTrustedByTheIngressFilterByDefaultAndFilteredWhenUntrusted() throws Exception {
        final VdeSwitch trusting = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        final VdeSwitch strict = vxlanSwitch("c", "127.0.0.3", settings("127.0.0.3", "127.0.0.2").trusted(false));
        final DatagramSocket peer = raw("127.0.0.2");
        final VdeClient ca = client(trusting, "a");
        final VdeClient cc = client(strict, "c");
        final java.util.concurrent.atomic.AtomicInteger observed = new java.util.concurrent.atomic.AtomicInteger();
        for (final VdeSwitch sw : List.of(trusting, strict)) {
            sw.call(c -> {
                c.setIngressFilter(new io.jvde.sw.filter.IngressFilter() { // a guard refusing everything
                    @Override
                    public boolean admit(final java.nio.ByteBuffer f, final int o, final int l, final int p,
                                         final int v) {
                        return false;
                    }

                    @Override
                    public void observe(final java.nio.ByteBuffer f, final int o, final int l, final int p,
                                        final int v) {
                        observed.incrementAndGet();
                    }
                });
                return null;
            });
        }
        final byte[] bc = frame(BROADCAST, MAC_B, 60);
        sendRaw(peer, "127.0.0.1", vxlan(0x08, 1, bc));
        sendRaw(peer, "127.0.0.3", vxlan(0x08, 1, bc));
        assertArrayEquals(bc, received(ca, 3000), "a trusted uplink skips the filter");
        assertEquals(1, observed.get(), "the filter still sees the trusted uplink's frame (the guard snoops ACKs)");
        assertNull(received(cc, 500), "an untrusted uplink is filtered like any client port");
        assertTrue(print(strict).contains("dhcp trusted no"), print(strict));
    }

    @Test
    void rfc7348Section5SourcePortsComeFromAHashOfTheInnerFlow() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2")); // default: 8
        final DatagramSocket peer = raw("127.0.0.2");
        final VdeClient ca = client(a, "a");
        final java.util.Map<Long, java.util.Set<Integer>> portsByFlow = new java.util.HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (long flow = 0; flow < 16; flow++) {
                ca.send(frame(BROADCAST, MAC_A + flow, 60));
                final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                peer.receive(p);
                portsByFlow.computeIfAbsent(flow, f -> new java.util.HashSet<>()).add(p.getPort());
            }
        }
        assertTrue(portsByFlow.values().stream().allMatch(s -> s.size() == 1), "one source port per flow: "
            + portsByFlow);
        assertTrue(portsByFlow.values().stream().map(s -> s.iterator().next()).distinct().count() >= 3,
            "16 flows spread over several source ports: " + portsByFlow);
        assertTrue(print(a).contains("source ports " + udpPort + " "), print(a));
        assertEquals(VxlanSettings.DEFAULT_SOURCE_PORTS, a.call(c -> c.vxlan().sourcePorts()).length);
    }

    @Test
    void oneSourcePortSendsEveryFlowFromTheLocalPort() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").sourcePorts(1));
        final DatagramSocket peer = raw("127.0.0.2");
        final VdeClient ca = client(a, "a");
        for (long flow = 0; flow < 8; flow++) {
            ca.send(frame(BROADCAST, MAC_A + flow, 60));
            final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            peer.receive(p);
            assertEquals(udpPort, p.getPort(), "flow " + flow);
        }
        assertTrue(!print(a).contains("source ports"), print(a));
    }

    @Test
    void rfc7348Section4OwnDatagramsComingBackAreIgnored() throws Exception {
        // the switch is its own peer: every flood comes straight back from its own address and port
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.1", "127.0.0.2"));
        final DatagramSocket peer = raw("127.0.0.2");
        final VdeClient ca = client(a, "a");
        final byte[] bc = frame(BROADCAST, MAC_A, 60);
        ca.send(bc);
        assertArrayEquals(vxlan(0x08, 1, bc), receiveRaw(peer));
        assertNull(received(ca, 500), "our own flood does not come back to the sender");
        final long deadline = System.nanoTime() + 3_000_000_000L;
        while (!print(a).contains("drop own_echo 1\n") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(print(a).contains("drop own_echo 1\n"), print(a));
        assertTrue(!print(a).contains("mac 02:00:00:00:00:0a"), "nothing learned from our own echo: " + print(a));
    }

    @Test
    void aReceiverThatFallsBehindPausesTheTunnelInsteadOfLosingUnicast() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        // a stall timeout longer than the pause below: b's client is slow, not gone
        final VdeSwitch b = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("b")).stallTimeoutMillis(10_000)
            .vxlan(settings("127.0.0.2", "127.0.0.1").build()).build(), log::add);
        closing.add(b);
        final VdeClient ca = client(a, "a");
        final VdeClient cb = client(b, "b");
        cb.send(frame(BROADCAST, MAC_B, 60)); // both switches learn MAC_B
        assertArrayEquals(frame(BROADCAST, MAC_B, 60), received(ca, 3000));
        final int frames = 1500; // far more than b's queue (256) and the client's socket hold
        for (int i = 0; i < frames; i++) {
            final byte[] f = frame(MAC_B, MAC_A, 1000);
            f[20] = (byte) (i >>> 8);
            f[21] = (byte) i;
            ca.send(f);
        }
        Thread.sleep(300); // b's client reads nothing meanwhile: the tunnel pauses, datagrams wait in b's socket
        final byte[] buf = new byte[2048];
        int got = 0;
        int expected = 0;
        int n;
        while ((n = cb.receive(buf, 2000)) > 0) {
            assertEquals(1000, n);
            assertEquals(expected, ((buf[20] & 0xFF) << 8) | (buf[21] & 0xFF), "in order, none missing");
            expected = (expected + 1) & 0xFFFF;
            if (++got == frames) {
                break;
            }
        }
        assertEquals(frames, got, "every unicast frame arrived: " + print(b) + sw(b));
        // the burst crossed in segmented sends and coalesced buffers: the pause held frames already read, too
        assertTrue(offloadCounts(a)[0] > 0 && offloadCounts(b)[1] > 0, print(a) + print(b));
    }

    /**
     * Sends {@code bursts} bursts of {@code burst} numbered {@code size}-byte frames from {@code ca} (MAC_A) to
     * {@code cb} (MAC_B, known to both switches), reading each burst before the next; asserts every frame arrives,
     * in order.
     */
    static void burstsAcross(final VdeClient ca, final VdeClient cb, final int bursts, final int burst,
                             final int size) {
        final byte[] buf = new byte[2048];
        int expected = 0;
        for (int b = 0; b < bursts; b++) {
            for (int i = 0; i < burst; i++) {
                final byte[] f = frame(MAC_B, MAC_A, size);
                final int seq = b * burst + i;
                f[20] = (byte) (seq >>> 8);
                f[21] = (byte) seq;
                ca.send(f);
            }
            for (int i = 0; i < burst; i++) {
                final int n = cb.receive(buf, 3000);
                assertEquals(size, n, "frame " + expected + " arrived");
                assertEquals(expected & 0xFFFF, ((buf[20] & 0xFF) << 8) | (buf[21] & 0xFF), "in order, none missing");
                expected++;
            }
        }
    }

    /** From vxlan/print: the segmented sends made and the datagrams received coalesced, or -1 when off. */
    static long[] offloadCounts(final VdeSwitch sw) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            "offload segmented sends (on|off) \\((\\d+) made\\), coalesced receive (on|off) \\((\\d+) datagrams\\)")
            .matcher(print(sw));
        assertTrue(m.find(), print(sw));
        return new long[] {"on".equals(m.group(1)) ? Long.parseLong(m.group(2)) : -1,
            "on".equals(m.group(3)) ? Long.parseLong(m.group(4)) : -1};
    }

    VdeClient[] learnedPair(final VdeSwitch a, final VdeSwitch b) throws Exception {
        final VdeClient ca = client(a, "a");
        final VdeClient cb = client(b, "b");
        cb.send(frame(BROADCAST, MAC_B, 60)); // both switches learn MAC_B
        assertArrayEquals(frame(BROADCAST, MAC_B, 60), received(ca, 3000));
        return new VdeClient[] {ca, cb};
    }

    @Test
    void udpOffloadsSendEqualSizedFramesSegmentedAndReceiveThemCoalescedInOrder() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        final VdeSwitch b = vxlanSwitch("b", "127.0.0.2", settings("127.0.0.2", "127.0.0.1"));
        final VdeClient[] c = learnedPair(a, b);
        burstsAcross(c[0], c[1], 40, 64, 1000);
        burstsAcross(c[0], c[1], 40, 64, 60);
        // bursts of 64 queued frames are read in batches: equal-sized runs leave in one send, arrive as one datagram
        assertTrue(offloadCounts(a)[0] > 0, "segmented sends at a: " + print(a));
        assertTrue(offloadCounts(b)[1] > 0, "coalesced receives at b: " + print(b));
        assertTrue(print(b).contains("rx 5120 frames"), print(b)); // 2 x 40 x 64
    }

    @Test
    void whenTheKernelRefusesASegmentedSendTheUplinkLogsOnceAndSendsPlainDatagrams() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").sourcePorts(1));
        final VdeSwitch b = vxlanSwitch("b", "127.0.0.2", settings("127.0.0.2", "127.0.0.1"));
        final VdeClient[] c = learnedPair(a, b);
        // UDP_SEGMENT needs the UDP checksum: with SO_NO_CHECK the kernel refuses it (EINVAL), plain sends still go
        a.call(x -> {
            io.jvde.vde.sys.UdpSocket.setInt(((VxlanUplink) x.vxlan()).sockets.sendFds[0],
                io.jvde.vde.sys.Native.SOL_SOCKET, SO_NO_CHECK, 1, "SO_NO_CHECK");
            return null;
        });
        burstsAcross(c[0], c[1], 20, 64, 1000);
        assertEquals(-1, offloadCounts(a)[0], "segmented sends are off: " + print(a));
        assertEquals(1, log.stream().filter(l -> l.contains("refused a segmented send")).count(), log.toString());
        assertTrue(print(b).contains("rx 1280 frames"), print(b));
    }

    /** SOL_SOCKET option: send UDP without a checksum. */
    static final int SO_NO_CHECK = 11;

    @Test
    void withOffloadOffTheTunnelSendsAndReceivesOneDatagramPerFrame() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2").offload(false));
        final VdeSwitch b = vxlanSwitch("b", "127.0.0.2", settings("127.0.0.2", "127.0.0.1").offload(false));
        final VdeClient[] c = learnedPair(a, b);
        burstsAcross(c[0], c[1], 10, 64, 1000);
        assertArrayEquals(new long[] {-1, -1}, offloadCounts(a));
        assertArrayEquals(new long[] {-1, -1}, offloadCounts(b));
    }

    @Test
    void segmentedSendsAndCoalescedReceivesAllocateNothing() throws Exception {
        final VdeSwitch a = vxlanSwitch("a", "127.0.0.1", settings("127.0.0.1", "127.0.0.2"));
        final VdeSwitch b = vxlanSwitch("b", "127.0.0.2", settings("127.0.0.2", "127.0.0.1"));
        final VdeClient[] c = learnedPair(a, b);
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Round 0 warms up; a one-off allocation may land in any later round, one per frame would land in every one
        final long[] allocA = new long[6];
        final long[] allocB = new long[6];
        for (int round = 0; round < allocA.length; round++) {
            final long beforeA = mx.getThreadAllocatedBytes(a.loopThreadId());
            final long beforeB = mx.getThreadAllocatedBytes(b.loopThreadId());
            burstsAcross(c[0], c[1], 30, 32, 500);
            allocA[round] = mx.getThreadAllocatedBytes(a.loopThreadId()) - beforeA;
            allocB[round] = mx.getThreadAllocatedBytes(b.loopThreadId()) - beforeB;
        }
        assertEquals(0, Arrays.stream(allocA, 1, allocA.length).min().getAsLong(),
            "bytes allocated by switch a's loop per round: " + Arrays.toString(allocA));
        assertEquals(0, Arrays.stream(allocB, 1, allocB.length).min().getAsLong(),
            "bytes allocated by switch b's loop per round: " + Arrays.toString(allocB));
        assertTrue(offloadCounts(a)[0] > 0 && offloadCounts(b)[1] > 0, print(a) + print(b));
    }

    private static String sw(final VdeSwitch s) {
        return s.call(c -> {
            final StringBuilder sb = new StringBuilder();
            for (int p = 0; p < c.portCount(); p++) {
                for (final io.jvde.sw.forward.DropReason r : io.jvde.sw.forward.DropReason.values()) {
                    if (c.port(p).drops(r) != 0) {
                        sb.append(" port ").append(p).append(' ').append(r.name()).append(' ')
                            .append(c.port(p).drops(r));
                    }
                }
            }
            return sb.toString();
        });
    }

    @Test
    void sockaddrInRoundTrips() {
        assertEquals("10.1.2.3", SockaddrIn.text(SockaddrIn.parse("10.1.2.3")));
    }
}
