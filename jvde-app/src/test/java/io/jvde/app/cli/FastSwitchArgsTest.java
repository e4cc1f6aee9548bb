package io.jvde.app.cli;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up fast path parses exactly as picocli does, or declines: every option and spelling compared field by
 * field with picocli's own parse, and every case it must leave to picocli.
 */
@Timeout(60)
class FastSwitchArgsTest {
    private static final CliContext CONTEXT = new CliContext(Map.of(), false, (s, e) -> 0);
    private static final String JVDE = SwitchOptionIndex.JVDE_SWITCH;
    private static final String VDE = SwitchOptionIndex.VDE_SWITCH;

    // ------------------------------------------------------------------ helpers

    private static Object fresh(final String index) {
        return index.equals(JVDE) ? new SwitchCommand(CONTEXT) : new VdeSwitchCommand(CONTEXT);
    }

    private static CommandLine picocli(final String index) {
        return index.equals(JVDE) ? JvdeMain.switchCommandLine(CONTEXT) : VdeSwitchMain.commandLine(CONTEXT);
    }

    /** picocli's parse of {@code args}, through the same getopt normalisation the entry points use. */
    private static Object parsedByPicocli(final String index, final List<String> args) {
        final CommandLine cl = picocli(index);
        final LongOnlyArgs.Result normalized = LongOnlyArgs.of(cl.getCommandSpec()).normalize(args);
        assertEquals(List.of(), normalized.problems(), "picocli's getopt problems for " + args);
        cl.parseArgs(normalized.args().toArray(new String[0]));
        return cl.getCommand();
    }

    private static Object parsedFast(final String index, final List<String> args) {
        final Object command = fresh(index);
        assertTrue(FastSwitchArgs.fill(index, command, args), "the fast path declined " + args);
        return command;
    }

    /** Both parses of {@code args} give equal values in every field of every mixin (DHCP's recorded args too). */
    private static void assertSameAsPicocli(final String index, final List<String> args) {
        final Object expected = parsedByPicocli(index, args);
        final Object actual = parsedFast(index, args);
        for (final String mixin : mixinNames(index)) {
            final Object e = read(expected, mixin);
            final Object a = read(actual, mixin);
            assertNotNull(a, mixin + " of " + args);
            for (final Field f : e.getClass().getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    assertEquals(read(e, f.getName()), read(a, f.getName()), mixin + "." + f.getName() + " of " + args);
                }
            }
        }
    }

    private static Set<String> mixinNames(final String index) {
        final Set<String> names = new LinkedHashSet<>();
        SwitchOptionIndex.load(index).forEach(e -> names.add(e.mixin()));
        return names;
    }

    private static Object read(final Object o, final String field) {
        try {
            final Field f = o.getClass().getDeclaredField(field);
            f.setAccessible(true);
            return f.get(o);
        } catch (final ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A value the option's conversion accepts. */
    private static String sample(final SwitchOptionIndex.Entry e) {
        if (e.converter().endsWith("$Octal")) {
            return "02750";
        }
        if (e.converter().endsWith("$Mac")) {
            return "00:ff:01:02:03:04";
        }
        return switch (e.type()) {
            case "java.lang.Integer" -> "4097";
            case "java.nio.file.Path" -> "/tmp/fast-" + e.field();
            default -> e.field() + "-value";
        };
    }

    /** Every way to write {@code e} with {@code value}: each short and long name, single-dash, =, abbreviations. */
    private static List<List<String>> spellings(final List<SwitchOptionIndex.Entry> all,
                                                final SwitchOptionIndex.Entry e, final String value) {
        final List<List<String>> out = new ArrayList<>();
        for (final String name : e.names()) {
            final List<String> bodies = new ArrayList<>();
            if (name.startsWith("--")) {
                bodies.add(name);
                bodies.add("-" + name.substring(2));
                final String abbreviation = abbreviation(all, e, name.substring(2));
                if (abbreviation != null) {
                    bodies.add("--" + abbreviation);
                    bodies.add("-" + abbreviation);
                }
            } else {
                bodies.add(name);
            }
            for (final String body : bodies) {
                if (value == null) {
                    out.add(List.of(body));
                } else {
                    out.add(List.of(body, value));
                    out.add(List.of(body.startsWith("--") || body.length() > 2 ? body + "=" + value : body + value));
                }
            }
        }
        return out;
    }

    /** The shortest proper prefix of {@code name} that only {@code e}'s names start with, if any. */
    private static String abbreviation(final List<SwitchOptionIndex.Entry> all, final SwitchOptionIndex.Entry e,
                                       final String name) {
        for (int n = 2; n < name.length(); n++) {
            final String prefix = name.substring(0, n);
            final boolean unique = all.stream().filter(o -> o != e)
                    .flatMap(o -> o.names().stream()).noneMatch(o -> o.startsWith("--" + prefix));
            if (unique) {
                return prefix;
            }
        }
        return null;
    }

    private static boolean runs(final SwitchOptionIndex.Entry e) {
        return !e.field().equals("help") && !e.field().equals("version");
    }

    private static List<String> argv(final String... args) {
        return Arrays.asList(args);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void shouldShipTheIndexAFreshPicocliModelDescribes() throws IOException {
        try (InputStream in = SwitchOptionIndex.class.getResourceAsStream(SwitchOptionIndex.RESOURCE)) {
            assertNotNull(in, "the build writes " + SwitchOptionIndex.RESOURCE + " (process-classes)");
            assertEquals(SwitchOptionIndexWriter.text(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(65, SwitchOptionIndex.load(JVDE).size(), "every option of jvde switch");
        assertEquals(39, SwitchOptionIndex.load(VDE).size(), "every option of vde_switch");
    }

    @Nested
    class SameAsPicocli {
        @ParameterizedTest
        @ValueSource(strings = {JVDE, VDE})
        void shouldParseEveryOptionInEverySpellingAsPicocliDoes(final String index) {
            final List<SwitchOptionIndex.Entry> all = SwitchOptionIndex.load(index);
            int compared = 0;
            for (final SwitchOptionIndex.Entry e : all) {
                if (!runs(e)) {
                    continue;
                }
                for (final List<String> args : spellings(all, e, e.takesValue() ? sample(e) : null)) {
                    assertSameAsPicocli(index, args);
                    compared++;
                }
            }
            assertTrue(compared > all.size() * 3, compared + " command lines compared");
        }

        @ParameterizedTest
        @ValueSource(strings = {JVDE, VDE})
        void shouldParseEveryOptionInOneLongCommandLineAsPicocliDoes(final String index) {
            final List<String> args = new ArrayList<>();
            for (final SwitchOptionIndex.Entry e : SwitchOptionIndex.load(index)) {
                if (runs(e)) {
                    args.add(e.names().get(e.names().size() - 1));
                    if (e.takesValue()) {
                        args.add(sample(e));
                    }
                    if (e.type().startsWith("java.util.List") && e.takesValue()) {
                        args.add("-" + e.getopt().canonical().substring(2) + "=" + sample(e) + "-again");
                    }
                }
            }
            assertSameAsPicocli(index, args);
        }

        @ParameterizedTest
        @ValueSource(strings = {JVDE, VDE})
        void shouldParseClusteredShortOptionsAsPicocliDoes(final String index) {
            assertSameAsPicocli(index, argv("-xdF"));
            assertSameAsPicocli(index, argv("-xdn8", "-s/tmp/sw", "-m", "0600", "-tTAP0", "-t", "tap1"));
            assertSameAsPicocli(index, argv("-Fs", "/tmp/sw", "-M/tmp/sw.mgmt", "-gusers", "-D3", "-p", "/tmp/pid"));
        }

        @ParameterizedTest
        @ValueSource(strings = {JVDE, VDE})
        void shouldRecordDhcpOptionsInCommandLineOrderAsPicocliDoes(final String index) {
            final List<String> args = argv("-s", "/tmp/sw", "--dhcp-range", "10.0.0.10,10.0.0.20",
                    "--dhcp-option=router,10.0.0.1", "--dhcp-vlan", "5", "-dhcp-range=10.5.0.10,10.5.0.20",
                    "--enable-dns", "--domain", "five.lab", "-dhcp-ho", "00:11:22:33:44:55,10.5.0.11,pc",
                    "--dhcp-vlan=0", "--dns-record", "gw,10.0.0.1", "--enable-tftp", "--tftp-root", "/srv/tftp",
                    "--dhcp-lease-file", "memory", "--dhcp-trusted-port", "3", "--no-dhcp");
            assertSameAsPicocli(index, args);
            final DhcpSwitchOptions dhcp = (DhcpSwitchOptions) read(parsedFast(index, args), DhcpSwitchOptions.MIXIN);
            assertEquals(13, dhcp.args().size(), dhcp.args().toString());
            assertEquals("--dhcp-host", dhcp.args().get(6).option());
        }

        @Test
        void shouldAcceptValuesThatLookLikeOptionsOrNumbersAsPicocliDoes() {
            assertSameAsPicocli(JVDE, argv("-s", "d-ir", "--numports", "+8", "--hashsize", "010", "--group", "a=b"));
            assertSameAsPicocli(JVDE, argv("--stream", "tcp:127.0.0.1:5000", "--metrics=9100", "-g", "\"a b\""));
            assertSameAsPicocli(JVDE, argv("-s", "/tmp/a b", "--dhcp-option", "'domain-name,\"x y\"'"));
        }

        @Test
        void shouldLetTheLastOfARepeatedFlagOrListStandAsPicocliDoes() {
            assertSameAsPicocli(JVDE, argv("--stream", "/a", "--stream", "/b", "--link", "stream:/c"));
        }
    }

    @Nested
    class Declines {
        @ParameterizedTest
        @ValueSource(strings = {"-h", "--help", "-help", "-v", "--version", "-version", "-xh"})
        void shouldDeclineHelpAndVersion(final String option) {
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("-s", "/tmp/sw", option)));
            assertFalse(FastSwitchArgs.fill(VDE, fresh(VDE), argv(option)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--nosuch", "-Q", "-xQ", "--mac", "--hub=1", "--numports", "-n", "--=x", "-"})
        void shouldDeclineWhatGetoptReportsOrDoesNotKnow(final String option) {
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv(option)));
            assertFalse(FastSwitchArgs.fill(VDE, fresh(VDE), argv(option)));
        }

        @Test
        void shouldDeclineArgumentsAndTheEndOfOptions() {
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("extra")));
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("-s", "/tmp/sw", "--")));
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("--", "-x")));
            assertFalse(FastSwitchArgs.fill(VDE, fresh(VDE), argv("-x", "@args")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-dir", "--hub", "-1", "-"})
        void shouldDeclineAValueThatResemblesAnOption(final String value) {
            // picocli refuses some (-s -dir: "Expected parameter for option '--vdesock' but found '-dir'")
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("-s", value)));
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("--mac-age=" + value)));
            assertFalse(FastSwitchArgs.fill(VDE, fresh(VDE), argv("--dhcp-range", value)));
        }

        @Test
        void shouldDeclineASingleValuedOptionGivenTwice() {
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("-n", "3", "--numports=4")));
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv("-x", "-hub")));
            assertFalse(FastSwitchArgs.fill(VDE, fresh(VDE), argv("-s", "/a", "-sock", "/b")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--numports=x", "--numports=99999999999", "--mode=0800", "--mode=99999",
            "--macaddr=zz", "--sock=a\0b", "--sock=", "--hashsize=0x10", "--group="})
        void shouldDeclineAValueItsConversionRejects(final String option) {
            assertFalse(FastSwitchArgs.fill(JVDE, fresh(JVDE), argv(option)));
        }

        @Test
        void shouldDeclineWithoutAnIndex() {
            assertFalse(FastSwitchArgs.fill("no-such-command", fresh(JVDE), argv("-s", "/tmp/sw")));
        }

        @Test
        void shouldDeclineAnOptionKindOrTypeItDoesNotSupport() {
            final SwitchOptionIndex.Entry numPorts = SwitchOptionIndex.load(JVDE).stream()
                    .filter(e -> e.field().equals("numPorts")).findFirst().orElseThrow();
            final List<SwitchOptionIndex.Entry> wrong = List.of(
                    new SwitchOptionIndex.Entry(JVDE, "options", "numPorts", "int", true, "-", "-", "--numports",
                            numPorts.names()),
                    new SwitchOptionIndex.Entry(JVDE, "options", "hub", "boolean", true, "-", "-", "--hub",
                            List.of("-x", "--hub")),
                    new SwitchOptionIndex.Entry(JVDE, "options", "taps", "java.util.List<java.lang.Integer>", true,
                            "-", "-", "--tap", List.of("-t", "--tap")),
                    new SwitchOptionIndex.Entry(JVDE, "options", "group", "java.lang.String", true, "-",
                            "com.example.Consumer", "--group", List.of("-g", "--group")),
                    new SwitchOptionIndex.Entry(JVDE, "options", "gone", "java.lang.String", true, "-", "-",
                            "--gone", List.of("--gone")));
            for (final String arg : List.of("-n8", "--hub=true", "-t1", "-gwheel", "--gone=x")) {
                assertFalse(FastSwitchArgs.fill(wrong, fresh(JVDE), argv(arg)), arg);
            }
            assertTrue(FastSwitchArgs.fill(List.of(numPorts), fresh(JVDE), argv("-n8")), "the real entry is fine");
        }
    }
}
