package io.jvde.sw.engine;

import io.jvde.testsupport.Poll;
import io.jvde.vde.client.VdeClient;
import io.jvde.vde.client.VdeHandshakeException;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UnixSockets;
import io.jvde.vde.wire.ControlRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole engine in-process, driven over real unix sockets by the project's own VDE client. */
class SwitchEngineTest {
    @TempDir
    Path tmp;
    Path dir;
    VdeSwitch sw;
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final List<VdeClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dir = tmp.resolve("sw");
        sw = VdeSwitch.start(SwitchSettings.builder(dir).build(), logLines::add);
    }

    @AfterEach
    void stop() {
        clients.forEach(VdeClient::close);
        if (sw != null) {
            sw.close();
        }
    }

    VdeClient client(final String name) throws VdeHandshakeException {
        final VdeClient c = VdeClient.connect(dir, name);
        clients.add(c);
        return c;
    }

    static byte[] frame(final long dst, final long src, final int length) {
        final byte[] f = new byte[length];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (dst >>> (40 - 8 * i));
            f[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        if (length >= 14) {
            f[12] = (byte) 0x88;
            f[13] = (byte) 0xb5; // local experimental EtherType
        }
        for (int i = 14; i < length; i++) {
            f[i] = (byte) (i * 7 + length);
        }
        return f;
    }

    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    static final long MAC_A = 0x0200_0000_000AL;
    static final long MAC_B = 0x0200_0000_000BL;
    static final long MAC_C = 0x0200_0000_000CL;

    static byte[] received(final VdeClient c, final int timeoutMillis) {
        final byte[] buf = new byte[16_384];
        final int n = c.receive(buf, timeoutMillis);
        return n < 0 ? null : Arrays.copyOf(buf, n);
    }

    @Test
    void shouldCreateCtlAndAnswerTheHandshakeWithANamedDataSocket() throws Exception {
        assertTrue(Files.exists(dir.resolve("ctl")));
        final VdeClient a = client("a");
        assertEquals(1, a.port(), "auto allocation starts at port 1");
        assertTrue(a.switchDataPath().startsWith(dir.toRealPath() + "/001."));
        final VdeClient b = client("b");
        assertEquals(2, b.port());
    }

    @Test
    void shouldFloodBroadcastToAllOthersAndUnicastOnlyToTheLearnedPort() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final VdeClient c = client("c");
        final byte[] bcast = frame(BROADCAST, MAC_A, 60);
        a.send(bcast);
        assertArrayEquals(bcast, received(b, 2000));
        assertArrayEquals(bcast, received(c, 2000));
        assertEquals(null, received(a, 100), "never back out of the ingress port");
        // b answers a: a's MAC is learned, so only a gets it
        final byte[] reply = frame(MAC_A, MAC_B, 60);
        b.send(reply);
        assertArrayEquals(reply, received(a, 2000));
        assertEquals(null, received(c, 200), "unicast to a learned MAC reaches only its port");
        // and now b is learned too
        final byte[] toB = frame(MAC_B, MAC_A, 100);
        a.send(toB);
        assertArrayEquals(toB, received(b, 2000));
        assertEquals(null, received(c, 200));
    }

    @Test
    void shouldForwardFramesOf14To9234BytesByteIdentical() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        for (final int len : new int[] {14, 15, 59, 60, 1514, 1518, 1522, 4096, 9000, 9234}) {
            final byte[] f = frame(BROADCAST, MAC_A, len);
            assertEquals(len, a.send(f));
            assertArrayEquals(f, received(b, 2000), "frame of " + len + " bytes");
        }
    }

    @Test
    void shouldDropRuntsAndOversizeFramesAndCountThem() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        a.send(frame(BROADCAST, MAC_A, 13));
        a.send(frame(BROADCAST, MAC_A, 9235));
        final byte[] ok = frame(BROADCAST, MAC_A, 60);
        a.send(ok);
        assertArrayEquals(ok, received(b, 2000), "the next good frame still passes");
        final long[] drops = sw.call(c -> new long[] {
            c.port(1).drops(io.jvde.sw.forward.DropReason.RUNT), c.port(1).drops(io.jvde.sw.forward.DropReason.OVERSIZE)});
        assertEquals(1, drops[0]);
        assertEquals(1, drops[1]);
        assertTrue(logLines.stream().anyMatch(l -> l.contains("port 1") && l.contains("runt")), logLines.toString());
    }

    @Test
    void shouldTearTheEndpointDownOnStrayBytesOnCtl() throws Exception {
        final VdeClient a = client("a");
        final String dataPath = a.switchDataPath();
        UnixSockets.send(a.ctlFd(), new byte[] {1}, 0, 1, 0);
        assertTrue(a.awaitCtlClosed(2000), "switch closes ctl");
        waitUntil(() -> !Files.exists(Path.of(dataPath)), 2000);
        assertEquals(0, (int) sw.call(c -> c.port(1).endpointCount()));
        assertTrue(logLines.stream().anyMatch(l -> l.contains("unexpected data on the control stream")));
    }

    @Test
    void shouldAcceptARequestWrittenInTwoPieces() throws Exception {
        final VdeClient c = VdeClient.builder(dir).description("split").splitRequest(50, 100).connect();
        clients.add(c);
        assertEquals(1, c.port());
    }

    @Test
    void shouldAcceptClientSocketsOutsideTheSwitchDirectory() throws Exception {
        final Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        final VdeClient c = VdeClient.builder(dir).clientDir(elsewhere).connect();
        clients.add(c);
        final VdeClient d = client("d");
        final byte[] f = frame(BROADCAST, MAC_C, 64);
        d.send(f);
        assertArrayEquals(f, received(c, 2000));
    }

    @Test
    void shouldPutSeveralEndpointsOnOneExplicitPort() throws Exception {
        final VdeClient a1 = VdeClient.builder(dir).port(5).connect();
        final VdeClient a2 = VdeClient.builder(dir).port(5).connect();
        clients.add(a1);
        clients.add(a2);
        final VdeClient b = client("b");
        assertEquals(5, a1.port());
        assertEquals(5, a2.port());
        final byte[] f = frame(BROADCAST, MAC_B, 64);
        b.send(f);
        assertArrayEquals(f, received(a1, 2000));
        assertArrayEquals(f, received(a2, 2000));
        final byte[] g = frame(BROADCAST, MAC_A, 64);
        a1.send(g);
        assertArrayEquals(g, received(b, 2000));
        assertEquals(null, received(a2, 100), "source exclusion is per port");
    }

    /**
     * vde_switch runs its rc file before its event loop, so no client can attach to a port the script is still
     * configuring (docs/protocol.md §5.8); {@link VdeSwitch#startHeld} gives the same order while commands run.
     */
    @Test
    void shouldHoldClientsUntilAcceptClientsWhileCommandsConfigurePorts() throws Exception {
        final Path heldDir = tmp.resolve("held");
        try (VdeSwitch held = VdeSwitch.startHeld(SwitchSettings.builder(heldDir).build(), logLines::add)) {
            assertTrue(Files.exists(heldDir.resolve("ctl")), "ctl exists while clients are held");
            assertThrows(VdeHandshakeException.class,
                () -> VdeClient.builder(heldDir).port(5).replyTimeoutMillis(300).connect().close(),
                "no handshake is answered before acceptClients");
            assertEquals(0, (int) held.call(c -> c.createPort(5)), "commands run while clients are held");
            assertEquals(0, (int) held.call(c -> c.vlanTable().create(10)));
            assertEquals(0, (int) held.call(c -> c.vlanTable().setUntagged(5, 10)));

            held.acceptClients();
            try (VdeClient client = VdeClient.builder(heldDir).port(5).connect()) {
                assertEquals(5, client.port());
                assertEquals(10, (int) held.call(c -> c.vlanTable().untaggedVlan(5)),
                    "the client finds port 5 configured");
            }
        }
    }

    @Test
    void shouldGiveRequestForPortZeroPortZero() throws Exception {
        final VdeClient z = VdeClient.builder(dir).portZero().connect();
        clients.add(z);
        assertEquals(0, z.port());
    }

    @Test
    void shouldRefuseBadHandshakesByClosingCtlWithin100MillisAndKeepForwarding() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final byte[] goodRequest = new byte[ControlRequest.MAX_LENGTH];
        final String clientPath = tmp.resolve("c.sock").toString();
        final int clientFd = UnixSockets.socket(Native.SOCK_DGRAM);
        assertEquals(0, UnixSockets.bind(clientFd, clientPath));
        try {
            final List<byte[]> bad = new ArrayList<>();
            bad.add(request(0, clientPath, r -> r[0] = 0)); // bad magic
            bad.add(request(0, clientPath, r -> r[4] = 2)); // version 2
            bad.add(request(0, clientPath, r -> r[4] = 4)); // version 4
            bad.add(request(0, clientPath, r -> r[8] = 2)); // bad kind
            bad.add(request(1 << 20, clientPath, r -> { })); // port out of range
            bad.add(request(0, tmp.resolve("missing.sock").toString(), r -> { })); // no client socket
            for (final byte[] req : bad) {
                final int ctl = UnixSockets.socket(Native.SOCK_STREAM);
                assertEquals(0, UnixSockets.connect(ctl, dir.resolve("ctl").toString()));
                UnixSockets.send(ctl, req, 0, req.length, 0);
                // closed well before the 5 s handshake expiry could close it: the refusal did (no latency bound)
                assertTrue(UnixSockets.awaitReadable(ctl, 2000), "ctl closed at once");
                assertEquals(0, UnixSockets.recv(ctl, new byte[200], 0), "EOF, no reply bytes");
                UnixSockets.close(ctl);
                final byte[] f = frame(BROADCAST, MAC_A, 60);
                a.send(f);
                assertArrayEquals(f, received(b, 2000), "forwarding goes on");
            }
            assertTrue(logLines.stream().filter(l -> l.startsWith("ctl: refused")).count() >= bad.size(), logLines.toString());
        } finally {
            UnixSockets.close(clientFd);
        }
    }

    interface Mutator {
        void apply(byte[] r);
    }

    static byte[] request(final int port, final String clientPath, final Mutator m) {
        final NativeMemory mem = NativeMemory.allocate(ControlRequest.MAX_LENGTH);
        try {
            final int len = ControlRequest.encode(mem.buffer(), 0, 0, port, clientPath, "test");
            final byte[] r = new byte[len];
            mem.buffer().get(0, r);
            m.apply(r);
            return r;
        } finally {
            mem.free();
        }
    }

    @Test
    void shouldLeaveNoSocketFileDescriptorOrEndpointAfter200AttachDetachCycles() throws Exception {
        final long fdsBefore = openFds();
        for (int i = 0; i < 200; i++) {
            try (VdeClient c = VdeClient.connect(dir, "cycle " + i)) {
                assertTrue(c.port() >= 1);
            }
        }
        waitUntil(() -> sw.call(c -> c.endpoints().isEmpty()), 5000);
        waitUntil(() -> listDir().size() == 1, 2000);
        assertEquals(List.of("ctl"), listDir());
        assertEquals(fdsBefore, openFds(), "descriptors back to baseline");
    }

    @Test
    void shouldAttach1000ClientsBeyondTheDefault32Ports() throws Exception {
        final List<VdeClient> many = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                many.add(VdeClient.connect(dir, "vm" + i));
            }
            assertEquals(1000, many.stream().map(VdeClient::port).distinct().count());
            final byte[] f = frame(BROADCAST, MAC_A, 60);
            many.get(0).send(f);
            assertArrayEquals(f, received(many.get(999), 3000));
        } finally {
            many.forEach(VdeClient::close);
        }
    }

    @Test
    void shouldRefuseToStartWhenAnotherSwitchAnswersOnCtl() {
        final SwitchStartException e = assertThrows(SwitchStartException.class,
            () -> VdeSwitch.start(SwitchSettings.builder(dir).build(), l -> { }));
        assertTrue(e.addressInUse());
        assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
    }

    @Test
    void shouldTakeOverAStaleCtlAndCleanUpOnClose() throws Exception {
        sw.close();
        sw = null;
        assertFalse(Files.exists(dir), "directory it created is removed");
        Files.createDirectories(dir);
        final int fd = UnixSockets.socket(Native.SOCK_STREAM);
        assertEquals(0, UnixSockets.bind(fd, dir.resolve("ctl").toString()));
        UnixSockets.close(fd); // a bound, never-listening socket file: stale
        sw = VdeSwitch.start(SwitchSettings.builder(dir).build(), logLines::add);
        client("after-takeover").close(); // the client removes its own socket file, as libvdeplug does
        sw.close();
        sw = null;
        assertTrue(Files.exists(dir), "a directory it did not create stays");
        assertEquals(List.of(), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void shouldDeliverEveryUnicastFrameToASlowButReadingReceiver() throws Exception {
        // A loaded CI machine can deschedule the reader for longer than the 200 ms default stall timeout, after which
        // the switch rightly gives up on it; this test is about a live reader, so the timeout is far above that noise
        // (the stall release has its own test below).
        sw.close();
        sw = VdeSwitch.start(SwitchSettings.builder(dir).stallTimeoutMillis(10_000).build(), logLines::add);
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        a.send(frame(BROADCAST, MAC_A, 60));
        b.send(frame(BROADCAST, MAC_B, 60));
        assertTrue(received(b, 2000) != null);
        assertTrue(received(a, 2000) != null);
        final int total = 20_000;
        final int[] got = new int[1];
        final Thread reader = new Thread(() -> {
            final byte[] buf = new byte[2048];
            long idleSince = System.nanoTime();
            while (got[0] < total && System.nanoTime() - idleSince < 5_000_000_000L) {
                if (b.receive(buf, 100) > 0) {
                    got[0]++;
                    idleSince = System.nanoTime();
                    if (got[0] % 1000 == 0) {
                        try {
                            Thread.sleep(20); // the receiver falls behind now and then
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        });
        reader.start();
        final byte[] f = frame(MAC_B, MAC_A, 1000);
        for (int i = 0; i < total; i++) {
            assertEquals(1000, a.send(f));
        }
        reader.join(30_000);
        assertEquals(total, got[0], "unicast is lossless while the receiver reads");
        assertEquals(0L, (long) sw.call(c -> c.port(b.port()).totalDrops()));
    }

    @Test
    void shouldNotLetAReceiverThatStoppedReadingStallOtherPorts() throws Exception {
        final VdeClient a = client("a");
        final VdeClient deaf = client("deaf");
        final VdeClient c = client("c");
        final VdeClient d = client("d");
        for (final VdeClient x : List.of(a, deaf, c, d)) {
            x.send(frame(BROADCAST, 0x0200_0000_0000L | x.port(), 60));
        }
        for (final VdeClient x : List.of(a, c, d)) {
            while (received(x, 200) != null) {
                // drain the learning broadcasts
            }
        }
        final long deafMac = 0x0200_0000_0000L | deaf.port();
        final long dMac = 0x0200_0000_0000L | d.port();
        // a floods the deaf port with unicast until the switch gives up on it
        final Thread blaster = new Thread(() -> {
            final byte[] f = frame(deafMac, 0x0200_0000_0000L | a.port(), 1000);
            for (int i = 0; i < 5000; i++) {
                a.send(f);
            }
        });
        blaster.setDaemon(true);
        blaster.start();
        // meanwhile c -> d must keep flowing; a blocked a cannot block c
        final byte[] cd = frame(dMac, 0x0200_0000_0000L | c.port(), 100);
        for (int i = 0; i < 100; i++) {
            c.send(cd);
            assertArrayEquals(cd, received(d, 2000), "c -> d frame " + i);
        }
        blaster.join(10_000);
        assertFalse(blaster.isAlive(), "the sender to a stalled port is released within the stall timeout");
        assertTrue(sw.call(x -> x.port(deaf.port()).totalDrops()) > 0, "frames to the deaf port dropped and counted");
        assertTrue(logLines.stream().anyMatch(l -> l.contains("made no progress")), logLines.toString());
    }

    @Test
    void shouldForwardWithoutAllocatingOnTheLoopThread() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final VdeClient c = client("c");
        assertForwardsWithoutAllocating(a, b, c);
    }

    /** As above with an admitting ingress filter installed and MAC limits on every sending port. */
    @Test
    void shouldFilterAndLimitMacsWithoutAllocatingOnTheLoopThread() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final VdeClient c = client("c");
        final long[] calls = new long[1];
        sw.call(x -> {
            x.setIngressFilter((frame, offset, length, port, vid) -> {
                calls[0]++;
                return true;
            });
            return x.setMacLimit(a.port(), 2) | x.setMacLimit(b.port(), 2) | x.setMacLimit(c.port(), 1);
        });
        assertForwardsWithoutAllocating(a, b, c);
        assertTrue(sw.call(x -> calls[0]) >= 45_000, "the filter saw every frame: " + calls[0]);
        assertEquals(1, (int) sw.call(x -> x.learnedMacs(a.port())));
    }

    private void assertForwardsWithoutAllocating(final VdeClient a, final VdeClient b, final VdeClient c) {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long loop = sw.loopThreadId();
        final byte[] ab = frame(MAC_B, MAC_A, 200);
        final byte[] ba = frame(MAC_A, MAC_B, 200);
        final byte[] bc = frame(BROADCAST, MAC_C, 200);
        final byte[] buf = new byte[2048];
        // Round 0 warms up (JIT, learning). A one-off allocation (a late class load, a JIT event) can land in any
        // later round; an allocation per frame would land in every one, so one clean round of three proves it.
        final long[] allocated = new long[4];
        for (int round = 0; round < allocated.length; round++) {
            final long before = mx.getThreadAllocatedBytes(loop);
            for (int i = 0; i < 5000; i++) {
                a.send(ab);
                b.send(ba);
                c.send(bc);
                while (b.receive(buf, 0) > 0 || a.receive(buf, 0) > 0) {
                    // keep sockets drained
                }
            }
            waitIdle(a, b, buf);
            allocated[round] = mx.getThreadAllocatedBytes(loop) - before;
        }
        assertEquals(0, Arrays.stream(allocated, 1, allocated.length).min().getAsLong(),
            "bytes allocated by the loop thread per round of 15,000 forwarded frames: " + Arrays.toString(allocated));
    }

    @Test
    void shouldDeliverFramesToALocalPortAndForwardWhatItInjects() throws Exception {
        final VdeClient a = client("a");
        final List<Integer> seenIngress = new CopyOnWriteArrayList<>();
        // an in-process "echo" port: answers every frame addressed to it with a frame back to its sender
        final long echoMac = 0x0200_0000_00EEL;
        final List<java.nio.ByteBuffer> pending = new ArrayList<>();
        final int[] batches = new int[1];
        final int localPort = sw.call(c -> c.attachLocal(-1, "echo", new io.jvde.sw.port.LocalPortHandler() {
            @Override
            public void onFrame(final java.nio.ByteBuffer frame, final int off, final int len, final int ingress,
                                final io.jvde.sw.port.LocalPortContext ctx) {
                seenIngress.add(ingress);
                if (io.jvde.sw.frame.EthernetFrame.dst(frame, off) == echoMac) {
                    final java.nio.ByteBuffer reply = java.nio.ByteBuffer.allocate(len);
                    for (int i = 0; i < len; i++) {
                        reply.put(i, frame.get(off + i));
                    }
                    io.jvde.primitives.Mac48.write(reply, 0, io.jvde.sw.frame.EthernetFrame.src(frame, off));
                    io.jvde.primitives.Mac48.write(reply, 6, echoMac);
                    pending.add(reply); // answered at batch end, as a group-committing responder does
                }
            }

            @Override
            public void onBatchEnd(final io.jvde.sw.port.LocalPortContext ctx) {
                batches[0]++;
                pending.forEach(r -> ctx.inject(r, 0, r.capacity()));
                pending.clear();
            }
        }));
        assertEquals(2, localPort);
        final byte[] ping = frame(echoMac, MAC_A, 80);
        a.send(ping);
        final byte[] back = received(a, 2000);
        assertTrue(back != null, "the local port's reply came back");
        assertEquals(80, back.length);
        assertEquals(MAC_A, io.jvde.sw.frame.EthernetFrame.dst(java.nio.ByteBuffer.wrap(back), 0));
        assertEquals(List.of(1), seenIngress, "the handler learns the ingress port");
        assertEquals(1, (int) sw.call(c -> batches[0]), "one batch end for the turn that delivered the frame");
        assertEquals(1L, (long) sw.call(c -> c.port(localPort).inPackets));
    }

    /** VLAN 10 with the second client's port untagged (access) and the third's tagged (trunk, untagged 0). */
    private void accessAndTrunk(final VdeClient access, final VdeClient trunk) {
        assertEquals(0, (int) sw.call(x -> x.vlanTable().create(10) | x.vlanTable().setUntagged(access.port(), 10)
            | x.vlanTable().addTagged(10, trunk.port())));
    }

    @Test
    void shouldFilterClientFramesInTheirVlanBeforeLearningButNotInjectedFrames() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final VdeClient c = client("c");
        accessAndTrunk(b, c);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final int localPort = sw.call(x -> x.attachLocal(-1, "injector", (frame, off, len, ingress, ctx) -> { }));
        sw.call(x -> {
            x.setIngressFilter((frame, offset, length, port, vid) -> {
                seen.add(port + "/" + vid);
                return io.jvde.sw.frame.EthernetFrame.src(frame, offset) != MAC_C;
            });
            return null;
        });
        b.send(frame(BROADCAST, MAC_B, 60));
        assertArrayEquals(io.jvde.testsupport.Frames.withTag(frame(BROADCAST, MAC_B, 60), 10), received(c, 2000),
            "from the access port to the trunk, tagged");
        c.send(io.jvde.testsupport.Frames.withTag(frame(BROADCAST, MAC_A, 60), 10));
        assertArrayEquals(frame(BROADCAST, MAC_A, 60), received(b, 2000));
        a.send(frame(BROADCAST, MAC_C, 60)); // refused
        a.send(frame(BROADCAST, MAC_A, 61)); // admitted: it arrives after the refused one would have
        assertEquals(61, received(c, 2000).length, "the refused frame never left the switch");
        assertEquals(List.of(b.port() + "/10", c.port() + "/10", a.port() + "/0", a.port() + "/0"), seen);
        assertEquals(1L, (long) sw.call(x -> x.port(a.port()).drops(io.jvde.sw.forward.DropReason.FILTERED)));
        assertEquals(-1, (int) sw.call(x -> x.macTable().lookup(0, MAC_C, System.nanoTime())),
            "a refused frame teaches the table nothing");
        // frames the local port injects skip the filter, even with the refused source
        final byte[] injected = frame(BROADCAST, MAC_C, 62);
        sw.call(x -> {
            final io.jvde.sw.port.LocalPortContext ctx = localContext(x, localPort);
            return ctx.inject(java.nio.ByteBuffer.wrap(injected), 0, injected.length);
        });
        assertArrayEquals(injected, received(a, 2000));
        assertEquals(4, seen.size(), "the filter did not see the injected frame: " + seen);
        assertEquals(localPort, (int) sw.call(x -> x.macTable().lookup(0, MAC_C, System.nanoTime())));
    }

    @Test
    void shouldDeliverADirectedInjectionToOnePortOnlyTaggedAsThatPortWants() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final VdeClient c = client("c");
        accessAndTrunk(b, c);
        final int localPort = sw.call(x -> x.attachLocal(-1, "injector", (frame, off, len, ingress, ctx) -> { }));
        final byte[] tagged10 = io.jvde.testsupport.Frames.withTag(frame(MAC_A, MAC_B, 70), 10);
        final byte[] plain = frame(MAC_B, MAC_A, 71);
        final byte[] marker = frame(BROADCAST, 0x0200_0000_00EEL, 72);
        final boolean[] results = sw.call(x -> {
            final io.jvde.sw.port.LocalPortContext ctx = localContext(x, localPort);
            final boolean[] r = new boolean[] {
                ctx.injectTo(b.port(), java.nio.ByteBuffer.wrap(tagged10), 0, tagged10.length), // access: popped
                ctx.injectTo(c.port(), java.nio.ByteBuffer.wrap(tagged10), 0, tagged10.length), // trunk: tagged
                ctx.injectTo(a.port(), java.nio.ByteBuffer.wrap(plain), 0, plain.length),       // VLAN 0, as is
                ctx.injectTo(b.port(), java.nio.ByteBuffer.wrap(plain), 0, plain.length),       // not in VLAN 0
                ctx.injectTo(a.port(), java.nio.ByteBuffer.wrap(tagged10), 0, tagged10.length), // not in VLAN 10
                ctx.injectTo(999, java.nio.ByteBuffer.wrap(plain), 0, plain.length),            // no such port
                ctx.injectTo(-1, java.nio.ByteBuffer.wrap(plain), 0, plain.length),
            };
            // an ordinary broadcast after them: whoever did not get a directed frame gets this one first
            ctx.inject(java.nio.ByteBuffer.wrap(marker), 0, marker.length);
            return r;
        });
        assertArrayEquals(new boolean[] {true, true, true, false, false, false, false}, results);
        assertArrayEquals(frame(MAC_A, MAC_B, 70), received(b, 2000), "the access port gets it untagged");
        assertArrayEquals(tagged10, received(c, 2000), "the trunk gets it tagged");
        assertArrayEquals(plain, received(a, 2000));
        assertArrayEquals(marker, received(a, 2000), "a got exactly one directed frame");
        assertArrayEquals(marker, received(c, 2000), "c got exactly one directed frame");
        assertEquals(localPort, (int) sw.call(x -> x.macTable().lookup(0, MAC_A, System.nanoTime())),
            "a directed frame's source no other port holds is learned on the local port");
        final io.jvde.sw.port.Port lp = sw.call(x -> x.port(localPort));
        assertEquals(2L, (long) sw.call(x -> lp.drops(io.jvde.sw.forward.DropReason.VLAN_NOT_MEMBER)));
        assertEquals(2L, (long) sw.call(x -> lp.drops(io.jvde.sw.forward.DropReason.DST_PORT_INACTIVE)));
    }

    @Test
    void shouldEnforceAPortsMacLimitAndForgetItsCountWithItsEndpoints() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final int port = a.port();
        assertEquals(0, (int) sw.call(x -> x.setMacLimit(port, 1)));
        a.send(frame(BROADCAST, MAC_A, 60));
        assertEquals(60, received(b, 2000).length);
        a.send(frame(BROADCAST, MAC_C, 61)); // a second address: over the limit
        a.send(frame(BROADCAST, MAC_A, 62)); // the known one keeps working
        assertEquals(62, received(b, 2000).length, "the frame from the second address was dropped");
        assertEquals(1L, (long) sw.call(x -> x.port(port).drops(io.jvde.sw.forward.DropReason.MAC_LIMIT)));
        assertEquals(1, (int) sw.call(x -> x.learnedMacs(port)));
        assertEquals(1, (int) sw.call(x -> x.macLimit(port)));
        a.close();
        waitUntil(() -> sw.call(x -> x.learnedMacs(port)) == 0, 2000);
        assertEquals(io.jvde.sw.Errno.ENXIO.code(), (int) sw.call(x -> x.setMacLimit(10_000, 1)));
        assertEquals(io.jvde.sw.Errno.EINVAL.code(), (int) sw.call(x -> x.setMacLimit(port, -1)));
        assertEquals(-1, (int) sw.call(x -> x.macLimit(10_000)));
        assertEquals(0, (int) sw.call(x -> x.createPort(5) | x.setMacLimit(5, 3)));
        assertEquals(3, (int) sw.call(x -> x.port(5).macLimit()));
        assertEquals(0, (int) sw.call(x -> x.removePort(5)));
        assertEquals(0, (int) sw.call(x -> x.macLimit(5)), "port/remove forgets the limit");
        assertEquals(0, (int) sw.call(x -> x.macTable().portLimit(5)));
    }

    /** The context of the local port on {@code port}: the engine hands it to the handler; tests take it here. */
    private static io.jvde.sw.port.LocalPortContext localContext(final SwitchControl x, final int port) {
        return ((Attachment) x.port(port).endpoint(0)).local();
    }

    @Test
    void shouldTearDownAClientWhoseDataSocketIsGoneOnceAndLogItOnce() throws Exception {
        final VdeClient a = client("a");
        final VdeClient gone = client("gone");
        final VdeClient c = client("c");
        // the client's datagram socket disappears while its control stream stays open (a crashed helper thread,
        // a process that closed the wrong fd): sends to it fail with ECONNREFUSED
        Native.libc().close(gone.dataFd());
        for (int i = 0; i < 50; i++) {
            final byte[] f = frame(BROADCAST, MAC_A, 60);
            a.send(f);
            assertArrayEquals(f, received(c, 2000), "others keep receiving, frame " + i);
        }
        waitUntil(() -> sw.call(x -> x.port(gone.port()).endpointCount()) == 0, 2000);
        assertTrue(gone.awaitCtlClosed(2000), "its control stream is closed too");
        assertEquals(1, logLines.stream().filter(l -> l.contains("port " + gone.port() + ": endpoint")
            && l.contains("closed")).count(), logLines.toString());
        assertEquals(0, logLines.stream().filter(l -> l.contains("Connection refused")).count() - 1,
            "one line, not one per frame: " + logLines);
    }

    private static void waitIdle(final VdeClient a, final VdeClient b, final byte[] buf) {
        int quiet = 0;
        while (quiet < 5) {
            if (a.receive(buf, 20) < 0 & b.receive(buf, 20) < 0) {
                quiet++;
            } else {
                quiet = 0;
            }
        }
    }

    private List<String> listDir() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    interface Condition {
        boolean met() throws Exception;
    }

    static void waitUntil(final Condition c, final long millis) {
        Poll.until("condition", Duration.ofMillis(millis), c::met);
    }
}
