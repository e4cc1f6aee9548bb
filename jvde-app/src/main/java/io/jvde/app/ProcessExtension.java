package io.jvde.app;

import io.jvde.app.console.CommandRegistry;
import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchStartException;

/**
 * Something a command adds to a running switch process (the engine's console commands, DHCP, the relay).
 * Started in list order once the switch runs, before the rc file and the console transports; closed in reverse.
 */
@FunctionalInterface
public interface ProcessExtension {
    /**
     * Attaches to the switch and registers console commands.
     *
     * @return what to close at shutdown (never null; return {@code () -> { }} when there is nothing)
     * @throws SwitchStartException when it cannot start; the process then exits with {@code START_FAILED}
     */
    AutoCloseable start(RunningSwitch sw, CommandRegistry console, SwitchLog log) throws SwitchStartException;
}
