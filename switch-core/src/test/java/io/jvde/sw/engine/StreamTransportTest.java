package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.testsupport.StreamPeer;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.jvde.sw.engine.SwitchEngineTest.BROADCAST;
import static io.jvde.sw.engine.SwitchEngineTest.frame;
import static io.jvde.sw.engine.SwitchEngineTest.received;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --stream}: length-prefixed frames over unix and TCP stream connections, against the project's own peers. */
@Timeout(60)
class StreamTransportTest extends TransportFixture {
    @Override
    SwitchSettings.Builder configure(final SwitchSettings.Builder b) {
        return b.streams(List.of(StreamAddress.parse(stream().toString())));
    }

    private Path stream() {
        return tmp.resolve("stream.sock");
    }

    private StreamPeer streamPeer() throws Exception {
        return track(StreamPeer.connect(stream()));
    }

    private static long mac(final int n) {
        return 0x0200_0000_0100L | n;
    }

    private void awaitStreamEndpoints(final int count) throws Exception {
        awaitEndpoints("stream", count);
    }

    @Test
    void shouldForwardManyFramesPerWriteBetweenAStreamPeerAndAVdeClientBothWays() throws Exception {
        final StreamPeer s = streamPeer();
        final VdeClient v = vdeClient("v");
        awaitStreamEndpoints(1);
        final List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(frame(BROADCAST, mac(1), 60 + i * 14));
        }
        s.sendRaw(StreamPeer.framed(burst)); // 100 frames in one write
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(burst.get(i), received(v, 2000), "frame " + i + " reached the VDE client whole");
        }
        for (int i = 0; i < 100; i++) {
            v.send(frame(mac(1), mac(2), 1514));
        }
        for (int i = 0; i < 100; i++) {
            final byte[] f = s.receive(2000);
            assertArrayEquals(frame(mac(1), mac(2), 1514), f, "frame " + i + ": " + StreamPeer.describe(f));
        }
        final String print = sw.call(c -> {
            for (final io.jvde.sw.port.Endpoint e : c.endpoints()) {
                if (e.module().equals("stream")) {
                    return e.description();
                }
            }
            return "";
        });
        assertTrue(print.startsWith("stream unix:" + stream()), print);
    }

    @Test
    void shouldForwardBetweenTwoStreamPeersOverTcp() throws Exception {
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        restart(b -> b.streams(List.of(StreamAddress.parse("tcp:" + port))));
        final StreamPeer a = track(StreamPeer.connect("127.0.0.1", port));
        final StreamPeer b = track(StreamPeer.connect("127.0.0.1", port));
        awaitStreamEndpoints(2);
        final byte[] f = frame(BROADCAST, mac(7), 9234);
        a.send(f);
        assertArrayEquals(f, b.receive(2000), "a jumbo frame crosses intact");
    }

    /** Each bad input closes its own connection with one log line and a counter; another pair keeps forwarding. */
    @Test
    void shouldCloseOnlyTheConnectionThatSentBadFraming() throws Exception {
        final StreamPeer good = streamPeer();
        final VdeClient v = vdeClient("v");
        awaitStreamEndpoints(1);
        final byte[][] bad = {
            {0, 0, 0, 0},                                   // length 0
            ByteBuffer.allocate(4).putInt(70_000).array(),  // above 65,535
            garbage(1 << 20),                               // 1 MB of garbage
        };
        int round = 0;
        for (final byte[] b : bad) {
            final StreamPeer p = streamPeer();
            awaitStreamEndpoints(2);
            final int port = portOfNewestStream();
            final long before = sw.call(c -> c.port(port).drops(DropReason.BAD_FRAMING));
            try {
                p.sendRaw(b);
            } catch (java.io.IOException e) {
                // the switch may close while the megabyte is still being written: that is the point
            }
            assertTrue(p.awaitClosed(5000), "bad input " + round + " closed its connection");
            awaitStreamEndpoints(1);
            assertEquals(before + 1, (long) sw.call(c -> c.port(port).drops(DropReason.BAD_FRAMING)),
                "counted on the port (which keeps its counters, as every port does)");
            assertForwards(good, v, round++);
        }
        // a frame cut by EOF
        final StreamPeer cut = streamPeer();
        awaitStreamEndpoints(2);
        final int port = portOfNewestStream();
        final long before = sw.call(c -> c.port(port).drops(DropReason.BAD_FRAMING));
        final byte[] whole = StreamPeer.framed(List.of(frame(BROADCAST, mac(9), 200)));
        cut.sendRaw(Arrays.copyOf(whole, 100));
        cut.close();
        awaitStreamEndpoints(1);
        assertEquals(before + 1, (long) sw.call(c -> c.port(port).drops(DropReason.BAD_FRAMING)));
        assertForwards(good, v, round);
        assertEquals(1, log.stream().filter(l -> l.contains("bad frame length 0 ")).count(), log.toString());
        assertEquals(1, log.stream().filter(l -> l.contains("bad frame length 70000 ")).count(), log.toString());
        assertEquals(1, log.stream().filter(l -> l.contains("EOF in the middle of a frame")).count(), log.toString());
    }

    private static byte[] garbage(final int n) {
        final byte[] g = new byte[n];
        new java.util.Random(42).nextBytes(g);
        g[0] = (byte) 0xA5; // a first length far above 65,535
        return g;
    }

    private int portOfNewestStream() {
        return sw.call(c -> c.endpoints().stream().filter(e -> e.module().equals("stream"))
            .max((x, y) -> Integer.compare(x.id(), y.id())).orElseThrow().port());
    }

    private static void assertForwards(final StreamPeer s, final VdeClient v, final int round) throws Exception {
        final byte[] f = frame(BROADCAST, mac(1), 100 + round);
        s.send(f);
        assertArrayEquals(f, received(v, 2000), "the other connection still forwards (round " + round + ")");
        final byte[] g = frame(BROADCAST, mac(2), 100 + round);
        v.send(g);
        assertArrayEquals(g, s.receive(2000), "and receives (round " + round + ")");
    }

    @Test
    void shouldSkipAFrameLongerThanTheSwitchForwardsAndKeepTheConnection() throws Exception {
        final StreamPeer s = streamPeer();
        final VdeClient v = vdeClient("v");
        awaitStreamEndpoints(1);
        final byte[] big = frame(BROADCAST, mac(1), 20_000);
        final byte[] next = frame(BROADCAST, mac(1), 64);
        s.sendRaw(StreamPeer.framed(List.of(big, next)));
        assertArrayEquals(next, received(v, 2000), "the frame after the oversize one arrives");
        assertNull(received(v, 200));
        final int port = portOfNewestStream();
        assertEquals(1L, (long) sw.call(c -> c.port(port).drops(DropReason.OVERSIZE)));
    }

    /**
     * A slow reader with a small socket buffer: the switch's writes are cut inside frames again and again, and every
     * unicast frame still arrives whole and in order.
     */
    @Test
    void shouldKeepFramingWhenSendsAreCutInsideFrames() throws Exception {
        restart(b -> configure(b).stallTimeoutMillis(10_000));
        final StreamPeer s = streamPeer();
        final VdeClient v = vdeClient("v");
        awaitStreamEndpoints(1);
        s.send(frame(BROADCAST, mac(1), 60)); // learn the stream peer's MAC
        assertTrue(received(v, 2000) != null);
        final int total = 3000;
        final Thread sender = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                final byte[] f = frame(mac(1), mac(2), 1000 + i % 500);
                f[20] = (byte) i;
                f[21] = (byte) (i >> 8);
                v.send(f);
            }
        });
        sender.start();
        for (int i = 0; i < total; i++) {
            final byte[] f = s.receive(5000);
            final byte[] expected = frame(mac(1), mac(2), 1000 + i % 500);
            expected[20] = (byte) i;
            expected[21] = (byte) (i >> 8);
            assertArrayEquals(expected, f, "frame " + i + " whole and in order: " + StreamPeer.describe(f));
            if (i % 300 == 0) {
                Thread.sleep(30); // fall behind now and then
            }
        }
        sender.join(10_000);
    }

    @Test
    void shouldReleaseSendersOfAStreamPeerThatNeverReads() throws Exception {
        final StreamPeer deaf = streamPeer();
        final VdeClient a = vdeClient("a");
        final VdeClient c = vdeClient("c");
        final VdeClient d = vdeClient("d");
        awaitStreamEndpoints(1);
        deaf.send(frame(BROADCAST, mac(5), 60));
        for (final VdeClient x : List.of(a, c, d)) {
            x.send(frame(BROADCAST, mac(10 + x.port()), 60));
        }
        Thread.sleep(200);
        for (final VdeClient x : List.of(a, c, d)) {
            while (received(x, 100) != null) {
                // drain the learning broadcasts
            }
        }
        final Thread blaster = new Thread(() -> {
            final byte[] f = frame(mac(5), mac(10 + a.port()), 1400);
            for (int i = 0; i < 20_000; i++) {
                a.send(f);
            }
        });
        blaster.setDaemon(true);
        blaster.start();
        final byte[] cd = frame(mac(10 + d.port()), mac(10 + c.port()), 100);
        for (int i = 0; i < 100; i++) {
            c.send(cd);
            assertArrayEquals(cd, received(d, 2000), "c -> d frame " + i);
        }
        blaster.join(20_000);
        assertTrue(!blaster.isAlive(), "the sender to the deaf stream peer was released");
        final int port = portOfNewestStream();
        assertTrue(sw.call(x -> x.port(port).totalDrops()) > 0, "frames to it dropped and counted");
    }

    /** Stream to stream and stream to VDE: the loop thread allocates nothing per frame. */
    @Test
    void shouldForwardStreamFramesWithoutAllocatingOnTheLoopThread() throws Exception {
        final StreamPeer a = streamPeer();
        final StreamPeer b = streamPeer();
        final VdeClient c = vdeClient("c");
        awaitStreamEndpoints(2);
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long loop = sw.loopThreadId();
        final List<byte[]> ab = new ArrayList<>();
        final List<byte[]> ba = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ab.add(frame(mac(2), mac(1), 200 + i));
            ba.add(frame(mac(1), mac(2), 200 + i));
        }
        final byte[] abBytes = StreamPeer.framed(ab);
        final byte[] baBytes = StreamPeer.framed(ba);
        final byte[] cb = frame(BROADCAST, mac(3), 300);
        final byte[] buf = new byte[2048];
        final long[] allocated = new long[4];
        for (int round = 0; round < allocated.length; round++) {
            final long before = mx.getThreadAllocatedBytes(loop);
            for (int i = 0; i < 100; i++) {
                a.sendRaw(abBytes);
                b.sendRaw(baBytes);
                c.send(cb);
                for (int k = 0; k < 50; k++) {
                    b.receive(2000);
                    a.receive(2000);
                }
                while (a.receive(0) != null | b.receive(0) != null) {
                    // the broadcasts
                }
                while (c.receive(buf, 0) > 0) {
                    // nothing for c but keep it clean
                }
            }
            allocated[round] = mx.getThreadAllocatedBytes(loop) - before;
        }
        assertEquals(0, Arrays.stream(allocated, 1, allocated.length).min().getAsLong(),
            "bytes allocated by the loop thread per round of 10,100 forwarded frames: " + Arrays.toString(allocated));
    }
}
