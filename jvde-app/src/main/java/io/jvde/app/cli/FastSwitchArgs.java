package io.jvde.app.cli;

import picocli.CommandLine.ITypeConverter;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The start-up fast path of {@code jvde switch} and {@code vde_switch}: parses the ordinary command line from the
 * build's option index ({@link SwitchOptionIndex}) into the same option objects picocli fills, without building
 * picocli's model (reflection over every annotation, ~35 % of a start: BENCHMARKS.md "Round 3"). Anything it is not
 * certain of it declines, and the caller runs picocli's path exactly as before, which then prints the help, the
 * version or the error: declining is always correct.
 */
final class FastSwitchArgs {
    /** What a command does once its fields are set: {@code SwitchCommand.call()} minus help, version, arguments. */
    interface Launch {
        int launch(PrintWriter err);
    }

    /** By name: naming the classes would load picocli's consumer interface. */
    private static final String ORDERED = DhcpSwitchOptions.class.getName() + "$Ordered";
    private static final String FLAG = DhcpSwitchOptions.class.getName() + "$Flag";
    private static final String LIST_OF_STRING = "java.util.List<java.lang.String>";
    /** Fields whose options print rather than run (help, version): picocli's path does that. */
    private static final Set<String> PRINTING = Set.of("help", "version");

    private FastSwitchArgs() {
    }

    /**
     * Sets {@code command}'s option fields from {@code args} as picocli would. False means declined: the command
     * object may be half-filled and must be discarded.
     *
     * @param index the command's name in the index ({@link SwitchOptionIndex#JVDE_SWITCH}, {@link
     *              SwitchOptionIndex#VDE_SWITCH})
     */
    static boolean fill(final String index, final Object command, final List<String> args) {
        return fill(SwitchOptionIndex.load(index), command, args);
    }

    /** {@link #fill(String, Object, List)} with the index's entries given (tests). */
    static boolean fill(final List<SwitchOptionIndex.Entry> entries, final Object command, final List<String> args) {
        if (entries.isEmpty()) {
            return false;
        }
        final Map<String, SwitchOptionIndex.Entry> byName = new HashMap<>();
        final List<LongOnlyArgs.Option> getopt = new ArrayList<>();
        for (final SwitchOptionIndex.Entry e : entries) {
            getopt.add(e.getopt());
            byName.put(e.getopt().canonical(), e);
        }
        final LongOnlyArgs.Result normalized = LongOnlyArgs.of(getopt).normalize(args);
        if (!normalized.problems().isEmpty()) {
            return false;
        }
        try {
            final Map<String, Object> mixins = mixins(command, entries);
            // By identity: a record's hashCode is bootstrapped by ObjectMethods, tens of ms on the start path.
            final Set<SwitchOptionIndex.Entry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (final String word : normalized.args()) {
                if (!assign(word, byName, mixins, seen)) {
                    return false;
                }
            }
            return true;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return false; // an index that does not fit the classes (a stale jar): picocli's path decides
        }
    }

    /** Runs a filled command, with picocli's default error writer and its answer to an exception (Cli). */
    static int launch(final String qualifiedName, final Launch command, final PrintWriter err) {
        final PrintWriter e = err != null ? err : stderr();
        try {
            return command.launch(e);
        } catch (final RuntimeException ex) {
            return Cli.internalError(e, qualifiedName, ex);
        }
    }

    /** One canonical word from {@link LongOnlyArgs}: {@code --name} or {@code --name=value}. */
    private static boolean assign(final String word, final Map<String, SwitchOptionIndex.Entry> byName,
                                  final Map<String, Object> mixins, final Set<SwitchOptionIndex.Entry> seen)
            throws ReflectiveOperationException {
        if (!word.startsWith("--") || word.equals("--")) {
            return false; // an argument, or the end of options: picocli reports or ignores them
        }
        final int eq = word.indexOf('=');
        final String value = eq < 0 ? null : word.substring(eq + 1);
        final SwitchOptionIndex.Entry e = byName.get(eq < 0 ? word : word.substring(0, eq));
        if (e == null || PRINTING.contains(e.field()) || e.takesValue() != (value != null)) {
            return false;
        }
        if (value != null && (value.isEmpty() || value.startsWith("-"))) {
            return false; // picocli refuses a value that resembles an option, even attached (-s -dir)
        }
        final Object mixin = mixins.get(e.mixin());
        if (!e.consumer().equals(SwitchOptionIndex.NONE)) {
            return consume(e, mixin, value);
        }
        final Field field = mixin.getClass().getDeclaredField(e.field());
        field.setAccessible(true);
        if (e.type().startsWith("java.util.List<")) {
            return append(e, mixin, field, value, seen.add(e));
        }
        if (!seen.add(e)) {
            return false; // given twice: picocli's rule applies
        }
        final Object converted = convert(e, value);
        if (converted == null) {
            return false;
        }
        field.set(mixin, converted);
        return true;
    }

    /** A repeatable option: each occurrence adds its value, as picocli adds to the field's (empty) list. */
    @SuppressWarnings("unchecked")
    private static boolean append(final SwitchOptionIndex.Entry e, final Object mixin, final Field field,
                                  final String value, final boolean first) throws IllegalAccessException {
        if (!e.type().equals(LIST_OF_STRING) || !e.converter().equals(SwitchOptionIndex.NONE)) {
            return false;
        }
        List<String> list = (List<String>) field.get(mixin);
        if (list == null) {
            list = new ArrayList<>();
            field.set(mixin, list);
        } else if (first && !list.isEmpty()) {
            return false; // picocli replaces an initial value; no option has one, so this path does not copy that
        }
        list.add(value);
        return true;
    }

    /** The DHCP options' consumers record each occurrence in order (DhcpSwitchOptions.Ordered, .Flag). */
    private static boolean consume(final SwitchOptionIndex.Entry e, final Object mixin, final String value) {
        if (!(mixin instanceof DhcpSwitchOptions dhcp)) {
            return false;
        }
        if (e.consumer().equals(ORDERED) && value != null) {
            dhcp.record(e.longestName(), value);
            return true;
        }
        if (e.consumer().equals(FLAG) && value == null) {
            dhcp.record(e.longestName(), "");
            return true;
        }
        return false;
    }

    /**
     * The value as picocli converts it: the option's converter, or picocli's built-in conversion for the types the
     * options use (boolean flag: true; {@code Integer.valueOf}; {@code Paths.get}; String as is). Null: declined.
     */
    private static Object convert(final SwitchOptionIndex.Entry e, final String value) {
        try {
            if (!e.converter().equals(SwitchOptionIndex.NONE)) {
                final ITypeConverter<?> converter = (ITypeConverter<?>) instantiate(Class.forName(e.converter()));
                return converter.convert(value);
            }
            return switch (e.type()) {
                case "boolean" -> value == null ? Boolean.TRUE : null;
                case "java.lang.Integer" -> Integer.valueOf(value);
                case "java.lang.String" -> value;
                case "java.nio.file.Path" -> Path.of(value);
                default -> null;
            };
        } catch (final Exception rejected) { // NumberFormatException, InvalidPathException, TypeConversionException
            return null;
        }
    }

    /** Each mixin object of the command, made as picocli makes it when the field is still null. */
    private static Map<String, Object> mixins(final Object command, final List<SwitchOptionIndex.Entry> entries)
            throws ReflectiveOperationException {
        final Map<String, Object> mixins = new HashMap<>();
        for (final SwitchOptionIndex.Entry e : entries) {
            if (mixins.containsKey(e.mixin())) {
                continue;
            }
            final Field field = command.getClass().getDeclaredField(e.mixin());
            field.setAccessible(true);
            Object mixin = field.get(command);
            if (mixin == null) {
                mixin = instantiate(field.getType());
                field.set(command, mixin);
            }
            mixins.put(e.mixin(), mixin);
        }
        return mixins;
    }

    private static Object instantiate(final Class<?> type) throws ReflectiveOperationException {
        final Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    /** picocli's default error writer (CommandLine.getErr): stderr in its encoding, flushed on println. */
    private static PrintWriter stderr() {
        final String encoding = System.getProperty("sun.stderr.encoding");
        Charset charset = Charset.defaultCharset();
        try {
            if (encoding != null) {
                charset = Charset.forName(encoding);
            }
        } catch (final IllegalArgumentException e) {
            charset = Charset.defaultCharset();
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.err, charset)), true);
    }
}
