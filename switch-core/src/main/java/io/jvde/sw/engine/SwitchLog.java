package io.jvde.sw.engine;

/**
 * Where the switch writes its one-line events (stderr by default, syslog in daemon mode).
 * Implementations must be thread-safe; the event loop calls it only on control-path events, never per frame.
 */
@FunctionalInterface
public interface SwitchLog {
    void log(String line);

    /** Writes {@code vde_switch: <line>}-style lines to standard error. */
    static SwitchLog stderr(final String program) {
        return line -> System.err.println(program + ": " + line);
    }
}
