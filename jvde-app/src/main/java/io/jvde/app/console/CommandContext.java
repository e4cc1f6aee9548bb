package io.jvde.app.console;

import io.jvde.sw.Errno;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a running command sees: its argument text, its session, and the sink for its output lines. */
public final class CommandContext {
    private final Console console;
    private final ConsoleSession session;
    private final String args;
    private final StringBuilder out;
    private boolean ended;

    CommandContext(final Console console, final ConsoleSession session, final String args, final StringBuilder out) {
        this.console = console;
        this.session = session;
        this.args = args;
        this.out = out;
    }

    /** The input after the command path, leading and trailing blanks removed ({@code ""} when none). */
    public String args() {
        return args;
    }

    /** The arguments split on blanks. */
    public List<String> words() {
        return args.isEmpty() ? List.of() : Arrays.asList(args.split("[ \t]+"));
    }

    /**
     * Argument {@code index} (0-based) as a C {@code %i} number; missing or malformed gives {@code 1022 Invalid
     * argument} with a reason naming {@code name}.
     */
    public int intArg(final int index, final String name) {
        final List<String> words = words();
        if (index >= words.size()) {
            throw new ConsoleException(Errno.EINVAL, name + ": missing (expected: a number)");
        }
        try {
            return CNumbers.parseInt(words.get(index));
        } catch (final NumberFormatException e) {
            throw new ConsoleException(Errno.EINVAL, name + ": " + e.getMessage());
        }
    }

    /** Like {@link #intArg} but {@code fallback} when the argument is absent. */
    public int intArgOr(final int index, final String name, final int fallback) {
        return index < words().size() ? intArg(index, name) : fallback;
    }

    /** Appends one output line (a newline is added). */
    public void println(final String line) {
        out.append(line).append('\n');
    }

    /** Appends one formatted output line (root locale, a newline is added). */
    public void printf(final String format, final Object... values) {
        println(String.format(Locale.ROOT, format, values));
    }

    /** The table this command was found in (for help). */
    public CommandRegistry registry() {
        return console.registry();
    }

    public ConsoleSession session() {
        return session;
    }

    /** Ends the session (logout/shutdown); the command then answers no status line. */
    public void endSession(final ConsoleSession.End end) {
        session.end(end);
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    /** Runs another console line in this session, appending its whole answer (used by {@code load}). */
    void runNested(final String line) {
        out.append(console.execute(line, session));
    }
}
