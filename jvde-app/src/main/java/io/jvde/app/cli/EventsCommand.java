package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.app.observe.Observability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jvde events -s DIR|SOCKET}: prints the switch's event stream (JSON Lines) until the switch stops. */
@Command(name = "events", usageHelpWidth = 100,
        description = {"Print a running jvde switch's events as JSON Lines, one object per event, with seq and time;",
            "first the current state (\"snapshot\": true), then every event as it happens."})
final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--sock"}, required = true, paramLabel = "DIR|SOCKET",
            description = "the switch directory (its DIR/" + Observability.EVENTS_SOCKET + ") or an --events socket")
    Path socket;

    @Override
    public Integer call() {
        return stream(spec, resolve(socket, Observability.EVENTS_SOCKET), null, System.out);
    }

    static Path resolve(final Path given, final String inDir) {
        return Files.isDirectory(given) ? given.resolve(inDir) : given;
    }

    /** Connects, sends {@code request} (if any), copies everything received to {@code out}. */
    static int stream(final CommandSpec spec, final Path path, final String request, final OutputStream out) {
        try (SocketChannel ch = connect(path)) {
            if (request != null) {
                ch.write(java.nio.ByteBuffer.wrap((request + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            final InputStream in = Channels.newInputStream(ch);
            if (request != null) {
                final String status = readLine(in);
                if (!status.equals("OK")) {
                    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + status);
                    spec.commandLine().getErr().flush();
                    return ExitCodes.COMMAND_FAILED;
                }
            }
            final byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + path + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.UNREACHABLE;
        }
    }

    /**
     * Connects, retrying for up to {@link #CONNECT_WAIT_MILLIS} while the socket is missing or not listening yet:
     * a harness that starts the switch and then this command at once must not lose the race.
     */
    private static SocketChannel connect(final Path path) throws IOException {
        final long deadline = System.nanoTime() + CONNECT_WAIT_MILLIS * 1_000_000L;
        while (true) {
            try {
                return SocketChannel.open(UnixDomainSocketAddress.of(path));
            } catch (java.net.SocketException e) { // refused, or no such file yet
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static final long CONNECT_WAIT_MILLIS = 3000;

    private static String readLine(final InputStream in) throws IOException {
        final StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && sb.length() < 4096) {
            sb.append((char) c);
        }
        return sb.toString();
    }
}
