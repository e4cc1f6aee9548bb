package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.guard.DhcpGuard;
import io.jvde.dhcp.guard.GuardDropReason;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.relay.RelayAgent;
import io.jvde.dhcp.relay.RelayDropReason;
import io.jvde.dhcp.server.DhcpCounters;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpResponder;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The DHCP server's, relay's and guard's own counters for {@code --metrics}, read on the loop thread once per
 * scrape: per scope active leases, pool size and free addresses; exchanges by kind (NAKs and declines among them);
 * drops by reason; relayed messages and relay drops; guard drops.
 */
final class DhcpMetrics implements MultiCollector {
    private final RunningSwitch sw;
    private final DhcpPort port;
    private final LongSupplier clock;

    DhcpMetrics(final RunningSwitch sw, final DhcpPort port, final LongSupplier clock) {
        this.sw = sw;
        this.port = port;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        return sw.call(c -> {
            final DhcpResponder r = port.responder();
            final MetricSnapshots.Builder out = MetricSnapshots.builder();
            if (r == null) {
                return out.build();
            }
            final GaugeSnapshot.Builder leases = GaugeSnapshot.builder().name("jvde_dhcp_leases")
                .help("Leases of the scope by state (bound, offered)");
            final GaugeSnapshot.Builder pool = GaugeSnapshot.builder().name("jvde_dhcp_pool_size")
                .help("Addresses in the scope's ranges");
            final GaugeSnapshot.Builder free = GaugeSnapshot.builder().name("jvde_dhcp_pool_free")
                .help("Addresses of the scope neither bound nor offered");
            final long now = clock.getAsLong();
            for (final Scope s : r.scopes()) {
                long bound = 0;
                long offered = 0;
                for (final LeaseInfo l : r.leases(s.vlan(), now)) {
                    if ("bound".equals(l.state())) {
                        bound++;
                    } else if ("offered".equals(l.state())) {
                        offered++;
                    }
                }
                final String vlan = Integer.toString(s.vlan());
                leases.dataPoint(gauge(Labels.of("vlan", vlan, "scope", s.name(), "state", "bound"), bound));
                leases.dataPoint(gauge(Labels.of("vlan", vlan, "scope", s.name(), "state", "offered"), offered));
                pool.dataPoint(gauge(Labels.of("vlan", vlan, "scope", s.name()), s.rangeSize()));
                free.dataPoint(gauge(Labels.of("vlan", vlan, "scope", s.name()),
                    Math.max(0, s.rangeSize() - bound - offered)));
            }
            out.metricSnapshot(leases.build()).metricSnapshot(pool.build()).metricSnapshot(free.build());
            final DhcpCounters k = r.counters();
            final CounterSnapshot.Builder exchanges = CounterSnapshot.builder().name("jvde_dhcp_exchanges")
                .help("DHCP exchanges by what the server did (offer, ack, nak, decline, release, ...)");
            for (final DhcpEvent.Kind kind : DhcpEvent.Kind.values()) {
                exchanges.dataPoint(counter(Labels.of("kind", lower(kind.name())), k.exchanges(kind)));
            }
            final CounterSnapshot.Builder drops = CounterSnapshot.builder().name("jvde_dhcp_drops")
                .help("DHCP frames the server dropped, by reason");
            for (final DhcpDropReason reason : DhcpDropReason.values()) {
                drops.dataPoint(counter(Labels.of("reason", lower(reason.name())), k.drops(reason)));
            }
            out.metricSnapshot(exchanges.build()).metricSnapshot(drops.build());
            final RelayAgent relay = port.relay();
            if (relay != null) {
                final CounterSnapshot.Builder relayed = CounterSnapshot.builder().name("jvde_dhcp_relayed")
                    .help("Messages the relay agent forwarded, by direction");
                relayed.dataPoint(counter(Labels.of("direction", "request"), relay.counters().requestsRelayed()));
                relayed.dataPoint(counter(Labels.of("direction", "reply"), relay.counters().repliesRelayed()));
                final CounterSnapshot.Builder relayDrops = CounterSnapshot.builder().name("jvde_dhcp_relay_drops")
                    .help("Frames the relay agent dropped or noted, by reason");
                for (final RelayDropReason reason : RelayDropReason.values()) {
                    relayDrops.dataPoint(counter(Labels.of("reason", lower(reason.name())),
                        relay.counters().count(reason)));
                }
                out.metricSnapshot(relayed.build()).metricSnapshot(relayDrops.build());
            }
            final DhcpGuard guard = port.guard();
            if (guard != null) {
                final CounterSnapshot.Builder guardDrops = CounterSnapshot.builder().name("jvde_dhcp_guard_drops")
                    .help("Frames the DHCP guard dropped or noted, by reason");
                for (final GuardDropReason reason : GuardDropReason.values()) {
                    guardDrops.dataPoint(counter(Labels.of("reason", lower(reason.name())),
                        guard.counters().drops(reason)));
                }
                out.metricSnapshot(guardDrops.build());
            }
            return out.build();
        });
    }

    private static String lower(final String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(final Labels l, final double v) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v).build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot counter(final Labels l, final long v) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v).build();
    }
}
