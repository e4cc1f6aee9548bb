package io.jvde.app.cli;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** glibc getopt_long_only behaviour, as vde_switch parses its options (docs/protocol.md §5.9). */
class LongOnlyArgsTest {
    private static final CommandSpec SPEC = CommandSpec.create()
            .addOption(OptionSpec.builder("-x", "--hub").build())
            .addOption(OptionSpec.builder("-d", "--daemon").build())
            .addOption(OptionSpec.builder("-n", "--numports").type(Integer.class).build())
            .addOption(OptionSpec.builder("-s", "--sock", "--vdesock", "--unix").type(String.class).build())
            .addOption(OptionSpec.builder("-m", "--mode", "--mod").type(String.class).build())
            .addOption(OptionSpec.builder("-M", "--mgmt").type(String.class).build())
            .addOption(OptionSpec.builder("--mgmtmode").type(String.class).build());

    private static LongOnlyArgs.Result normalize(final String... args) {
        return LongOnlyArgs.of(SPEC).normalize(List.of(args));
    }

    private static void assertArgs(final List<String> expected, final String... args) {
        final LongOnlyArgs.Result r = normalize(args);
        assertEquals(List.of(), r.problems());
        assertEquals(expected, r.args());
    }

    private static void assertProblem(final String problem, final List<String> remaining, final String... args) {
        final LongOnlyArgs.Result r = normalize(args);
        assertEquals(List.of(problem), r.problems());
        assertEquals(remaining, r.args());
    }

    @Nested
    class Spellings {
        @Test
        void shouldTreatSingleDashWordsAsLongOptions() {
            assertArgs(List.of("--sock=D", "--hub", "--daemon", "--numports=8"),
                    "-sock", "D", "-hub", "-daemon", "-numports", "8");
        }

        @Test
        void shouldAcceptEqualsAfterSingleAndDoubleDashLongOptions() {
            assertArgs(List.of("--sock=D", "--numports=8"), "-sock=D", "--numports=8");
        }

        @Test
        void shouldKeepShortOptionsShort() {
            assertArgs(List.of("--sock=D", "--hub", "--numports=8"), "-s", "D", "-x", "-n", "8");
        }

        @Test
        void shouldAcceptAnAttachedShortArgument() {
            assertArgs(List.of("--numports=8", "--sock=/tmp/sw"), "-n8", "-s/tmp/sw");
        }

        @Test
        void shouldSplitClustersOfShortOptions() {
            assertArgs(List.of("--hub", "--daemon"), "-xd");
            assertArgs(List.of("--hub", "--numports=8"), "-xn", "8");
            assertArgs(List.of("--hub", "--numports=8"), "-xn8");
        }

        @Test
        void shouldMapAliasesToTheSameOption() {
            assertArgs(List.of("--sock=A", "--sock=B", "--sock=C"), "--vdesock", "A", "-unix", "B", "--sock", "C");
            assertArgs(List.of("--mode=0600", "--mode=0666"), "--mod", "0600", "-mode", "0666");
        }

        @Test
        void shouldAcceptAUniquePrefix() {
            assertArgs(List.of("--numports=8", "--hub"), "--num", "8", "-hu");
        }

        @Test
        void shouldAcceptAPrefixSharedOnlyByAliases() {
            assertArgs(List.of("--mode=0600"), "--mo", "0600");
        }

        @Test
        void shouldPreferAnExactNameOverLongerOnes() {
            assertArgs(List.of("--mgmt=P", "--mgmtmode=0660"), "-mgmt", "P", "--mgmtmode", "0660");
        }

        @Test
        void shouldTryLongNamesForASingleLetterThatIsNoShortOption() {
            assertArgs(List.of("--sock=D"), "-u", "D");
        }

        @Test
        void shouldFallBackToShortOptionsWhenNoLongNameMatches() {
            // vde_switch 2.3.2 reads -nostdin as -n ostdin: getopt_long_only does exactly that.
            assertArgs(List.of("--numports=ostdin"), "-nostdin");
        }

        @Test
        void shouldPassValuesThatStartWithADashThrough() {
            assertArgs(List.of("--sock=-weird", "--mgmt=--x"), "-s", "-weird", "--mgmt", "--x");
        }

        @Test
        void shouldStopAtDoubleDashAndKeepPositionals() {
            assertArgs(List.of("extra", "-", "--hub", "--", "-x", "--hub"), "extra", "-", "-x", "--", "-x", "--hub");
        }
    }

    @Nested
    class Problems {
        @Test
        void shouldReportAnUnrecognizedLongOption() {
            assertProblem("unrecognized option '--bogus'", List.of("--hub"), "--bogus", "-x");
        }

        @Test
        void shouldReportAnUnrecognizedSingleDashWord() {
            assertProblem("unrecognized option '-bogus'", List.of(), "-bogus");
        }

        @Test
        void shouldReportAnInvalidShortOptionAndKeepTheRestOfTheCluster() {
            assertProblem("invalid option -- 'q'", List.of("--hub", "--daemon"), "-xqd");
        }

        @Test
        void shouldReportAMissingArgument() {
            assertProblem("option requires an argument -- 's'", List.of("--hub"), "-x", "-s");
            assertProblem("option '--sock' requires an argument", List.of(), "--sock");
        }

        @Test
        void shouldReportAnArgumentGivenToAFlag() {
            assertProblem("option '--hub' doesn't allow an argument", List.of(), "--hub=1");
        }

        @Test
        void shouldReportAnAmbiguousPrefixWithItsPossibilities() {
            assertProblem("option '--m' is ambiguous; possibilities: '--mode' '--mod' '--mgmt' '--mgmtmode'",
                    List.of(), "--m");
        }

        @Test
        void shouldRejectASpecWithAShortOnlyOptionThatTakesAnArgument() {
            final CommandSpec bad = CommandSpec.create().addOption(OptionSpec.builder("-q").type(String.class).build());
            assertThrows(IllegalStateException.class, () -> LongOnlyArgs.of(bad));
        }
    }
}
