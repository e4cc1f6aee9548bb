package io.jvde.app.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jvde.app.RunningSwitch;
import io.jvde.sw.forward.DropReason;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code --metrics ADDR:PORT}: Prometheus text format at {@code /metrics} (the official Java client: the engine's
 * counters as one {@link MultiCollector}, read through {@code call} at scrape time, plus JVM metrics), and the same
 * state as JSON at {@code /status}. Loopback only unless {@code --metrics-public}.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer http;

    private MetricsServer(final HttpServer http) {
        this.http = http;
    }

    /** Parses {@code [ADDR:]PORT}; refuses a non-loopback address unless {@code allowPublic}. */
    public static InetSocketAddress parse(final String spec, final boolean allowPublic) {
        final int colon = spec.lastIndexOf(':');
        final String host = colon < 0 ? "127.0.0.1" : spec.substring(0, colon);
        final String portText = colon < 0 ? spec : spec.substring(colon + 1);
        final int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics: '" + spec + "' (expected: [ADDR:]PORT, e.g. 127.0.0.1:9786)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--metrics: port " + port + " (expected: 0..65535)");
        }
        final InetAddress addr;
        try {
            addr = InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (IOException e) {
            throw new IllegalArgumentException("--metrics: '" + host + "' (expected: an IP address)");
        }
        if (!addr.isLoopbackAddress() && !allowPublic) {
            throw new IllegalArgumentException("--metrics: " + host + " is not a loopback address (the metrics show"
                + " the lab to anyone who can connect; add --metrics-public to serve it anyway)");
        }
        return new InetSocketAddress(addr, port);
    }

    /** Starts serving; {@code status} adds the DHCP part of /status (null: none). */
    public static MetricsServer start(final InetSocketAddress address, final RunningSwitch sw, final EventHub hub,
                                      final Supplier<Map<String, Object>> extra) throws IOException {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new EngineCollector(sw));
        registry.register(() -> { // what other modules (DHCP) added to the hub, read at scrape time
            final MetricSnapshots.Builder all = MetricSnapshots.builder();
            for (final MultiCollector c : hub.metrics()) {
                c.collect().forEach(all::metricSnapshot);
            }
            return all.build();
        });
        JvmMetrics.builder().register(registry);
        final HttpServer http = HttpServer.create(address, 16);
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/status", exchange -> status(exchange, sw, extra));
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "jvde-metrics");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return new MetricsServer(http);
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static void status(final HttpExchange exchange, final RunningSwitch sw,
                               final Supplier<Map<String, Object>> extra) throws IOException {
        final EngineStats s = sw.call(EngineStats::take);
        final StringBuilder b = new StringBuilder("{\"uptime_seconds\":").append(s.uptimeSeconds()).append(",\"ports\":[");
        for (int i = 0; i < s.ports().size(); i++) {
            final EngineStats.PortStats p = s.ports().get(i);
            final Map<String, Object> f = new LinkedHashMap<>();
            f.put("port", p.port());
            f.put("active", p.active());
            f.put("name", p.name());
            f.put("untagged_vlan", p.untaggedVlan());
            f.put("rx_frames", p.inPackets());
            f.put("rx_bytes", p.inBytes());
            f.put("tx_frames", p.outPackets());
            f.put("tx_bytes", p.outBytes());
            f.put("capture_drops", p.captureDrops());
            f.put("endpoints", String.join("; ", p.endpoints()));
            b.append(i > 0 ? "," : "").append(Json.object(f));
        }
        b.append("],\"vlans\":[");
        for (int i = 0; i < s.vlans().size(); i++) {
            final EngineStats.VlanStats v = s.vlans().get(i);
            b.append(i > 0 ? "," : "").append("{\"vlan\":").append(v.vid()).append(",\"ports\":")
                .append(java.util.Arrays.toString(v.members()).replace(" ", "")).append(",\"floods\":")
                .append(v.floods()).append('}');
        }
        b.append("],\"mac_table\":{\"entries\":").append(s.macEntries()).append(",\"capacity\":")
            .append(s.macCapacity()).append('}');
        if (extra != null) {
            for (final Map.Entry<String, Object> e : extra.get().entrySet()) {
                b.append(',');
                Json.string(b, e.getKey());
                b.append(':').append(e.getValue()); // already JSON
            }
        }
        b.append("}\n");
        final byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }

    /** The engine's counters, copied on the loop thread once per scrape. */
    private static final class EngineCollector implements MultiCollector {
        private final RunningSwitch sw;

        EngineCollector(final RunningSwitch sw) {
            this.sw = sw;
        }

        @Override
        public MetricSnapshots collect() {
            final EngineStats s = sw.call(EngineStats::take);
            final CounterSnapshot.Builder rxFrames = counter("jvde_port_rx_frames", "Frames received on the port");
            final CounterSnapshot.Builder rxBytes = counter("jvde_port_rx_bytes", "Bytes received on the port");
            final CounterSnapshot.Builder txFrames = counter("jvde_port_tx_frames", "Frames sent out of the port");
            final CounterSnapshot.Builder txBytes = counter("jvde_port_tx_bytes", "Bytes sent out of the port");
            final CounterSnapshot.Builder drops = counter("jvde_port_drops", "Frames dropped on the port, by reason");
            final CounterSnapshot.Builder capture = counter("jvde_port_capture_drops",
                "Frames a packet capture could not keep (its ring was full)");
            final GaugeSnapshot.Builder active = GaugeSnapshot.builder().name("jvde_port_active")
                .help("1 while the port has a client");
            for (final EngineStats.PortStats p : s.ports()) {
                final Labels l = Labels.of("port", Integer.toString(p.port()));
                rxFrames.dataPoint(point(l, p.inPackets()));
                rxBytes.dataPoint(point(l, p.inBytes()));
                txFrames.dataPoint(point(l, p.outPackets()));
                txBytes.dataPoint(point(l, p.outBytes()));
                capture.dataPoint(point(l, p.captureDrops()));
                active.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l)
                    .value(p.active() ? 1 : 0).build());
                for (final DropReason r : DropReason.values()) {
                    if (p.drops()[r.ordinal()] != 0) {
                        drops.dataPoint(point(Labels.of("port", Integer.toString(p.port()), "reason",
                            r.name().toLowerCase(java.util.Locale.ROOT)), p.drops()[r.ordinal()]));
                    }
                }
            }
            final CounterSnapshot.Builder floods = counter("jvde_vlan_floods",
                "Frames flooded in the VLAN (broadcast, multicast, unknown unicast)");
            for (final EngineStats.VlanStats v : s.vlans()) {
                floods.dataPoint(point(Labels.of("vlan", Integer.toString(v.vid())), v.floods()));
            }
            final CounterSnapshot.Builder vxlanDrops = counter("jvde_vxlan_drops",
                "VXLAN datagrams and frames the uplink dropped, by reason (rcvbuf_overflow: dropped by the kernel at "
                    + "the full tunnel socket)");
            for (final Map.Entry<String, Long> d : s.vxlanDrops().entrySet()) {
                vxlanDrops.dataPoint(point(Labels.of("reason", d.getKey()), d.getValue()));
            }
            final MetricSnapshots.Builder all = MetricSnapshots.builder();
            if (!s.vxlanDrops().isEmpty()) {
                all.metricSnapshot(vxlanDrops.build());
            }
            return all
                .metricSnapshot(floods.build())
                .metricSnapshot(rxFrames.build()).metricSnapshot(rxBytes.build())
                .metricSnapshot(txFrames.build()).metricSnapshot(txBytes.build())
                .metricSnapshot(drops.build()).metricSnapshot(capture.build()).metricSnapshot(active.build())
                .metricSnapshot(gauge("jvde_mac_table_entries", "MAC table entries", s.macEntries()))
                .metricSnapshot(gauge("jvde_mac_table_capacity", "MAC table capacity", s.macCapacity()))
                .metricSnapshot(single("jvde_mac_learned", "MAC entries learned", s.macLearned()))
                .metricSnapshot(single("jvde_mac_moved", "MAC entries moved to another port", s.macMoved()))
                .metricSnapshot(single("jvde_mac_evictions", "MAC entries evicted by a full table", s.macEvicted()))
                .metricSnapshot(single("jvde_mac_expired", "MAC entries aged out", s.macExpired()))
                .metricSnapshot(single("jvde_mac_refused", "MAC entries refused by a port's limit", s.macRefused()))
                .metricSnapshot(gauge("jvde_vlans", "VLANs defined", s.vlans().size()))
                .metricSnapshot(gauge("jvde_uptime_seconds", "Seconds since the switch started", s.uptimeSeconds()))
                .build();
        }

        private static CounterSnapshot.Builder counter(final String name, final String help) {
            return CounterSnapshot.builder().name(name).help(help);
        }

        private static CounterSnapshot.CounterDataPointSnapshot point(final Labels labels, final long value) {
            return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
        }

        private static CounterSnapshot single(final String name, final String help, final long value) {
            return counter(name, help).dataPoint(point(Labels.EMPTY, value)).build();
        }

        private static GaugeSnapshot gauge(final String name, final String help, final double value) {
            return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
        }
    }
}
