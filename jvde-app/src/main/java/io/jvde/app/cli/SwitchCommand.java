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

/** {@code jvde switch}: vde_switch's options plus jvde's; unknown options are usage errors here. */
@Command(name = "switch", sortOptions = false, usageHelpWidth = 100,
        description = "Run a VDE switch: vde_switch's options (also as -sock DIR -hub), plus jvde's tuning.")
final class SwitchCommand implements Callable<Integer>, FastSwitchArgs.Launch {
    @Spec
    CommandSpec spec;

    @Mixin
    VdeSwitchOptions options;

    @Mixin
    JvdeSwitchOptions tuning;

    @Mixin
    TransportOptions transports;

    @Mixin
    ObserveSwitchOptions observe;

    @Mixin(name = DhcpSwitchOptions.MIXIN)
    DhcpSwitchOptions dhcp = new DhcpSwitchOptions(true);

    @Mixin
    VxlanSwitchOptions vxlan;

    @Parameters(arity = "0..*", hidden = true)
    List<String> extra = new ArrayList<>();

    private final CliContext context;

    SwitchCommand(final CliContext context) {
        this.context = context;
    }

    /** Every option group beyond vde_switch's, applied in order (the DHCP mixin joins this list). */
    private List<SwitchOptionGroup> groups() {
        return List.of(tuning, transports, vxlan, observe, dhcp); // observe before DHCP: DHCP reports to its event hub
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (options.help) {
            spec.commandLine().usage(out);
            out.flush();
            return ExitCodes.OK;
        }
        if (options.version) {
            out.print(Versions.jvde());
            out.flush();
            return ExitCodes.OK;
        }
        if (!extra.isEmpty()) {
            err.println("jvde switch: unexpected argument '" + extra.get(0) + "'");
            err.println("Try 'jvde switch --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        }
        return launch(err);
    }

    /** Runs the switch the options describe (also the start-up fast path's entry, FastSwitchArgs). */
    @Override
    public int launch(final PrintWriter err) {
        return SwitchLauncher.run("jvde", options, groups(), context, err);
    }
}
