package io.jvde.app.console;

import io.jvde.sw.Errno;
import java.util.Objects;

/**
 * A console command failed with an errno; the console answers {@code 1EEE <strerror>} and, when a reason is
 * given, one line saying why before the status. Unchecked so that handlers running on the event-loop thread
 * through {@code VdeSwitch.call} can throw it and have it rethrown on the console thread.
 */
public final class ConsoleException extends RuntimeException {
    private final Errno errno;
    private final String reason;

    /** A failure with a reason line, e.g. {@code port: 40 (expected: 1..32)}. */
    public ConsoleException(final Errno errno, final String reason) {
        super(reason == null ? errno.statusLine() : errno.statusLine() + ": " + reason, null, false, false);
        this.errno = Objects.requireNonNull(errno, "errno");
        this.reason = reason;
    }

    /** A failure with just the status line, as vde_switch answers. */
    public ConsoleException(final Errno errno) {
        this(errno, null);
    }

    public Errno errno() {
        return errno;
    }

    /** The line explaining the failure, or null. */
    public String reason() {
        return reason;
    }
}
