package io.jvde.app;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, SIGINT and SIGHUP end the switch cleanly (docs/protocol.md §5.9). A shutdown hook alone cannot choose
 * the exit status, so the handlers replace the JVM's: TERM exits 0 after cleanup, INT 130 and HUP 129 (what a
 * shell reports when vde_switch re-raises them).
 */
final class Signals {
    private Signals() {
    }

    static void install(final SwitchProcess process) {
        handle("TERM", ExitCodes.OK, process);
        handle("INT", ExitCodes.SIGINT, process);
        handle("HUP", ExitCodes.SIGHUP, process);
    }

    private static void handle(final String name, final int exitCode, final SwitchProcess process) {
        try {
            Signal.handle(new Signal(name), new Shutdown(process, exitCode));
        } catch (final IllegalArgumentException e) {
            // The JVM reserves the signal (-Xrs); its default action then applies.
        }
    }

    /** A class, not a lambda: start-path code links no lambda (docs/architecture.md §7). */
    private static final class Shutdown implements SignalHandler {
        private final SwitchProcess process;
        private final int exitCode;

        Shutdown(final SwitchProcess process, final int exitCode) {
            this.process = process;
            this.exitCode = exitCode;
        }

        @Override
        public void handle(final Signal signal) {
            process.requestShutdown(exitCode, "Caught signal " + signal.getNumber() + ", cleaning up and exiting");
        }
    }
}
