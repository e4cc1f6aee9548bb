package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vde_switch}: exactly vde_switch's options and exit codes (help and usage exit 1, {@code -v} exits 0). */
@Command(name = VdeSwitchCommand.NAME, sortOptions = false, usageHelpWidth = 100,
        description = "Runs a VDE switch (jvde, a drop-in vde_switch).",
        footer = "%nSingle-dash long options (-sock DIR -hub) and unique prefixes work as with vde_switch.")
final class VdeSwitchCommand implements Callable<Integer>, FastSwitchArgs.Launch {
    static final String NAME = "vde_switch";

    @Spec
    CommandSpec spec;

    @Mixin
    VdeSwitchOptions options;

    @Mixin(name = DhcpSwitchOptions.MIXIN)
    DhcpSwitchOptions dhcp = new DhcpSwitchOptions(false);

    @Parameters(arity = "0..*", hidden = true)
    List<String> extra = new ArrayList<>();

    private final CliContext context;

    VdeSwitchCommand(final CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (options.help) {
            spec.commandLine().usage(out);
            out.flush();
            return ExitCodes.USAGE;
        }
        if (options.version) {
            out.print(Versions.vdeSwitch());
            out.flush();
            return ExitCodes.OK;
        }
        if (!extra.isEmpty()) {
            err.println(spec.name() + ": unexpected argument '" + extra.get(0) + "'");
            err.flush();
            spec.commandLine().usage(out);
            out.flush();
            return ExitCodes.USAGE;
        }
        return launch(err);
    }

    /** Runs the switch the options describe (also the start-up fast path's entry, FastSwitchArgs). */
    @Override
    public int launch(final PrintWriter err) {
        return SwitchLauncher.run(NAME, options, List.of(ObserveSwitchOptions.defaults(), dhcp), context, err);
    }
}
