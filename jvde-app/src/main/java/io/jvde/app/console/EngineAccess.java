package io.jvde.app.console;

import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;

import java.util.function.Function;

/** What console commands need from the engine: its settings and a way to run code on its event-loop thread. */
public interface EngineAccess {
    SwitchSettings settings();

    /** Runs {@code command} on the event-loop thread and returns its result; rethrows what it threw. */
    <T> T call(Function<SwitchControl, T> command);

    /** The engine itself. */
    static EngineAccess of(final VdeSwitch sw) {
        return new EngineAccess() {
            @Override
            public SwitchSettings settings() {
                return sw.settings();
            }

            @Override
            public <T> T call(final Function<SwitchControl, T> command) {
                return sw.call(command);
            }
        };
    }
}
