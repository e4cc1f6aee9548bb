package io.jvde.app.observe;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;
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
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jvde_vlan_floods_total}: the forwarding decision's per-VLAN flood counter, read at scrape time. */
@Timeout(60)
class VlanFloodMetricsTest {
    @TempDir
    Path tmp;

    static String get(final InetSocketAddress at, final String path) throws Exception {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + at.getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static long floods(final String metrics, final int vlan) {
        final Matcher m = Pattern.compile("(?m)^jvde_vlan_floods_total\\{vlan=\"" + vlan + "\"\\} ([0-9.Ee+]+)$")
            .matcher(metrics);
        assertTrue(m.find(), "a flood counter for vlan " + vlan + ":\n" + metrics);
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void broadcastTrafficRaisesTheFloodCountOfItsVlanOnly() throws Exception {
        final VdeSwitch sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), l -> { });
        final Observability o = new Observability(null, null, 1 << 16,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final AutoCloseable closing = o.start(RunningSwitch.of(sw), new CommandRegistry(), l -> { });
        try (VdeClient a = VdeClient.connect(tmp.resolve("sw"), "a");
             VdeClient b = VdeClient.connect(tmp.resolve("sw"), "b")) {
            sw.call(c -> c.vlanTable().create(10));
            final long before = floods(get(o.metricsAddress(), "/metrics"), 0);
            final byte[] frame = new byte[60];
            Arrays.fill(frame, 0, 6, (byte) 0xFF);
            frame[6] = 0x02;
            frame[11] = 0x0A;
            frame[12] = 0x08;
            for (int i = 0; i < 25; i++) {
                a.send(frame);
            }
            final byte[] in = new byte[2048];
            int received = 0;
            for (int i = 0; i < 200 && received < 25; i++) {
                if (b.receive(in, 100) > 0) {
                    received++;
                }
            }
            assertEquals(25, received, "every broadcast reached b");
            final String after = get(o.metricsAddress(), "/metrics");
            assertEquals(before + 25, floods(after, 0), after);
            assertEquals(0, floods(after, 10), "nothing flooded in VLAN 10");
            assertTrue(get(o.metricsAddress(), "/status").contains("\"floods\":" + (before + 25)));
        } finally {
            closing.close();
            sw.close();
        }
    }
}
