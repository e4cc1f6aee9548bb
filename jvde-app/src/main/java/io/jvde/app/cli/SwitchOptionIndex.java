package io.jvde.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The switch commands' options as the build wrote them from picocli's model ({@link SwitchOptionIndexWriter}),
 * read as plain text so a start can parse the ordinary command line without building that model by reflection
 * ({@link FastSwitchArgs}; BENCHMARKS.md "Round 3").
 */
final class SwitchOptionIndex {
    /** Where the build puts the index inside the jar. */
    static final String RESOURCE = "/META-INF/jvde/switch-options.idx";
    /** The index's name for {@code jvde switch}. */
    static final String JVDE_SWITCH = "jvde-switch";
    /** The index's name for {@code vde_switch}. */
    static final String VDE_SWITCH = "vde_switch";
    /** Written in the columns where an option has no converter or consumer. */
    static final String NONE = "-";

    /**
     * One option of one command, a line of the index (tab-separated, in this order).
     *
     * @param command       {@link #JVDE_SWITCH} or {@link #VDE_SWITCH}
     * @param mixin         the field of the command that holds the option's mixin object
     * @param field         the option's field in the mixin's class
     * @param type          picocli's type of the option, with the element type of a list: {@code java.util.List<java.lang.String>}
     * @param takesValue    whether the option takes a value (arity 1) or is a flag (arity 0)
     * @param converter     the option's {@code converter=} class, or {@link #NONE} for picocli's built-in conversion
     * @param consumer      the option's {@code parameterConsumer=} class, or {@link #NONE}
     * @param longestName   picocli's {@code longestName()}, what a parameter consumer records
     * @param names         every name, in declaration order
     */
    record Entry(String command, String mixin, String field, String type, boolean takesValue, String converter,
                 String consumer, String longestName, List<String> names) {

        static Entry parse(final String line) {
            final String[] c = line.split("\t", -1);
            if (c.length != 9) {
                throw new IllegalArgumentException("switch option index: " + line + " (expected: 9 columns)");
            }
            return new Entry(c[0], c[1], c[2], c[3], c[4].equals("1"), c[5], c[6], c[7],
                    List.of(c[8].split(",")));
        }

        String format() {
            return String.join("\t", command, mixin, field, type, takesValue ? "1" : "0", converter, consumer,
                    longestName, String.join(",", names));
        }

        LongOnlyArgs.Option getopt() {
            return new LongOnlyArgs.Option(names, takesValue);
        }
    }

    private SwitchOptionIndex() {
    }

    /** The entries of {@code command}; empty when the index is missing (a build without it: the caller declines). */
    static List<Entry> load(final String command) {
        try (InputStream in = SwitchOptionIndex.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return List.of();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), command);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of {@code command} in an index's text; '#' lines are comments. */
    static List<Entry> parse(final String text, final String command) {
        final List<Entry> entries = new ArrayList<>();
        for (final String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final Entry e = Entry.parse(line);
            if (e.command().equals(command)) {
                entries.add(e);
            }
        }
        return entries;
    }
}
