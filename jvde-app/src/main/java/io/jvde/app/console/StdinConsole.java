package io.jvde.app.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The console on standard input (docs/protocol.md §5.7): answers go to stdout, flushed per command; the prompt
 * goes to the terminal only (vde_switch writes it to fd 0, which fails silently on a pipe). End of input calls
 * {@code onEof}; the NixOS test driver stops the switch that way.
 */
public final class StdinConsole implements Runnable {
    private final Console console;
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream prompt;
    private final Runnable onEof;
    private final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.STDIN);
    private boolean outBroken;

    /**
     * @param prompt where {@code "\nvde$ "} goes, or null when stdin is not a terminal
     * @param onEof  run once when input ends (not when a {@code shutdown} command ended the console)
     */
    public StdinConsole(final Console console, final InputStream in, final OutputStream out,
                        final OutputStream prompt, final Runnable onEof) {
        this.console = Objects.requireNonNull(console, "console");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.prompt = prompt;
        this.onEof = Objects.requireNonNull(onEof, "onEof");
    }

    /** Serves the console on a daemon thread named {@code jvde-stdin}. */
    public Thread start() {
        final Thread thread = new Thread(this, "jvde-stdin"); // not this::run: docs/architecture.md §7
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Reads and answers until end of input or {@code shutdown}. */
    @Override
    public void run() {
        final LineAssembler lines = new LineAssembler();
        final byte[] buffer = new byte[4096];
        // Like vde_switch: no prompt before the first command, one after each (measured on a pty).
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (final LineAssembler.Line line : lines.feed(buffer, 0, n)) {
                    if (!answer(line)) {
                        return;
                    }
                }
            }
            final LineAssembler.Line last = lines.finish();
            if (last != null && !answer(last)) {
                return;
            }
        } catch (final IOException e) {
            // A read error ends the console exactly like end of input.
        }
        onEof.run();
    }

    /** Answers one line; false when the session asked for shutdown (already requested). */
    private boolean answer(final LineAssembler.Line line) {
        write(console.execute(line, session));
        if (session.end() == ConsoleSession.End.SHUTDOWN) {
            console.shutdown();
            return false;
        }
        writePrompt();
        return true;
    }

    private void write(final String text) {
        if (text.isEmpty() || outBroken) {
            return;
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (final IOException e) {
            // Nobody reads stdout any more; keep serving (the commands still take effect).
            outBroken = true;
        }
    }

    private void writePrompt() {
        if (prompt == null) {
            return;
        }
        try {
            prompt.write(Console.PROMPT.getBytes(StandardCharsets.US_ASCII));
            prompt.flush();
        } catch (final IOException e) {
            // The terminal went away; the prompt is cosmetic.
        }
    }
}
