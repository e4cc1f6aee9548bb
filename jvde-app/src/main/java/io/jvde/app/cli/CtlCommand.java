package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.app.console.MgmtClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jvde ctl -s MGMT COMMAND [ARGS]}: one management command, like vdecmd/unixcmd. */
@Command(name = "ctl", sortOptions = false, usageHelpWidth = 100,
        description = {"Run one management console command on a switch started with -M (jvde or vde_switch).",
            "Prints the command's output without the console framing; exits 0 on '1000 Success',",
            ExitCodes.COMMAND_FAILED + " with the status on stderr when the command fails, "
                + ExitCodes.UNREACHABLE + " when no switch answers."})
final class CtlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--sock", "--mgmt"}, required = true, paramLabel = "MGMT",
            description = "the switch's management socket (its -M path)")
    Path socket;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "give up after this long without an answer (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--json", description = "the command's data as JSON (port/allprint, port/print, vlan/print,"
            + " hash/print, dhcp/leases, dhcp/scopes, vxlan/print; jvde only)")
    boolean json;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "e.g. port/print, or port/create 16")
    List<String> command;

    @Override
    public Integer call() {
        if (command == null || command.isEmpty()) {
            spec.commandLine().getErr().println("jvde ctl: missing COMMAND");
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
        final String line = (json ? io.jvde.app.observe.JsonCommands.PREFIX : "") + String.join(" ", command);
        final MgmtClient.Answer answer = MgmtClient.run(socket, line,
                Duration.ofSeconds(Math.max(1, timeoutSeconds)));
        MgmtClient.print(answer, spec.commandLine().getOut(), spec.commandLine().getErr());
        return exitCode(answer);
    }

    /** The exit status of an answered command: 0, the switch's error status (3), or no switch answered (4). */
    static int exitCode(final MgmtClient.Answer answer) {
        switch (answer.outcome()) {
            case SUCCESS:
                return ExitCodes.OK;
            case FAILED:
                return ExitCodes.COMMAND_FAILED;
            default:
                return ExitCodes.UNREACHABLE;
        }
    }
}
