package io.jvde.app.dhcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.LineSender;
import io.jvde.app.observe.Observability;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DHCP glue seen from outside: lease events with the client's host name, a lease that runs out reported once as
 * {@code lease.expired} (a controlled clock moves past it; the DHCP port's tick notices), and the scopes and leases in
 * {@code /status}.
 */
@Timeout(60)
class DhcpObserveTest {
    static final long NOW = 1_700_000_000_000L;
    static final String MAC = "52:54:00:12:34:56";

    @TempDir
    Path tmp;
    VdeSwitch sw;
    Observability observe;
    final List<AutoCloseable> closing = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(NOW);
    final List<String> lines = new CopyOnWriteArrayList<>();
    final ObjectMapper json = new ObjectMapper();
    VdeClient client;

    @BeforeEach
    void start() throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), l -> { });
        final CommandRegistry registry = new CommandRegistry();
        observe = new Observability(null, null, 1 << 16, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        closing.add(observe.start(RunningSwitch.of(sw), registry, l -> { }));
        final DhcpSettings settings = DhcpSettings.builder()
            .scope(Scope.builder(0, "10.86.68.0/24").name("default").range("10.86.68.10", "10.86.68.20")
                .leaseTime(120).build())
            .build();
        closing.add(new DhcpExtension(settings, LeaseFile.memoryOnly(), clock::get).start(RunningSwitch.of(sw),
            registry, l -> { }));
        final LineSender stream = new LineSender("test-events", 1000, lines::add, null, null);
        closing.add(stream::close);
        sw.call(c -> {
            observe.hub().subscribe(stream, c);
            return null;
        });
        client = VdeClient.connect(tmp.resolve("sw"), "client");
        closing.add(client);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        sw.close();
    }

    /** DISCOVER and REQUEST, both with option 12; returns the leased address. */
    String lease(final String hostname) {
        client.send(ClientFrame.discover(MAC).xid(0x42).hostname(hostname).frame());
        final ReplyView offer = DhcpPortTest.reply(client, 0x42);
        assertNotNull(offer, "an OFFER");
        final String ip = Bytes.ip(offer.yiaddr);
        client.send(ClientFrame.request(MAC).xid(0x42).requestedIp(ip).serverId(Bytes.ip(offer.optionInt(54)))
            .hostname(hostname).frame());
        assertNotNull(DhcpPortTest.reply(client, 0x42), "an ACK");
        return ip;
    }

    JsonNode event(final String type) throws Exception {
        for (int i = 0; i < 500; i++) {
            for (final String l : lines) {
                final JsonNode e = json.readTree(l);
                if (e.path("event").asText().equals(type)) {
                    return e;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type + " event in " + lines);
    }

    long count(final String type) throws Exception {
        long n = 0;
        for (final String l : lines) {
            n += json.readTree(l).path("event").asText().equals(type) ? 1 : 0;
        }
        return n;
    }

    @Test
    void leaseEventsCarryTheHostNameAndAnExpiryIsReportedOnceWithThePortItWasBoundOn() throws Exception {
        final String ip = lease("web-1");
        final JsonNode offered = event("lease.offered");
        final JsonNode bound = event("lease.bound");
        assertEquals("web-1", offered.path("hostname").asText());
        assertEquals("web-1", bound.path("hostname").asText());
        assertEquals(ip, bound.path("ip").asText());
        assertEquals(0, count("lease.expired"));
        clock.addAndGet(121_000); // past the 120 s lease; the port's next tick (about 20 ms) notices
        final JsonNode expired = event("lease.expired");
        assertEquals(MAC, expired.path("mac").asText());
        assertEquals(ip, expired.path("ip").asText());
        assertEquals(0, expired.path("vlan").asInt());
        assertEquals(client.port(), expired.path("port").asInt());
        assertEquals("web-1", expired.path("hostname").asText());
        assertEquals("default", expired.path("scope").asText());
        Thread.sleep(200); // ten more ticks
        assertEquals(1, count("lease.expired"), "reported once: " + lines);
    }

    @Test
    void statusShowsTheScopesWithPoolSizeAndFreeAddressesAndTheLeases() throws Exception {
        final String ip = lease("db-1");
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + observe.metricsAddress().getPort() + "/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        final JsonNode status = json.readTree(r.body());
        final JsonNode dhcp = status.path("dhcp");
        assertTrue(status.path("ports").isArray(), r.body());
        final JsonNode scope = dhcp.path("scopes").get(0);
        assertNotNull(scope, r.body());
        assertEquals("default", scope.path("name").asText());
        assertEquals(11, scope.path("pool_size").asInt());
        assertEquals(10, scope.path("free").asInt());
        assertEquals(1, scope.path("bound").asInt());
        final JsonNode lease = dhcp.path("leases").get(0);
        assertNotNull(lease, r.body());
        assertEquals(ip, lease.path("ip").asText());
        assertEquals(MAC, lease.path("mac").asText());
        assertEquals("bound", lease.path("state").asText());
        assertEquals("db-1", lease.path("hostname").asText());
    }
}
