package io.jvde.sw.engine;

import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jvde.sw.engine.SwitchEngineTest.BROADCAST;
import static io.jvde.sw.engine.SwitchEngineTest.frame;
import static io.jvde.sw.engine.SwitchEngineTest.received;
import static io.jvde.sw.engine.SwitchEngineTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two switches joined by a link: one listens ({@code --stream}), the other connects ({@code --link}). */
@Timeout(60)
class StreamLinkTest {
    @TempDir
    Path tmp;
    Path stream;
    VdeSwitch listening;
    VdeSwitch linking;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<VdeClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        stream = tmp.resolve("a.stream");
        listening = startListening();
        linking = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("b"))
            .links(List.of(StreamAddress.parse("stream:" + stream))).build(), l -> log.add("b: " + l));
    }

    private VdeSwitch startListening() throws SwitchStartException {
        return VdeSwitch.start(SwitchSettings.builder(tmp.resolve("a"))
            .streams(List.of(StreamAddress.parse(stream.toString()))).build(), l -> log.add("a: " + l));
    }

    @AfterEach
    void stop() {
        clients.forEach(VdeClient::close);
        if (linking != null) {
            linking.close();
        }
        if (listening != null) {
            listening.close();
        }
    }

    private VdeClient client(final String sw, final String name) throws Exception {
        final VdeClient c = VdeClient.connect(tmp.resolve(sw), name);
        clients.add(c);
        return c;
    }

    private static final long MAC_A = 0x0200_0000_0A0AL;
    private static final long MAC_B = 0x0200_0000_0B0BL;

    private String linkState() {
        return linking.call(c -> {
            for (int i = 0; i < c.portCount(); i++) {
                final String s = c.portLink(i);
                if (s != null) {
                    return s;
                }
            }
            return null;
        });
    }

    /** A frame from a through the link to b, and back, with an 802.1Q tag kept on the way. */
    private void assertLinked(final VdeClient a, final VdeClient b, final int round) {
        final byte[] fa = frame(BROADCAST, MAC_A, 100 + round);
        a.send(fa);
        assertArrayEquals(fa, received(b, 3000), "a -> b over the link, round " + round + ": " + log);
        final byte[] fb = frame(MAC_A, MAC_B, 1514);
        b.send(fb);
        assertArrayEquals(fb, received(a, 3000), "b -> a unicast, round " + round);
        final byte[] tagged = frame(BROADCAST, MAC_B, 120);
        tagged[12] = (byte) 0x81;
        tagged[13] = 0;
        tagged[14] = 0x00;
        tagged[15] = 100; // VID 100, not a defined VLAN: transparent ports carry it tagged
        tagged[16] = (byte) 0x88;
        tagged[17] = (byte) 0xb5;
        b.send(tagged);
        assertArrayEquals(tagged, received(a, 3000), "the VLAN tag crosses the link unchanged");
    }

    @Test
    void shouldJoinTwoSwitchesIntoOneSegmentAndReconnectWhenTheListeningSwitchRestarts() throws Exception {
        waitUntil(() -> linkState() != null && linkState().endsWith("connected"), 5000);
        assertEquals("link unix:" + stream + " connected", linkState());
        final VdeClient a = client("a", "a");
        final VdeClient b = client("b", "b");
        assertLinked(a, b, 0);
        listening.close();
        clients.remove(a);
        a.close();
        waitUntil(() -> linkState().contains("reconnecting"), 5000);
        Thread.sleep(1000); // several refused attempts: the back-off grows
        listening = startListening();
        waitUntil(() -> linkState().endsWith("connected"), 10_000);
        final VdeClient a2 = client("a", "a2");
        assertLinked(a2, b, 1);
        assertTrue(log.stream().anyMatch(l -> l.contains("connected again")), log.toString());
        assertEquals(1, log.stream().filter(l -> l.contains("cannot connect")).count(),
            "refused attempts are logged once per reason: " + log);
    }

    @Test
    void shouldReportLinkUpDownWhenTheListenerClosesAndUpAgainOnceEachWithoutRetryNoise() throws Exception {
        listening.close();
        waitUntil(() -> linkState() != null && linkState().contains("reconnecting"), 5000);
        final List<String> events = new CopyOnWriteArrayList<>();
        linking.call(c -> {
            c.setEvents(new io.jvde.sw.observe.SwitchEvents() {
                @Override
                public void link(final int port, final String kind, final String peer, final boolean up,
                                 final String reason) {
                    events.add(kind + " " + peer + (up ? " up" : " down"));
                }
            });
            return null;
        });
        Thread.sleep(500); // refused attempts: no event each
        listening = startListening();
        waitUntil(() -> events.size() == 1, 10_000);
        listening.close();
        waitUntil(() -> events.size() == 2, 10_000);
        Thread.sleep(500);
        listening = startListening();
        waitUntil(() -> events.size() == 3, 10_000);
        final String peer = "link unix:" + stream;
        assertEquals(List.of(peer + " up", peer + " down", peer + " up"), events);
        final int port = linking.call(c -> {
            for (int i = 0; i < c.portCount(); i++) {
                if (c.portLink(i) != null) {
                    return i;
                }
            }
            return -1;
        });
        assertEquals(0, (int) linking.call(c -> c.disconnectPort(port)));
        assertEquals(List.of(peer + " up", peer + " down", peer + " up", peer + " down"), events,
            "port/disconnect reports the link down");
    }

    @Test
    void shouldConnectAndDisconnectAPortFromTheConsoleOverTcp() throws Exception {
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        final VdeSwitch tcp = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("t"))
            .streams(List.of(StreamAddress.parse("tcp:127.0.0.1:" + port))).build(), l -> log.add("t: " + l));
        try {
            assertEquals(0, (int) linking.call(c -> c.connectPort(5, "tcp:127.0.0.1:" + port)));
            assertEquals(io.jvde.sw.Errno.EEXIST.code(), (int) linking.call(c -> c.connectPort(5, "tcp:127.0.0.1:1")));
            assertEquals(io.jvde.sw.Errno.EINVAL.code(), (int) linking.call(c -> c.connectPort(6, "tcp:nowhere")));
            final String connected = "link tcp:127.0.0.1:" + port + " connected";
            waitUntil(() -> connected.equals(linking.call(c -> c.portLink(5))), 5000);
            final VdeClient t = VdeClient.connect(tmp.resolve("t"), "t");
            clients.add(t);
            final VdeClient b = client("b", "b");
            final byte[] f = frame(BROADCAST, MAC_B, 64);
            b.send(f);
            assertArrayEquals(f, received(t, 3000), "over the TCP link");
            assertEquals("link", linking.call(c -> c.port(5).endpoint(0).module()));
            assertEquals(0, (int) linking.call(c -> c.disconnectPort(5)));
            assertNull(linking.call(c -> c.portLink(5)));
            assertEquals(0, (int) linking.call(c -> c.port(5).endpointCount()));
            assertEquals(io.jvde.sw.Errno.ENXIO.code(), (int) linking.call(c -> c.disconnectPort(5)));
            waitUntil(() -> tcp.call(c -> (int) c.endpoints().stream().filter(e -> e.module().equals("stream"))
                .count()) == 0, 5000);
        } finally {
            tcp.close();
        }
    }
}
