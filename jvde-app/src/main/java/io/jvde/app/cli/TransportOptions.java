package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;
import io.jvde.sw.engine.StreamAddress;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code jvde switch}'s transports beyond VDE and taps: stream and dgram listeners, outbound links. */
final class TransportOptions implements SwitchOptionGroup {
    @Option(names = "--stream", paramLabel = "PATH|tcp:[HOST:]PORT",
            description = "Listen for length-prefixed stream connections (QEMU -netdev stream, passt, "
                    + "socket_vmnet); each connection is a port. TCP binds the loopback address unless HOST is given."
                    + " Repeatable")
    List<String> streams = new ArrayList<>();

    @Option(names = "--dgram", paramLabel = "PATH",
            description = "Listen on a unix datagram socket (QEMU -netdev dgram); each sender is a port. Repeatable")
    List<String> dgrams = new ArrayList<>();

    @Option(names = "--link", paramLabel = "stream:PATH|tcp:HOST:PORT",
            description = "Connect a port to a stream server (another switch's --stream, passt), reconnecting "
                    + "when it goes away. Repeatable")
    List<String> links = new ArrayList<>();

    @Override
    public void applyTo(final ProcessSettings.Builder process) {
        final List<StreamAddress> s = new ArrayList<>();
        for (final String v : streams) {
            s.add(parse("--stream", v));
        }
        final List<StreamAddress> l = new ArrayList<>();
        for (final String v : links) {
            l.add(parse("--link", v));
        }
        for (final String v : dgrams) {
            if (v.isEmpty() || v.startsWith("tcp:")) {
                throw new IllegalArgumentException("--dgram: " + v + " (expected: a unix socket PATH)");
            }
        }
        process.switchSettings().streams(s).dgrams(dgrams).links(l);
    }

    private static StreamAddress parse(final String option, final String value) {
        try {
            return StreamAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
