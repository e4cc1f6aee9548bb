package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.testsupport.DgramPeer;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jvde.sw.engine.SwitchEngineTest.BROADCAST;
import static io.jvde.sw.engine.SwitchEngineTest.frame;
import static io.jvde.sw.engine.SwitchEngineTest.received;
import static io.jvde.sw.engine.SwitchEngineTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --dgram}: one unix datagram socket, a port per sender address. */
@Timeout(60)
class DgramTransportTest extends TransportFixture {
    @Override
    SwitchSettings.Builder configure(final SwitchSettings.Builder b) {
        return b.dgrams(List.of(dgram().toString()));
    }

    private Path dgram() {
        return tmp.resolve("dgram.sock");
    }

    private DgramPeer peer(final String name) {
        return track(DgramPeer.open(tmp.resolve(name), dgram()));
    }

    private int dgramEndpoints() {
        return endpoints("dgram");
    }

    private static long mac(final int n) {
        return 0x0200_0000_0200L | n;
    }

    @Test
    void shouldGiveEachSenderItsOwnPortAndAnswerItAtItsAddress() throws Exception {
        final DgramPeer a = peer("a.sock");
        final DgramPeer b = peer("b.sock");
        final VdeClient v = vdeClient("v");
        final byte[] fa = frame(BROADCAST, mac(1), 60);
        a.send(fa);
        assertArrayEquals(fa, received(v, 2000), "a broadcast reached the VDE client " + log);
        final byte[] fb = frame(mac(1), mac(2), 1514);
        b.send(fb);
        assertArrayEquals(fb, a.receive(2000), "b's unicast reached a, learned on a's port");
        assertEquals(2, dgramEndpoints());
        final byte[] fv = frame(mac(2), mac(3), 9234);
        v.send(fv);
        assertArrayEquals(fv, b.receive(2000), "a jumbo frame reaches b");
        final String desc = sw.call(c -> c.endpoints().stream().filter(e -> e.module().equals("dgram"))
            .map(io.jvde.sw.port.Endpoint::description).sorted().toList()).get(0);
        assertTrue(desc.startsWith("dgram unix:" + dgram() + " peer " + tmp.resolve("a.sock")), desc);
    }

    @Test
    void shouldReapAPeerWhoseSocketIsGone() throws Exception {
        final DgramPeer a = peer("a.sock");
        final DgramPeer b = peer("b.sock");
        a.send(frame(BROADCAST, mac(1), 60));
        b.send(frame(BROADCAST, mac(2), 60));
        waitUntil(() -> dgramEndpoints() == 2, 2000);
        a.close(); // its socket file is gone: sends to it are refused
        for (int i = 0; i < 20; i++) {
            b.send(frame(BROADCAST, mac(2), 60));
        }
        waitUntil(() -> dgramEndpoints() == 1, 5000);
        assertEquals(1, log.stream().filter(l -> l.contains("closed: send:")).count(), log.toString());
        final DgramPeer c = peer("c.sock");
        final byte[] f = frame(BROADCAST, mac(3), 100);
        c.send(f);
        assertArrayEquals(f, b.receive(2000), "the switch keeps forwarding for the others");
    }

    @Test
    void shouldReapAPeerThatStopsReadingAndKeepForwardingForTheOthers() throws Exception {
        final DgramPeer deaf = peer("deaf.sock");
        final DgramPeer b = peer("b.sock");
        final DgramPeer c = peer("c.sock");
        deaf.send(frame(BROADCAST, mac(1), 60));
        b.send(frame(BROADCAST, mac(2), 60));
        c.send(frame(BROADCAST, mac(3), 60));
        waitUntil(() -> dgramEndpoints() == 3, 2000);
        while (b.receive(100) != null | c.receive(0) != null) {
            // the announcements
        }
        final byte[] toDeaf = frame(mac(1), mac(2), 1400);
        for (int i = 0; i < 3000 && dgramEndpoints() == 3; i++) {
            b.send(toDeaf);
            if (i % 100 == 0) {
                Thread.sleep(5);
            }
        }
        waitUntil(() -> dgramEndpoints() == 2, 5000);
        assertTrue(log.stream().anyMatch(l -> l.contains("closed: peer stopped reading")), log.toString());
        final byte[] f = frame(mac(2), mac(3), 100);
        c.send(f);
        assertArrayEquals(f, b.receive(2000), "the others keep forwarding");
    }

    @Test
    void shouldDropATruncatedDatagramAsOversize() throws Exception {
        final DgramPeer a = peer("a.sock");
        final DgramPeer b = peer("b.sock");
        b.send(frame(BROADCAST, mac(2), 60));
        a.send(frame(BROADCAST, mac(1), 60));
        assertTrue(b.receive(2000) != null);
        a.send(frame(BROADCAST, mac(1), 12_000));
        final byte[] next = frame(BROADCAST, mac(1), 70);
        a.send(next);
        assertArrayEquals(next, b.receive(2000));
        final int port = sw.call(c -> c.endpoints().stream().filter(e -> e.description().contains("a.sock"))
            .findFirst().orElseThrow().port());
        assertEquals(1L, (long) sw.call(c -> c.port(port).drops(DropReason.OVERSIZE)));
    }

    @Test
    void shouldForwardDatagramsWithoutAllocatingOnTheLoopThread() throws Exception {
        final DgramPeer a = peer("a.sock");
        final DgramPeer b = peer("b.sock");
        a.send(frame(BROADCAST, mac(1), 60));
        b.send(frame(BROADCAST, mac(2), 60));
        assertTrue(a.receive(2000) != null);
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long loop = sw.loopThreadId();
        final byte[] ab = frame(mac(2), mac(1), 200);
        final byte[] ba = frame(mac(1), mac(2), 200);
        final long[] allocated = new long[4];
        for (int round = 0; round < allocated.length; round++) {
            final long before = mx.getThreadAllocatedBytes(loop);
            for (int i = 0; i < 3000; i++) {
                a.send(ab);
                b.send(ba);
                b.receive(2000);
                a.receive(2000);
            }
            allocated[round] = mx.getThreadAllocatedBytes(loop) - before;
        }
        assertEquals(0, Arrays.stream(allocated, 1, allocated.length).min().getAsLong(),
            "bytes allocated by the loop thread per round of 6,000 forwarded frames: " + Arrays.toString(allocated));
    }

    /** Restarts the switch of {@link #configure} with another stall timeout. */
    private void restart(final int stallMillis) throws Exception {
        restart(b -> configure(b).stallTimeoutMillis(stallMillis));
    }

    private static byte[] numbered(final byte[] f, final int seq) {
        f[14] = (byte) (seq >>> 24);
        f[15] = (byte) (seq >>> 16);
        f[16] = (byte) (seq >>> 8);
        f[17] = (byte) seq;
        return f;
    }

    private static int number(final byte[] f) {
        return (f[14] & 0xff) << 24 | (f[15] & 0xff) << 16 | (f[16] & 0xff) << 8 | (f[17] & 0xff);
    }

    /** Sends {@code count} numbered frames from {@code p} on a thread of its own (the sends block when held back). */
    private static Thread sender(final DgramPeer p, final long dst, final long src, final int count,
                                 final List<String> errors) {
        final Thread t = new Thread(() -> {
            final byte[] f = frame(dst, src, 1000);
            for (int i = 0; i < count; i++) {
                final int r = p.send(numbered(f, i));
                if (r < 0) {
                    errors.add("send " + i + ": errno " + -r);
                    return;
                }
            }
        }, "dgram-sender");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void shouldHoldBackADgramSenderForASlowReceiverAndLoseNothing() throws Exception {
        restart(10_000); // the reader's pauses are far shorter: it is slow, not stalled
        final VdeClient slow = vdeClient("slow");
        final DgramPeer a = peer("a.sock");
        slow.send(frame(BROADCAST, mac(9), 60)); // learned on the slow reader's port
        a.send(frame(BROADCAST, mac(1), 60));
        waitUntil(() -> dgramEndpoints() == 1, 2000);
        while (received(slow, 100) != null) {
            // a's announcement
        }
        final int count = 6000; // 6 MB: far more than the sockets and the overflow queue hold together
        final List<String> errors = new CopyOnWriteArrayList<>();
        final Thread t = sender(a, mac(9), mac(1), count, errors);
        int got = 0;
        final byte[] buf = new byte[16_384];
        while (got < count) {
            final int n = slow.receive(buf, 5000);
            if (n < 0) {
                break;
            }
            assertEquals(got, number(buf), "frames arrive in order, none lost");
            got++;
            if (got % 16 == 0) {
                Thread.sleep(1); // a slow reader
            }
        }
        t.join(5000);
        assertEquals(List.of(), errors);
        assertEquals(count, got, "frames in = frames out " + log);
        final int slowPort = slow.port();
        final int aPort = portOf("a.sock");
        assertEquals(0L, (long) sw.call(c -> c.port(slowPort).drops(DropReason.EGRESS_QUEUE_FULL)));
        assertEquals(0L, (long) sw.call(c -> c.port(slowPort).drops(DropReason.EGRESS_STALLED)));
        assertEquals((long) count + 1, (long) sw.call(c -> c.port(aPort).inPackets));
    }

    @Test
    void shouldReleaseTheDgramSocketWhenTheReceiverStalls() throws Exception {
        restart(300);
        final VdeClient deaf = vdeClient("deaf"); // never reads
        final DgramPeer a = peer("a.sock");
        final DgramPeer b = peer("b.sock");
        final DgramPeer c = peer("c.sock");
        deaf.send(frame(BROADCAST, mac(9), 60));
        a.send(frame(BROADCAST, mac(1), 60));
        b.send(frame(BROADCAST, mac(2), 60));
        c.send(frame(BROADCAST, mac(3), 60));
        waitUntil(() -> dgramEndpoints() == 3, 2000);
        while (b.receive(100) != null | c.receive(0) != null) {
            // the announcements
        }
        final int count = 4000;
        final List<String> errors = new CopyOnWriteArrayList<>();
        final Thread t = sender(a, mac(9), mac(1), count, errors);
        t.join(30_000);
        assertTrue(!t.isAlive(), "the sender was held back for good " + log);
        assertEquals(List.of(), errors);
        assertTrue(log.stream().anyMatch(l -> l.contains("receiver made no progress for 300 ms")), log.toString());
        final int deafPort = deaf.port();
        waitUntil(() -> sw.call(x -> x.port(deafPort).drops(DropReason.EGRESS_STALLED)) > 0, 5000);
        final byte[] f = frame(mac(3), mac(2), 100);
        b.send(f);
        assertArrayEquals(f, c.receive(2000), "the dgram socket is read again: the others keep forwarding");
        assertEquals(3, dgramEndpoints());
    }

    @Test
    void shouldDropAMegabyteOfGarbageFromOnePeerAndKeepForwardingForTheOthers() throws Exception {
        final DgramPeer junk = peer("junk.sock");
        final DgramPeer b = peer("b.sock");
        final DgramPeer c = peer("c.sock");
        b.send(frame(BROADCAST, mac(2), 60));
        c.send(frame(BROADCAST, mac(3), 60));
        waitUntil(() -> dgramEndpoints() == 2, 2000);
        while (b.receive(100) != null | c.receive(0) != null) {
            // the announcements
        }
        final long seed = System.nanoTime();
        final java.util.Random random = new java.util.Random(seed);
        final List<Integer> sizes = new ArrayList<>(List.of(0, 1, 13, 70_000)); // the edges, then random ones
        for (int total = 70_014; total < 1 << 20; ) {
            final int n = random.nextInt(70_001);
            sizes.add(n);
            total += n;
        }
        long nonEmpty = 0;
        long runts = 0;
        long oversize = 0;
        for (final int n : sizes) {
            final byte[] g = new byte[n];
            random.nextBytes(g);
            assertEquals(n, junk.send(g), "size " + n + " seed " + seed);
            nonEmpty += n > 0 ? 1 : 0;
            runts += n > 0 && n < 14 ? 1 : 0;
            oversize += n > 9234 ? 1 : 0;
            final byte[] f = frame(mac(3), mac(2), 100);
            b.send(f); // the others keep forwarding between the bad datagrams
            assertTrue(receivedFrom(c, f), "b to c after " + n + " bytes of garbage, seed " + seed + " " + log);
            while (b.receive(0) != null) {
                // flooded garbage: b keeps reading, so it is never reaped as a peer that stopped
            }
        }
        waitUntil(() -> dgramEndpoints() == 3, 2000);
        final int port = portOf("junk.sock");
        final long in = nonEmpty;
        waitUntil(() -> sw.call(x -> x.port(port).inPackets) == in, 2000); // every datagram counted once
        assertEquals(oversize, (long) sw.call(x -> x.port(port).drops(DropReason.OVERSIZE)), "seed " + seed);
        assertEquals(runts, (long) sw.call(x -> x.port(port).drops(DropReason.RUNT)), "seed " + seed);
    }

    /** Whether {@code f} reaches {@code p} within 2 s, past flooded garbage. */
    private static boolean receivedFrom(final DgramPeer p, final byte[] f) {
        for (int i = 0; i < 1000; i++) {
            final byte[] r = p.receive(2000);
            if (r == null) {
                return false;
            }
            if (Arrays.equals(f, r)) {
                return true;
            }
        }
        return false;
    }
}
