package io.jvde.sw.engine;

import io.jvde.sw.observe.CaptureSink;
import io.jvde.sw.observe.CaptureTap;
import io.jvde.sw.observe.SwitchEvents;
import io.jvde.testsupport.PcapngFile;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Capture and events against the whole engine over real unix sockets. */
@Timeout(120)
class ObserveEngineTest {
    @TempDir
    Path tmp;
    Path dir;
    VdeSwitch sw;
    final List<VdeClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dir = tmp.resolve("sw");
        sw = VdeSwitch.start(SwitchSettings.builder(dir).build(), line -> { });
    }

    @AfterEach
    void stop() {
        clients.forEach(VdeClient::close);
        if (sw != null) {
            sw.close();
        }
    }

    VdeClient client(final String name) throws Exception {
        final VdeClient c = VdeClient.connect(dir, name);
        clients.add(c);
        return c;
    }

    @Test
    void shouldCaptureEveryIngressFrameByteIdenticalWithoutAllocatingOnTheLoopThread() throws Exception {
        final VdeClient a = client("peer-a");
        final VdeClient b = client("peer-b");
        final VdeClient c = client("peer-c");
        final Path file = tmp.resolve("all.pcapng");
        final CaptureSink sink = new CaptureSink("file", null, null, 4096, 1 << 24,
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)).start();
        final CaptureTap tap = sw.call(x -> {
            final CaptureTap t = new CaptureTap(x);
            t.add(sink);
            return t;
        });
        final long[] allocated = forwardRounds(a, b, c, 4, 2000);
        sw.call(x -> tap.remove(sink));
        sink.close();
        assertEquals(0, Arrays.stream(allocated, 1, allocated.length).min().getAsLong(),
            "bytes allocated by the loop thread per round with capture on: " + Arrays.toString(allocated));
        final PcapngFile f = PcapngFile.parse(Files.readAllBytes(file));
        assertEquals(0, sink.totalDrops(), "a 16 MiB ring keeps up with this test");
        final List<byte[]> fromA = f.framesOf(a.port());
        assertEquals(4 * 2000, fromA.size());
        assertArrayEquals(SwitchEngineTest.frame(SwitchEngineTest.MAC_B, SwitchEngineTest.MAC_A, 200), fromA.get(0));
        assertEquals(4 * 2000, f.framesOf(b.port()).size());
        assertEquals(4 * 2000, f.framesOf(c.port()).size());
        assertTrue(f.interfaceDescriptions.get(f.interfaceOf(a.port())).contains("peer-a"),
            f.interfaceDescriptions.toString());
        assertTrue(f.packets.stream().allMatch(p -> p.flags() == 1), "direction inbound on every packet");
        assertTrue(f.packets.get(0).timestampNanos() > 1_600_000_000_000_000_000L, "ns since the epoch");
        assertEquals(0L, f.interfaceDrops.get(f.interfaceOf(a.port())), "isb_ifdrop written");
    }

    @Test
    void shouldDropAndCountWhatANeverReadingCaptureCannotTakeWhileForwardingGoesOn() throws Exception {
        final VdeClient a = client("a");
        final VdeClient b = client("b");
        final VdeClient c = client("c");
        final Pipe pipe = Pipe.open(); // nobody ever reads pipe.source()
        final CaptureSink sink = new CaptureSink("deaf", null, null, 4096, 1 << 16, pipe.sink()).start();
        final CaptureTap tap = sw.call(x -> {
            final CaptureTap t = new CaptureTap(x);
            t.add(sink);
            return t;
        });
        forwardRounds(a, b, c, 2, 2000); // asserts every frame arrives
        final long portDrops = sw.call(x -> x.port(a.port()).captureDrops);
        assertTrue(sink.drops(a.port()) > 0 && portDrops == sink.drops(a.port()),
            "drops counted in the sink and on the port: " + sink.drops(a.port()) + " / " + portDrops);
        sw.call(x -> tap.remove(sink));
        sink.close();
        pipe.source().close();
    }

    @Test
    void shouldReportPortsEndpointsVlansAndMacsInOrder() throws Exception {
        final List<String> seen = new CopyOnWriteArrayList<>();
        sw.call(x -> {
            x.setEvents(new SwitchEvents() {
                @Override
                public void portCreated(final int port) {
                    seen.add("port+ " + port);
                }

                @Override
                public void portRemoved(final int port) {
                    seen.add("port- " + port);
                }

                @Override
                public void endpointConnected(final int port, final int id, final String kind, final String d) {
                    seen.add("ep+ " + port + " " + kind + " " + d);
                }

                @Override
                public void endpointDisconnected(final int port, final int id, final String kind, final String d,
                                                 final String reason) {
                    seen.add("ep- " + port);
                }

                @Override
                public void vlanDefined(final int vid, final boolean defined) {
                    seen.add("vlan " + vid + " " + defined);
                }

                @Override
                public void vlanMembership(final int port, final String change, final int vid) {
                    seen.add("member " + port + " " + change + " " + vid);
                }

                @Override
                public void macLearned(final int vid, final long mac, final int port) {
                    seen.add("mac+ " + vid + " " + Long.toHexString(mac) + " " + port);
                }
            });
            return x.createPort(5);
        });
        sw.call(x -> x.vlanTable().create(10) | x.vlanTable().setUntagged(5, 10));
        final VdeClient a = VdeClient.builder(dir).description("guest").port(5).connect();
        clients.add(a);
        a.send(SwitchEngineTest.frame(SwitchEngineTest.BROADCAST, SwitchEngineTest.MAC_A, 60));
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.stream().noneMatch(s -> s.startsWith("mac+")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        a.close();
        clients.remove(a);
        while (seen.stream().noneMatch(s -> s.startsWith("ep-")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        sw.call(x -> x.removePort(5));
        assertEquals(List.of("port+ 5", "vlan 10 true", "member 5 untagged 10", "ep+ 5 unix prog guest",
            "mac+ 10 2000000000a 5", "ep- 5", "port- 5"), seen);
    }

    /** Rounds of a -> b unicast, b -> a unicast, c broadcast; returns the loop thread's bytes per round. */
    private long[] forwardRounds(final VdeClient a, final VdeClient b, final VdeClient c, final int rounds,
                                 final int perRound) throws Exception {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long loop = sw.loopThreadId();
        final byte[] ab = SwitchEngineTest.frame(SwitchEngineTest.MAC_B, SwitchEngineTest.MAC_A, 200);
        final byte[] ba = SwitchEngineTest.frame(SwitchEngineTest.MAC_A, SwitchEngineTest.MAC_B, 200);
        final byte[] bc = SwitchEngineTest.frame(SwitchEngineTest.BROADCAST, SwitchEngineTest.MAC_C, 200);
        final byte[] buf = new byte[2048];
        final long[] allocated = new long[rounds];
        int atA = 0;
        int atB = 0;
        for (int round = 0; round < rounds; round++) {
            final long before = mx.getThreadAllocatedBytes(loop);
            for (int i = 0; i < perRound; i++) {
                a.send(ab);
                b.send(ba);
                c.send(bc);
                int n;
                while ((n = b.receive(buf, 0)) > 0 || a.receive(buf, 0) > 0) {
                    if (n > 0) {
                        atB++;
                    } else {
                        atA++;
                    }
                }
            }
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while ((atA < 2 * perRound * (round + 1) || atB < 2 * perRound * (round + 1))
                && System.nanoTime() < deadline) {
                if (b.receive(buf, 10) > 0) {
                    atB++;
                } else if (a.receive(buf, 10) > 0) {
                    atA++;
                }
            }
            allocated[round] = mx.getThreadAllocatedBytes(loop) - before;
        }
        assertEquals(2 * perRound * rounds, atA, "a got b's unicast and c's broadcast, every frame");
        assertEquals(2 * perRound * rounds, atB, "b got a's unicast and c's broadcast, every frame");
        return allocated;
    }
}
