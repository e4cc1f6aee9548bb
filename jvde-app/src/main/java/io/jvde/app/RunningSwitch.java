package io.jvde.app;

import io.jvde.app.console.EngineAccess;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The running engine as the process and the console see it: {@link VdeSwitch}'s facade, as an interface so the
 * process lifecycle and the console can be tested without sockets.
 */
public interface RunningSwitch extends EngineAccess, AutoCloseable {
    /** The absolute switch directory. */
    Path directory();

    @Override
    SwitchSettings settings();

    long uptimeSeconds();

    @Override
    <T> T call(Function<SwitchControl, T> command);

    /**
     * Lets clients attach. The process calls it once the rc file has run, so no client attaches to a port the
     * script has not configured yet (docs/protocol.md §5.8).
     */
    void acceptClients();

    /** Blocks until the switch has stopped. */
    void awaitTermination() throws InterruptedException;

    /** Stops the switch and removes every socket file it made. */
    @Override
    void close();

    /** Adapts the engine. */
    static RunningSwitch of(final VdeSwitch sw) {
        return new RunningSwitch() {
            @Override
            public Path directory() {
                return sw.directory();
            }

            @Override
            public SwitchSettings settings() {
                return sw.settings();
            }

            @Override
            public long uptimeSeconds() {
                return sw.uptimeSeconds();
            }

            @Override
            public <T> T call(final Function<SwitchControl, T> command) {
                return sw.call(command);
            }

            @Override
            public void acceptClients() {
                sw.acceptClients();
            }

            @Override
            public void awaitTermination() throws InterruptedException {
                sw.awaitTermination();
            }

            @Override
            public void close() {
                sw.close();
            }
        };
    }
}
