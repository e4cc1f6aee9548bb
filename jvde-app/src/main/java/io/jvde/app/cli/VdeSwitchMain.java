package io.jvde.app.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * Entry point of {@code bin/vde_switch}: vde_switch's command line, messages and exit codes. Unknown options are
 * warned about the way getopt does and ignored, as vde_switch does (docs/protocol.md §5.9).
 */
public final class VdeSwitchMain {
    private VdeSwitchMain() {
    }

    public static void main(final String[] args) {
        StartupPreload.start(true);
        final List<String> argv = List.of(args);
        System.exit(run(CliContext.system(VdeSwitchMain.class, argv), argv, null, null));
    }

    /** Parses and runs; {@code out}/{@code err} replace stdout/stderr when not null (tests). */
    static int run(final CliContext context, final List<String> args, final PrintWriter out, final PrintWriter err) {
        final VdeSwitchCommand fast = new VdeSwitchCommand(context);
        if (FastSwitchArgs.fill(SwitchOptionIndex.VDE_SWITCH, fast, args)) {
            return FastSwitchArgs.launch(VdeSwitchCommand.NAME, fast, err);
        }
        // Anything else (help, warnings, the unusual): picocli's model, the single source of truth.
        final CommandLine cl = Cli.redirect(commandLine(context), out, err);
        final LongOnlyArgs.Result normalized = LongOnlyArgs.of(cl.getCommandSpec()).normalize(args);
        for (final String problem : normalized.problems()) {
            cl.getErr().println("vde_switch: " + problem);
        }
        cl.getErr().flush();
        return Cli.execute(cl, normalized.args());
    }

    static CommandLine commandLine(final CliContext context) {
        return Cli.configure(new CommandLine(new VdeSwitchCommand(context)));
    }
}
