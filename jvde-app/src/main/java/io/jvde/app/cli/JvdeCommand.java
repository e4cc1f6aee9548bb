package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code jvde}: the top-level command; the work is in its subcommands. */
@Command(name = "jvde", mixinStandardHelpOptions = true, versionProvider = JvdeCommand.Version.class,
        usageHelpWidth = 100,
        description = "A pure-Java virtual Ethernet switch, drop-in for vde_switch.",
        footer = {"%nExamples:", "  jvde switch -s /tmp/sw1 -M /tmp/sw1.mgmt",
            "  jvde ctl -s /tmp/sw1.mgmt port/print"})
final class JvdeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jvde: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ExitCodes.USAGE;
    }

    /** {@code jvde --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return Versions.jvde().split("\n");
        }
    }
}
