package io.jvde.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start one switch under test: a label for the report and a command line in which {@code {dir}} becomes
 * the switch directory and {@code {ports}} the port count. The direct wire has no command.
 */
final class SwitchSpec {
    static final SwitchSpec WIRE = new SwitchSpec("wire", List.of());

    final String label;
    final List<String> command;

    SwitchSpec(final String label, final List<String> command) {
        this.label = label;
        this.command = List.copyOf(command);
    }

    boolean isWire() {
        return command.isEmpty();
    }

    List<String> commandFor(final Path dir, final int ports) {
        final List<String> c = new ArrayList<>();
        for (final String arg : command) {
            c.add(arg.replace("{dir}", dir.toString()).replace("{ports}", Integer.toString(ports)));
        }
        return c;
    }

    /** The command as the report prints it. */
    String display() {
        return String.join(" ", command);
    }
}
