package io.jvde.sw.engine;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * A running switch: its directory, {@code ctl} socket and event-loop thread.
 * {@link #start} returns once {@code ctl} accepts connections; {@link #close} removes every socket file it made.
 */
public final class VdeSwitch implements AutoCloseable {
    private VdeSwitch() {
    }

    /** Creates the directory and {@code ctl}, starts the event loop; returns when clients can attach. */
    public static VdeSwitch start(final SwitchSettings settings, final SwitchLog log) throws SwitchStartException {
        throw new UnsupportedOperationException("engine not written yet");
    }

    /** The absolute switch directory (what ds/showinfo prints). */
    public Path directory() {
        throw new UnsupportedOperationException("engine not written yet");
    }

    public SwitchSettings settings() {
        throw new UnsupportedOperationException("engine not written yet");
    }

    /** Whole seconds since start. */
    public long uptimeSeconds() {
        throw new UnsupportedOperationException("engine not written yet");
    }

    /** Runs {@code command} on the event-loop thread and returns its result; rethrows what it threw. */
    public <T> T call(final Function<SwitchControl, T> command) {
        throw new UnsupportedOperationException("engine not written yet");
    }

    /** Blocks until the switch has stopped (after {@link #close} or a fatal error). */
    public void awaitTermination() throws InterruptedException {
        throw new UnsupportedOperationException("engine not written yet");
    }

    /** Stops the loop, closes every endpoint and tap, removes data sockets, {@code ctl} and the directory it created. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("engine not written yet");
    }
}
