package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/** Entry point of {@code bin/jvde}: {@code jvde switch|ctl|version|help}. */
public final class JvdeMain {
    private JvdeMain() {
    }

    public static void main(final String[] args) {
        StartupPreload.start(args.length > 0 && args[0].equals("switch"));
        final List<String> argv = List.of(args);
        System.exit(run(CliContext.system(JvdeMain.class, argv), argv, null, null));
    }

    /** Parses and runs; {@code out}/{@code err} replace stdout/stderr when not null (tests). */
    static int run(final CliContext context, final List<String> args, final PrintWriter out, final PrintWriter err) {
        final boolean isSwitch = !args.isEmpty() && args.get(0).equals("switch");
        if (!isSwitch) {
            return Cli.execute(Cli.redirect(commandLine(context), out, err), args);
        }
        final List<String> switchArgs = args.subList(1, args.size());
        final SwitchCommand fast = new SwitchCommand(context);
        if (FastSwitchArgs.fill(SwitchOptionIndex.JVDE_SWITCH, fast, switchArgs)) {
            return FastSwitchArgs.launch("jvde switch", fast, err);
        }
        // Anything else (help, errors, the unusual): picocli's model, the single source of truth.
        // vde_switch's getopt_long_only spellings apply to the switch command's options.
        final CommandLine cl = Cli.redirect(switchCommandLine(context), out, err);
        final LongOnlyArgs.Result normalized = LongOnlyArgs.of(cl.getCommandSpec())
                .normalize(switchArgs);
        if (!normalized.problems().isEmpty()) {
            final PrintWriter e = cl.getErr();
            normalized.problems().forEach(p -> e.println("jvde switch: " + p));
            e.println("Try 'jvde switch --help' for more information.");
            e.flush();
            return ExitCodes.USAGE;
        }
        return Cli.execute(cl, normalized.args());
    }

    /**
     * {@code jvde switch} on its own, named as the subcommand is: picocli builds each command's model by reflection
     * when it is created, and a switch start needs no other, not even {@code jvde}'s with its help mixin (start-up
     * time, BENCHMARKS.md "Start-up: jvde against a bare JVM and vde_switch").
     */
    static CommandLine switchCommandLine(final CliContext context) {
        return Cli.configure(new CommandLine(new SwitchCommand(context)).setCommandName("jvde switch"));
    }

    /** {@code jvde} with every subcommand. */
    static CommandLine commandLine(final CliContext context) {
        final CommandLine cl = new CommandLine(new JvdeCommand());
        cl.addSubcommand(new SwitchCommand(context));
        cl.addSubcommand(new CommandLine(new CtlCommand()).addSubcommand(new CtlWaitCommand()));
        cl.addSubcommand(new EventsCommand());
        cl.addSubcommand(new CaptureCommand());
        cl.addSubcommand(new VersionCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());
        return Cli.configure(cl);
    }
}
