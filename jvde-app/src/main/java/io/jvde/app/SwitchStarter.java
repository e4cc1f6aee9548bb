package io.jvde.app;

import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.sw.engine.VdeSwitch;

/** Starts the engine; tests substitute a fake. */
@FunctionalInterface
public interface SwitchStarter {
    RunningSwitch start(SwitchSettings settings, SwitchLog log) throws SwitchStartException;

    /** The real engine: {@link VdeSwitch#start}. */
    static SwitchStarter engine() {
        return (settings, log) -> RunningSwitch.of(VdeSwitch.start(settings, log));
    }
}
