package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code jvde version}. */
@Command(name = "version", description = "Print jvde's version and the vde_switch version it stands in for.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Versions.jvde());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
