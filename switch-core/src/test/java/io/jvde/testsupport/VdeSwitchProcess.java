package io.jvde.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's {@code vde_switch -s DIR [options]}, console on stdin/stdout pipes: the reference implementation. */
final class VdeSwitchProcess extends SwitchProcess {
    private VdeSwitchProcess(final Path directory, final ManagedProcess process) {
        super(Kind.VDE_SWITCH, directory, process);
    }

    static SwitchUnderTest start(final Path directory, final Netns netns, final List<String> options) {
        final Path binary = Requirements.requireCommand("vde_switch");
        final List<String> command = new ArrayList<>(List.of(binary.toString(), "-s", directory.toString()));
        command.addAll(options);
        final VdeSwitchProcess sw = new VdeSwitchProcess(directory, launch("vde_switch", netns, command));
        sw.awaitReady();
        return sw;
    }
}
