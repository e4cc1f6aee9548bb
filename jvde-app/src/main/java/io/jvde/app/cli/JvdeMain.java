package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Entry point of {@code bin/jvde}: {@code jvde switch|ctl|version|help}. */
public final class JvdeMain {
    private JvdeMain() {
    }

    public static void main(final String[] args) {
        NativePreload.start();
        final List<String> argv = List.of(args);
        System.exit(run(CliContext.system(JvdeMain.class, argv), argv, null, null));
    }

    /** Parses and runs; {@code out}/{@code err} replace stdout/stderr when not null (tests). */
    static int run(final CliContext context, final List<String> args, final PrintWriter out, final PrintWriter err) {
        final boolean isSwitch = !args.isEmpty() && args.get(0).equals("switch");
        final CommandLine cl = Cli.redirect(commandLine(context, !isSwitch), out, err);
        if (!isSwitch) {
            return Cli.execute(cl, args);
        }
        // vde_switch's getopt_long_only spellings apply to the switch command's options.
        final CommandLine switchCommand = cl.getSubcommands().get("switch");
        final LongOnlyArgs.Result normalized = LongOnlyArgs.of(switchCommand.getCommandSpec())
                .normalize(args.subList(1, args.size()));
        if (!normalized.problems().isEmpty()) {
            final PrintWriter e = cl.getErr();
            normalized.problems().forEach(p -> e.println("jvde switch: " + p));
            e.println("Try 'jvde switch --help' for more information.");
            e.flush();
            return ExitCodes.USAGE;
        }
        final List<String> all = new ArrayList<>(normalized.args().size() + 1);
        all.add("switch");
        all.addAll(normalized.args());
        return Cli.execute(cl, all);
    }

    static CommandLine commandLine(final CliContext context) {
        return commandLine(context, true);
    }

    /**
     * The command line; with {@code all} false, {@code jvde} with its {@code switch} subcommand only: picocli builds
     * each command's model by reflection when it is added, and a switch start needs no other (start-up time,
     * BENCHMARKS.md "Start-up: jvde against a bare JVM and vde_switch").
     */
    static CommandLine commandLine(final CliContext context, final boolean all) {
        final CommandLine cl = new CommandLine(new JvdeCommand());
        cl.addSubcommand(new SwitchCommand(context));
        if (!all) {
            return Cli.configure(cl);
        }
        cl.addSubcommand(new CommandLine(new CtlCommand()).addSubcommand(new CtlWaitCommand()));
        cl.addSubcommand(new EventsCommand());
        cl.addSubcommand(new CaptureCommand());
        cl.addSubcommand(new VersionCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());
        return Cli.configure(cl);
    }
}
