package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/** Picocli set-up shared by both entry points: getopt-like repetition, one exception-to-exit-code mapping. */
final class Cli {
    private Cli() {
    }

    /** Replaces the command line's writers when given (tests pass their own; null keeps stdout/stderr). */
    static CommandLine redirect(final CommandLine cl, final java.io.PrintWriter out, final java.io.PrintWriter err) {
        if (out != null) {
            cl.setOut(out);
        }
        if (err != null) {
            cl.setErr(err);
        }
        return cl;
    }

    /** Call after every subcommand is added (picocli copies these settings to existing subcommands only). */
    static CommandLine configure(final CommandLine cl) {
        // getopt: a repeated option overrides the earlier value.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            final PrintWriter err = e.getCommandLine().getErr();
            err.println(qualifiedName(e.getCommandLine()) + ": " + e.getMessage());
            err.println("Try '" + qualifiedName(e.getCommandLine()) + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
            internalError(commandLine.getErr(), qualifiedName(commandLine), e));
        return cl;
    }

    /** The answer to an exception a command's run threw (also on the start-up fast path, FastSwitchArgs). */
    static int internalError(final PrintWriter err, final String qualifiedName, final Exception e) {
        err.println(qualifiedName + ": internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return ExitCodes.SOFTWARE;
    }

    /** Runs {@code cl} on arguments already passed through {@link LongOnlyArgs}. */
    static int execute(final CommandLine cl, final List<String> args) {
        return cl.execute(args.toArray(new String[0]));
    }

    private static String qualifiedName(final CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }
}
