package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.testsupport.DgramPeer;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
class DgramTransportTest {
    @TempDir
    Path tmp;
    Path dir;
    Path dgram;
    VdeSwitch sw;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> peers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dir = tmp.resolve("sw");
        dgram = tmp.resolve("dgram.sock");
        sw = VdeSwitch.start(SwitchSettings.builder(dir).dgrams(List.of(dgram.toString())).build(), log::add);
    }

    @AfterEach
    void stop() throws Exception {
        for (final AutoCloseable p : peers) {
            p.close();
        }
        if (sw != null) {
            sw.close();
        }
    }

    private DgramPeer peer(final String name) {
        final DgramPeer p = DgramPeer.open(tmp.resolve(name), dgram);
        peers.add(p);
        return p;
    }

    private int dgramEndpoints() {
        return sw.call(c -> (int) c.endpoints().stream().filter(e -> e.module().equals("dgram")).count());
    }

    private static long mac(final int n) {
        return 0x0200_0000_0200L | n;
    }

    @Test
    void shouldGiveEachSenderItsOwnPortAndAnswerItAtItsAddress() throws Exception {
        final DgramPeer a = peer("a.sock");
        final DgramPeer b = peer("b.sock");
        final VdeClient v = VdeClient.connect(dir, "v");
        peers.add(v);
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
        assertTrue(desc.startsWith("dgram unix:" + dgram + " peer " + tmp.resolve("a.sock")), desc);
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
}
