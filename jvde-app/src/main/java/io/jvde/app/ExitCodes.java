package io.jvde.app;

/**
 * Every exit status jvde and its vde_switch entry point return. Values shared with vde_switch keep its meaning
 * (docs/protocol.md §5.9): usage problems exit 1, start-up failures 255.
 */
public final class ExitCodes {
    /** Normal end: stdin EOF, SIGTERM, {@code shutdown}, {@code -v}, a successful {@code jvde ctl}. */
    public static final int OK = 0;
    /** {@code --help} of the switch commands, an unknown option or extra argument, a bad option value. */
    public static final int USAGE = 1;
    /** The pid file exists or cannot be written (vde_switch exits 1 too). */
    public static final int PIDFILE = 1;
    /** {@code jvde ctl}: the switch answered the command with an error status ({@code 1EEE ...}). */
    public static final int COMMAND_FAILED = 3;
    /** {@code jvde ctl}: no switch answered on the management socket, or it did not speak the console protocol. */
    public static final int UNREACHABLE = 4;
    /** An internal error (a bug) or the engine stopped on its own (sysexits EX_SOFTWARE). */
    public static final int SOFTWARE = 70;
    /** Stopped by SIGHUP after cleaning up (128 + 1, what a shell reports for a process killed by it). */
    public static final int SIGHUP = 129;
    /** Stopped by SIGINT after cleaning up (128 + 2). */
    public static final int SIGINT = 130;
    /** The switch could not start: directory, ctl or mgmt socket, tap, another switch answering (vde: exit(-1)). */
    public static final int START_FAILED = 255;

    private ExitCodes() {
    }
}
