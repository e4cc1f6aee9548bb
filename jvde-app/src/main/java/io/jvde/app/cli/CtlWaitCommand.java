package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.app.console.MgmtClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code jvde ctl -s MGMT wait --port-connected N | --lease MAC [--timeout S]}: blocks until the event happened
 * (or already had: the switch checks its current state first), prints it as JSON and exits 0; exits
 * {@link ExitCodes#COMMAND_FAILED} on timeout. Runs the console's {@code event/wait}.
 */
@Command(name = "wait", usageHelpWidth = 100,
        description = "Wait until a port has a client or a MAC holds a DHCP lease (jvde only); print the event.")
final class CtlWaitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    CtlCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--port-connected", paramLabel = "N", description = "until port N has a client")
        Integer port;

        @Option(names = "--lease", paramLabel = "MAC", description = "until MAC holds a bound lease")
        String mac;
    }

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "give up after this long (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        final String command = "event/wait " + (what.port != null ? "port-connected " + what.port
            : "lease " + what.mac) + " " + Math.max(0, timeoutSeconds);
        final MgmtClient.Answer answer = MgmtClient.run(parent.socket, command,
            Duration.ofSeconds(Math.max(0, timeoutSeconds) + 10L));
        MgmtClient.print(answer, spec.commandLine().getOut(), spec.commandLine().getErr());
        return CtlCommand.exitCode(answer);
    }
}
