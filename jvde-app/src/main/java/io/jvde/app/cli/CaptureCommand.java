package io.jvde.app.cli;

import io.jvde.app.observe.Observability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code jvde capture -s DIR [--port N]... [--vlan V]... [-w FILE|-]}: a live pcapng stream of the frames entering
 * the switch, from its {@code DIR/capture} socket: {@code jvde capture -s DIR -w - | wireshark -k -i -}.
 */
@Command(name = "capture", usageHelpWidth = 100,
        description = {"Stream the frames entering a running jvde switch as pcapng (one interface per port).",
            "A reader that falls behind loses frames (counted in isb_ifdrop and port/print); the switch never waits."})
final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--sock"}, required = true, paramLabel = "DIR|SOCKET",
            description = "the switch directory (its DIR/" + Observability.CAPTURE_SOCKET + ")")
    Path socket;

    @Option(names = "--port", paramLabel = "N", description = "only frames entering port N (repeatable)")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--vlan", paramLabel = "V", description = "only frames of VLAN V (repeatable)")
    List<Integer> vlans = new ArrayList<>();

    @Option(names = "-w", paramLabel = "FILE|-", defaultValue = "-", description = "where to write (default: stdout)")
    String file;

    @Override
    public Integer call() throws IOException {
        final StringBuilder request = new StringBuilder();
        if (!ports.isEmpty()) {
            request.append("ports=").append(ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (!vlans.isEmpty()) {
            request.append(request.length() > 0 ? " " : "").append("vlans=")
                .append(vlans.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        final Path path = EventsCommand.resolve(socket, Observability.CAPTURE_SOCKET);
        if (file.equals("-")) {
            return EventsCommand.stream(spec, path, request.toString(), System.out);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(file)))) {
            return EventsCommand.stream(spec, path, request.toString(), out);
        }
    }
}
