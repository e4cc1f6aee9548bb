package io.jvde.app.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.Console;
import io.jvde.app.console.ConsoleSession;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.sw.vxlan.VxlanSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jvde ctl --json vxlan/print}: the uplink's settings, peers and counters as one JSON document. */
@Timeout(60)
class VxlanJsonTest {
    @TempDir
    Path tmp;

    @Test
    void vxlanPrintAsJsonHasTheLocalAddressVnisAndEveryPeerWithItsPort() throws Exception {
        final int udp;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            udp = s.getLocalPort();
        }
        final VdeSwitch sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).vxlan(VxlanSettings.builder()
            .local("127.0.0.1:" + udp).peer("127.0.0.2:" + udp).vni("5=0").build()).build(), l -> { });
        final CommandRegistry registry = new CommandRegistry();
        final AutoCloseable o = new Observability(null, null, 1 << 16, null).start(RunningSwitch.of(sw), registry,
            l -> { });
        try {
            final int port = sw.call(c -> c.vxlan().addPeer("127.0.0.3:" + udp));
            final String out = new Console(registry, l -> { }, () -> { }).execute("json/vxlan/print",
                new ConsoleSession(ConsoleSession.Kind.MGMT));
            assertTrue(out.endsWith("1000 Success\n"), out);
            final String line = out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
            final JsonNode v = new ObjectMapper().readTree(line);
            assertEquals("127.0.0.1:" + udp, v.path("local").asText());
            assertEquals(5, v.path("vnis").get(0).path("vni").asInt());
            assertEquals(0, v.path("vnis").get(0).path("vlan").asInt());
            assertTrue(line.contains("\"vnis\":[{\"vni\":5,\"vlan\":0}]"), "keys in a fixed order: " + line);
            assertEquals(2, v.path("peers").size(), line);
            final JsonNode added = v.path("peers").get(1);
            assertEquals("127.0.0.3", added.path("address").asText());
            assertEquals(udp, added.path("udp_port").asInt());
            assertEquals("static", added.path("kind").asText());
            assertEquals(port, added.path("port").asInt());
            assertEquals(0, added.path("rx_frames").asLong());
            assertTrue(v.path("macs").isArray() && v.path("drops").isObject(), line);
        } finally {
            o.close();
            sw.close();
        }
    }
    @Test
    void vxlanDropsAreMetricsByReason() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            final int udp;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                udp = s.getLocalPort();
            }
            final VdeSwitch sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).vxlan(VxlanSettings
                .builder().local("127.0.0.1:" + udp).peer("127.0.0.2:" + udp).build()).build(), l -> { });
            final Observability o = new Observability(null, null, 1 << 16,
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            final AutoCloseable closing = o.start(RunningSwitch.of(sw), new CommandRegistry(), l -> { });
            try {
                peer.send(new java.net.DatagramPacket(new byte[3], 3, new InetSocketAddress("127.0.0.1", udp)));
                final long deadline = System.nanoTime() + 5_000_000_000L;
                String metrics = VlanFloodMetricsTest.get(o.metricsAddress(), "/metrics");
                while (!metrics.contains("jvde_vxlan_drops_total{reason=\"truncated\"} 1")
                    && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    metrics = VlanFloodMetricsTest.get(o.metricsAddress(), "/metrics");
                }
                assertTrue(metrics.contains("jvde_vxlan_drops_total{reason=\"truncated\"} 1"), metrics);
            } finally {
                closing.close();
                sw.close();
            }
        }
    }
}
