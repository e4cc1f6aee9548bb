package io.jvde.sw.engine;

/**
 * Where the switch writes its one-line events (stderr by default, syslog in daemon mode).
 * Implementations must be thread-safe; the event loop calls it only on control-path events, never per frame.
 */
@FunctionalInterface
public interface SwitchLog {
    void log(String line);

    /**
     * Writes several lines at once, e.g. an event-loop turn's worth: {@code lines} holds whole lines, each ending in
     * {@code '\n'}, and is only read during the call. A log that can write them without a String per line (one
     * write for all) should; this default logs them one by one.
     */
    default void logLines(final CharSequence lines) {
        int start = 0;
        for (int i = 0; i < lines.length(); i++) {
            if (lines.charAt(i) == '\n') {
                log(lines.subSequence(start, i).toString());
                start = i + 1;
            }
        }
        if (start < lines.length()) {
            log(lines.subSequence(start, lines.length()).toString());
        }
    }

    /** Writes {@code vde_switch: <line>}-style lines to standard error. */
    static SwitchLog stderr(final String program) {
        return line -> System.err.println(program + ": " + line);
    }
}
