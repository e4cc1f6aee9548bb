package io.jvde.app;

import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.sw.engine.VdeSwitch;

/** Starts the engine; tests substitute a fake. */
@FunctionalInterface
public interface SwitchStarter {
    RunningSwitch start(SwitchSettings settings, SwitchLog log) throws SwitchStartException;

    /** The real engine, holding clients until {@link RunningSwitch#acceptClients()}: {@link VdeSwitch#startHeld}. */
    static SwitchStarter engine() {
        return (settings, log) -> RunningSwitch.of(VdeSwitch.startHeld(settings, log));
    }
}
