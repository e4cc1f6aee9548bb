package io.jvde.app.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvde.app.console.ConsoleSession;
import io.jvde.app.console.DebugBus;
import io.jvde.app.console.LineSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub's numbering, its console form, its rate limit; the metrics address rule; capture requests. */
@Timeout(30)
class EventHubTest {
    final DebugBus bus = new DebugBus();
    final EventHub hub = new EventHub(bus);
    final List<String> consoleLines = new CopyOnWriteArrayList<>();
    final List<String> streamLines = new CopyOnWriteArrayList<>();

    ConsoleSession session(final String... categories) {
        final ConsoleSession s = new ConsoleSession(ConsoleSession.Kind.MGMT);
        s.asyncSender(new LineSender("test-console", 100, consoleLines::add, null, null));
        s.debugCategories().addAll(List.of(categories));
        bus.join(s);
        return s;
    }

    static void await(final List<String> lines, final int n) throws InterruptedException {
        for (int i = 0; i < 500 && lines.size() < n; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void shouldDeliverVdeSwitchsAsynchronousFormToSubscribedSessionsOnly() throws Exception {
        session("port/ep/+", "hash/+");
        hub.endpointConnected(5, 3, "unix", "vdeplug: user=root pid=42");
        hub.portCreated(6); // not subscribed: port/+
        hub.macLearned(0, 0x0200_0000_0044L, 1);
        await(consoleLines, 2);
        assertEquals(List.of("3031 port/ep/+ Port 05 FD  3\n", "3011 hash/+ 02:00:00:00:00:44 VLAN 00:00 Port 1\n"),
            consoleLines);
    }

    @Test
    void shouldNumberEventsAndRateLimitMacEventsWithASuppressedCount() throws Exception {
        final LineSender stream = new LineSender("test-stream", 10_000, streamLines::add, null, null);
        streamLines.clear();
        hub.subscribe(stream, emptyControl());
        final int burst = (int) EventHub.MAC_BURST;
        for (int i = 0; i < burst + 100; i++) {
            hub.macLearned(0, 0x0200_0000_0000L + i, 1);
        }
        hub.endpointConnected(7, 9, "unix", "vdeplug: user=root pid=4242");
        Thread.sleep(50); // tokens refill at 100/s: the next MAC event passes and reports what was left out
        hub.macLearned(0, 0x0200_0000_FFFFL, 2);
        await(streamLines, burst + 2);
        Thread.sleep(100);
        final ObjectMapper json = new ObjectMapper();
        final List<JsonNode> events = streamLines.stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).path("seq").asLong(), "seq from 1 without gaps: " + events.get(i));
            assertTrue(events.get(i).path("time").asText().endsWith("Z"));
        }
        // every MAC event is either delivered or counted in the next delivered one's "suppressed"
        long macEvents = 0;
        long suppressed = 0;
        for (final JsonNode e : events) {
            if (e.path("event").asText().equals("mac.learned")) {
                macEvents++;
                suppressed += e.path("suppressed").asLong();
            }
        }
        assertEquals(burst + 101, macEvents + suppressed, "delivered + suppressed");
        assertTrue(macEvents < burst + 101, "the limit held some back: " + macEvents);
        final JsonNode ep = events.stream().filter(e -> e.path("event").asText().equals("endpoint.connected"))
            .findFirst().orElseThrow();
        assertEquals(4242, ep.path("pid").asLong());
        final JsonNode last = events.get(events.size() - 1);
        assertEquals("mac.learned", last.path("event").asText());
        assertTrue(last.path("suppressed").asLong() > 0, last.toString());
        stream.close();
    }

    @Test
    void shouldStreamLinkUpAndDownWithPortPeerAndReason() throws Exception {
        final LineSender stream = new LineSender("test-stream", 100, streamLines::add, null, null);
        hub.subscribe(stream, emptyControl());
        hub.link(4, "link", "tcp:127.0.0.1:9", true, null);
        hub.link(4, "link", "tcp:127.0.0.1:9", false, "lost; reconnecting");
        await(streamLines, 2);
        final ObjectMapper json = new ObjectMapper();
        final JsonNode up = json.readTree(streamLines.get(0));
        final JsonNode down = json.readTree(streamLines.get(1));
        assertEquals("link.up", up.path("event").asText());
        assertEquals(4, up.path("port").asInt());
        assertEquals("link", up.path("link").asText());
        assertEquals("tcp:127.0.0.1:9", up.path("peer").asText());
        assertTrue(up.path("reason").isMissingNode(), up.toString());
        assertEquals("link.down", down.path("event").asText());
        assertEquals("lost; reconnecting", down.path("reason").asText());
        stream.close();
    }

    @Test
    void shouldRefuseANonLoopbackMetricsAddressUnlessPublic() {
        assertEquals("127.0.0.1", MetricsServer.parse("9786", false).getAddress().getHostAddress());
        assertEquals(9786, MetricsServer.parse("[::1]:9786", false).getPort());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MetricsServer.parse("0.0.0.0:9786", false));
        assertTrue(e.getMessage().contains("--metrics-public"), e.getMessage());
        assertEquals(9786, MetricsServer.parse("0.0.0.0:9786", true).getPort());
        assertThrows(IllegalArgumentException.class, () -> MetricsServer.parse("127.0.0.1:http", false));
    }

    @Test
    void shouldParseCaptureRequests() {
        final CaptureRequest r = CaptureRequest.parse("ports=1,3 vlans=10", 32);
        assertEquals("ports=1,3 vlans=10", r.line());
        assertEquals(null, CaptureRequest.parse("", 32).ports());
        assertThrows(IllegalArgumentException.class, () -> CaptureRequest.parse("ports=40", 32));
        assertThrows(IllegalArgumentException.class, () -> CaptureRequest.parse("bogus", 32));
    }

    /** A switch with no ports: the snapshot is empty. */
    static io.jvde.sw.engine.SwitchControl emptyControl() {
        return (io.jvde.sw.engine.SwitchControl) java.lang.reflect.Proxy.newProxyInstance(
            EventHubTest.class.getClassLoader(), new Class<?>[] {io.jvde.sw.engine.SwitchControl.class},
            (proxy, method, args) -> method.getName().equals("portCount") ? 0 : null);
    }
}
