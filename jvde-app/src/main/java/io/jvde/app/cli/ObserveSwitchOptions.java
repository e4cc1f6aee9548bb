package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;
import io.jvde.app.observe.Observability;
import io.jvde.sw.observe.CaptureSink;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code jvde switch}'s capture and event-stream options (README "Debugging a lab"). */
final class ObserveSwitchOptions implements SwitchOptionGroup {
    @Option(names = "--events", paramLabel = "PATH",
            description = "Also serve the JSON Lines event stream on this unix socket (always on DIR/events)")
    Path events;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Capture every frame entering the switch to this pcapng file")
    Path pcap;

    @Option(names = "--metrics", paramLabel = "[ADDR:]PORT",
            description = "Serve Prometheus metrics at /metrics and JSON at /status (loopback unless"
                + " --metrics-public; ADDR default 127.0.0.1)")
    String metrics;

    @Option(names = "--metrics-public", description = "Allow --metrics on a non-loopback address")
    boolean metricsPublic;

    @Option(names = "--capture-ring", paramLabel = "BYTES",
            description = "Ring per capture; frames that do not fit are dropped and counted (default "
                + CaptureSink.DEFAULT_RING_BYTES + ")")
    Integer ringBytes;

    @Override
    public void applyTo(final ProcessSettings.Builder process) {
        if (ringBytes != null && (ringBytes < 65_536 || ringBytes > (1 << 30))) {
            throw new IllegalArgumentException("--capture-ring: " + ringBytes + " (expected: 65536..1073741824)");
        }
        process.extension(new Observability(events, pcap, ringBytes == null ? CaptureSink.DEFAULT_RING_BYTES
            : ringBytes, metrics == null ? null : io.jvde.app.observe.MetricsServer.parse(metrics, metricsPublic)));
    }

    /** What {@code vde_switch} gets: the event stream, capture socket and console commands, no options. */
    static SwitchOptionGroup defaults() {
        return new SwitchOptionGroup() { // a class, not a lambda, on the start path: docs/architecture.md §7
            @Override
            public void applyTo(final ProcessSettings.Builder process) {
                process.extension(new Observability(null, null, CaptureSink.DEFAULT_RING_BYTES, null));
            }
        };
    }
}
