package io.jvde.app.console;

import io.jvde.sw.Errno;
import io.jvde.sw.engine.SwitchLog;

import java.util.Objects;
import java.util.Optional;

/**
 * Executes console lines with vde_switch's framing (docs/protocol.md §5.7). Thread-safe: each transport thread
 * calls {@link #execute} with its own session; commands that touch switch state go through the event loop.
 */
public final class Console {
    /** Header of a data answer. */
    public static final String DATA_HEADER = "0000 DATA END WITH '.'";
    /** Terminator of a data answer. */
    public static final String DATA_END = ".";
    public static final String SUCCESS = "1000 Success";
    /** What a management connection receives on logout and shutdown (no newline follows). */
    public static final String END_OF_SESSION = "9999 END OF SESSION";
    /** Printed after every command on the management socket (and on a tty stdin). */
    public static final String PROMPT = "\nvde$ ";

    private final CommandRegistry registry;
    private final SwitchLog log;
    private final Runnable shutdown;

    /**
     * @param shutdown run (once per request) when a session that asked for {@code shutdown} has been answered
     */
    public Console(final CommandRegistry registry, final SwitchLog log, final Runnable shutdown) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.log = Objects.requireNonNull(log, "log");
        this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
    }

    public CommandRegistry registry() {
        return registry;
    }

    /**
     * Executes one line and returns the exact bytes to send back (as text, possibly empty). Leading blanks are
     * skipped and a trailing CR/LF is dropped; empty lines and {@code #} comments produce nothing.
     */
    public String execute(final String rawLine, final ConsoleSession session) {
        final String line = stripLeadingBlanks(stripLineEnd(rawLine));
        if (line.isEmpty() || line.charAt(0) == '#') {
            return "";
        }
        final Optional<ConsoleCommand> found = registry.lookup(line);
        if (found.isEmpty()) {
            return Errno.ENOSYS.statusLine() + "\n";
        }
        final ConsoleCommand command = found.get();
        final String args = line.substring(command.path().length()).strip();
        final StringBuilder out = new StringBuilder(128);
        if (command.withData()) {
            out.append(DATA_HEADER).append('\n');
        }
        String status = SUCCESS;
        String reason = null;
        final CommandContext ctx = new CommandContext(this, session, args, out);
        try {
            command.handler().run(ctx);
        } catch (final ConsoleException e) {
            status = e.errno().statusLine();
            reason = e.reason();
        } catch (final RuntimeException e) {
            // A bug or an engine failure: answer it like any failure and keep the console alive.
            status = Errno.EIO.statusLine();
            reason = command.path() + ": " + e;
            log.log("console command '" + line + "' failed: " + e);
        }
        if (reason != null) {
            out.append(reason).append('\n');
        }
        if (command.withData()) {
            out.append(DATA_END).append('\n');
        }
        if (!ctx.ended()) {
            out.append(status).append('\n');
        }
        return out.toString();
    }

    /** Executes a line from a transport; an over-long line is refused rather than run truncated. */
    String execute(final LineAssembler.Line line, final ConsoleSession session) {
        if (line.truncated()) {
            return "line: longer than " + LineAssembler.MAX_LINE + " bytes (expected: one command per line)\n"
                    + Errno.E2BIG.statusLine() + "\n";
        }
        return execute(line.text(), session);
    }

    /** Called by a transport once it has answered a session that asked for {@code shutdown}. */
    public void shutdown() {
        shutdown.run();
    }

    private static String stripLineEnd(final String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String stripLeadingBlanks(final String s) {
        int start = 0;
        while (start < s.length() && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        return s.substring(start);
    }
}
