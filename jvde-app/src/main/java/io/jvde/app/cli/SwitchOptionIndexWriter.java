package io.jvde.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Build step (jvde-app's pom, {@code process-classes}): writes {@link SwitchOptionIndex} from the picocli models of
 * {@code jvde switch} and {@code vde_switch}, so the start-up fast path reads the options the annotations declare
 * and can never drift from them. Argument: the index file to write.
 */
public final class SwitchOptionIndexWriter {
    private SwitchOptionIndexWriter() {
    }

    public static void main(final String[] args) throws IOException {
        final Path file = Path.of(args[0]);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text(), StandardCharsets.UTF_8);
    }

    /** The index as the current annotations describe it. */
    static String text() {
        final CliContext none = new CliContext(Map.of(), false, null);
        final StringBuilder sb = new StringBuilder("# Written by SwitchOptionIndexWriter from the picocli models at"
                + " build time; read by FastSwitchArgs. Do not edit.\n");
        for (final String line : lines(SwitchOptionIndex.JVDE_SWITCH, JvdeMain.switchCommandLine(none))) {
            sb.append(line).append('\n');
        }
        for (final String line : lines(SwitchOptionIndex.VDE_SWITCH, VdeSwitchMain.commandLine(none))) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** One line per option of {@code cl}, each option found in the mixin that declares it. */
    static List<String> lines(final String command, final CommandLine cl) {
        final CommandSpec spec = cl.getCommandSpec();
        final List<String> lines = new ArrayList<>();
        int seen = 0;
        for (final Map.Entry<String, CommandSpec> mixin : spec.mixins().entrySet()) {
            for (final OptionSpec option : mixin.getValue().options()) {
                lines.add(entry(command, mixin.getKey(), option).format());
                seen++;
            }
        }
        if (seen != spec.options().size()) {
            throw new IllegalStateException(command + ": " + spec.options().size() + " options, " + seen
                    + " in mixins (expected: every option in a mixin, where the fast path sets it)");
        }
        return lines;
    }

    private static SwitchOptionIndex.Entry entry(final String command, final String mixin, final OptionSpec option) {
        if (!(option.userObject() instanceof Field field)) {
            throw new IllegalStateException(command + ": " + option.longestName() + " is not an annotated field");
        }
        String type = option.type().getName();
        if (option.isMultiValue()) {
            final StringBuilder aux = new StringBuilder();
            for (final Class<?> c : option.auxiliaryTypes()) {
                aux.append(aux.length() == 0 ? "" : ",").append(c.getName());
            }
            type += "<" + aux + ">";
        }
        final CommandLine.ITypeConverter<?>[] converters = option.converters();
        final String converter = converters.length == 0 ? SwitchOptionIndex.NONE : converters[0].getClass().getName();
        final String consumer = option.parameterConsumer() == null ? SwitchOptionIndex.NONE
                : option.parameterConsumer().getClass().getName();
        return new SwitchOptionIndex.Entry(command, mixin, field.getName(), type, option.arity().max() > 0,
                converter, consumer, option.longestName(), List.of(option.names()));
    }
}
