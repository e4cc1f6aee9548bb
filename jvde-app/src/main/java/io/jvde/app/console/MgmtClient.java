package io.jvde.app.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A one-shot management client in the manner of vdecmd/unixcmd: connect to a {@code -M} socket (jvde's or
 * vde_switch's), skip the banner up to the prompt, send one command, and return its output without the
 * {@code 0000 DATA END WITH '.'} / {@code .} framing.
 */
public final class MgmtClient {
    private static final Pattern STATUS = Pattern.compile("1\\d{3} .*");

    /** How a command went. */
    public enum Outcome {
        /** {@code 1000 Success}, or {@code 9999 END OF SESSION} for logout/shutdown. */
        SUCCESS,
        /** The switch answered {@code 1EEE ...}. */
        FAILED,
        /** No connection, no prompt, or no status within the timeout. */
        UNREACHABLE
    }

    /**
     * What the switch answered.
     *
     * @param outcome  how it went
     * @param data     the data lines (between the framing) and any other lines before the status
     * @param status   the status line, or a description of why there is none
     */
    public record Answer(Outcome outcome, List<String> data, String status) {
    }

    private MgmtClient() {
    }

    /** Runs {@code command} on the switch behind {@code socket}, waiting at most {@code timeout} per step. */
    public static Answer run(final Path socket, final String command, final Duration timeout) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            final ByteArrayOutputStream in = new ByteArrayOutputStream();
            if (!readUntil(channel, selector, in, timeout, text -> text.endsWith(Console.PROMPT))) {
                return new Answer(Outcome.UNREACHABLE, List.of(), socket + ": no console prompt within "
                        + timeout.toMillis() + " ms");
            }
            in.reset();
            write(channel, command + "\n");
            if (!readUntil(channel, selector, in, timeout, MgmtClient::hasStatus)) {
                return new Answer(Outcome.UNREACHABLE, List.of(), socket + ": no status line within "
                        + timeout.toMillis() + " ms");
            }
            final Answer answer = parse(in.toString(StandardCharsets.UTF_8));
            if (answer.status().equals(Console.END_OF_SESSION)) {
                // logout/shutdown: return once the switch has hung up (it requests its shutdown before that).
                readUntil(channel, selector, in, timeout, text -> false);
            } else {
                write(channel, "logout\n");
            }
            return answer;
        } catch (final IOException e) {
            return new Answer(Outcome.UNREACHABLE, List.of(), socket + ": " + e.getMessage());
        }
    }

    /** Prints an answer like unixcmd: data to {@code out}; on failure the other lines and status to {@code err}. */
    public static void print(final Answer answer, final PrintWriter out, final PrintWriter err) {
        if (answer.outcome() == Outcome.SUCCESS) {
            answer.data().forEach(out::println);
        } else {
            answer.data().forEach(err::println);
            err.println(answer.status());
        }
        out.flush();
        err.flush();
    }

    static Answer parse(final String text) {
        final List<String> data = new ArrayList<>();
        boolean inData = false;
        for (final String line : text.split("\n", -1)) {
            if (inData) {
                if (line.equals(Console.DATA_END)) {
                    inData = false;
                } else {
                    data.add(line);
                }
            } else if (line.equals(Console.DATA_HEADER)) {
                inData = true;
            } else if (line.startsWith(Console.END_OF_SESSION)) {
                return new Answer(Outcome.SUCCESS, data, Console.END_OF_SESSION);
            } else if (STATUS.matcher(line).matches()) {
                return new Answer(line.equals(Console.SUCCESS) ? Outcome.SUCCESS : Outcome.FAILED, data, line);
            } else if (!line.isEmpty()) {
                data.add(line);
            }
        }
        return new Answer(Outcome.UNREACHABLE, data, "no status line");
    }

    private static boolean hasStatus(final String text) {
        if (text.contains(Console.END_OF_SESSION)) {
            return true;
        }
        final int lastNewline = text.lastIndexOf('\n');
        return lastNewline >= 0 && parse(text.substring(0, lastNewline + 1)).outcome() != Outcome.UNREACHABLE;
    }

    private interface Done {
        boolean test(String text);
    }

    private static boolean readUntil(final SocketChannel channel, final Selector selector,
                                     final ByteArrayOutputStream in, final Duration timeout, final Done done)
            throws IOException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (!done.test(in.toString(StandardCharsets.UTF_8))) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            final int n = channel.read(buffer.clear());
            if (n < 0) {
                return done.test(in.toString(StandardCharsets.UTF_8));
            }
            in.write(buffer.array(), 0, n);
        }
        return true;
    }

    private static void write(final SocketChannel channel, final String text) throws IOException {
        final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
