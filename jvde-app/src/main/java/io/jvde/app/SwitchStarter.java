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
        // a class, not a lambda, on the start path: docs/architecture.md §7
        return new SwitchStarter() {
            @Override
            public RunningSwitch start(final SwitchSettings settings, final SwitchLog log)
                    throws SwitchStartException {
                return RunningSwitch.of(VdeSwitch.startHeld(settings, log));
            }
        };
    }
}
