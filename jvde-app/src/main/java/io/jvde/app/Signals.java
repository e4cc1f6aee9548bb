package io.jvde.app;

import sun.misc.Signal;

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
            Signal.handle(new Signal(name), signal -> process.requestShutdown(exitCode,
                    "Caught signal " + signal.getNumber() + ", cleaning up and exiting"));
        } catch (final IllegalArgumentException e) {
            // The JVM reserves the signal (-Xrs); its default action then applies.
        }
    }
}
