package io.jvde.app.cli;

import picocli.CommandLine;

import java.util.Map;

/**
 * The picocli models of both command lines, as the launchers build them, for tools that generate documentation
 * from them (man pages, shell completion). The commands are never run: the context has no environment and no
 * switch runner.
 */
public final class CommandModels {
    private CommandModels() {
    }

    /** {@code jvde} with its subcommands. */
    public static CommandLine jvde() {
        return JvdeMain.commandLine(documentation());
    }

    /** {@code vde_switch}. */
    public static CommandLine vdeSwitch() {
        return VdeSwitchMain.commandLine(documentation());
    }

    private static CliContext documentation() {
        return new CliContext(Map.of(), false, null);
    }
}
