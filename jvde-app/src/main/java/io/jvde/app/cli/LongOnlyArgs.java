package io.jvde.app.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * glibc {@code getopt_long_only} semantics in front of picocli (vde_switch parses its options that way,
 * docs/protocol.md §5.9): {@code -word} is a long option when {@code word} names one, long names may be
 * abbreviated to a unique prefix, {@code -x} is a short option, short options cluster ({@code -xdn8}), an argument
 * is attached ({@code -n8}, {@code --numports=8}, {@code -numports=8}) or the next word, and {@code --} ends the
 * options. The output is canonical ({@code --long} or {@code --long=value}), so picocli never has to guess
 * whether a value that starts with '-' is an option. Problems get getopt's wording and the word is dropped; the
 * caller decides whether they are warnings (vde_switch) or errors (jvde).
 *
 * <p>The options come either from picocli's model or from the start-up fast path's option index
 * ({@link FastSwitchArgs}), which describes them by the same two facts: their names and whether they take a value.
 */
final class LongOnlyArgs {
    /** Normalized arguments and getopt-style problem messages (without program name). */
    record Result(List<String> args, List<String> problems) {
    }

    /**
     * What getopt needs to know of an option: its names ({@code -x}, {@code --long}) and whether it takes a value.
     * A class, not a record: it is hashed on the start path, and a record's hashCode is bootstrapped by
     * {@code ObjectMethods}, which spins method-handle classes (~60 ms of a start, BENCHMARKS.md "Round 3").
     */
    static final class Option {
        private final List<String> names;
        private final boolean takesArgument;

        Option(final List<String> names, final boolean takesArgument) {
            this.names = names;
            this.takesArgument = takesArgument;
        }

        List<String> names() {
            return names;
        }

        boolean takesArgument() {
            return takesArgument;
        }

        /** The first long name (picocli accepts {@code --name=value} for it unambiguously), else the longest. */
        String canonical() {
            String longest = names.get(0);
            for (final String name : names) {
                if (name.startsWith("--")) {
                    return name;
                }
                if (name.length() > longest.length()) {
                    longest = name;
                }
            }
            return longest;
        }
    }

    private final Map<String, Option> longNames = new LinkedHashMap<>();
    private final Map<Character, Option> shortNames = new LinkedHashMap<>();

    private LongOnlyArgs(final List<Option> options) {
        for (final Option option : options) {
            for (final String name : option.names()) {
                if (name.startsWith("--")) {
                    longNames.put(name.substring(2), option);
                } else if (name.length() == 2 && name.charAt(0) == '-') {
                    shortNames.put(name.charAt(1), option);
                }
            }
            if (option.takesArgument() && !option.canonical().startsWith("--")) {
                throw new IllegalStateException("option " + option.canonical() + " takes an argument"
                        + " (expected: it also has a --long name)");
            }
        }
    }

    static LongOnlyArgs of(final CommandSpec spec) {
        final List<Option> options = new ArrayList<>();
        for (final OptionSpec option : spec.options()) {
            options.add(new Option(List.of(option.names()), option.arity().max() > 0));
        }
        return new LongOnlyArgs(options);
    }

    static LongOnlyArgs of(final List<Option> options) {
        return new LongOnlyArgs(options);
    }

    Result normalize(final List<String> argv) {
        final List<String> out = new ArrayList<>(argv.size());
        final List<String> problems = new ArrayList<>();
        boolean endOfOptions = false;
        for (int i = 0; i < argv.size(); i++) {
            final String word = argv.get(i);
            if (endOfOptions || !word.startsWith("-") || word.equals("-")) {
                out.add(word);
            } else if (word.equals("--")) {
                endOfOptions = true;
                out.add(word);
            } else if (word.startsWith("--")) {
                i = longOption(argv, i, word.substring(2), "--", out, problems);
            } else {
                i = singleDash(argv, i, word.substring(1), out, problems);
            }
        }
        return new Result(List.copyOf(out), List.copyOf(problems));
    }

    /** {@code -word}: a long option if it names one (getopt_long_only), else short options. */
    private int singleDash(final List<String> argv, final int i, final String body, final List<String> out,
                           final List<String> problems) {
        final boolean shortFirst = body.length() == 1 && shortNames.containsKey(body.charAt(0));
        if (!shortFirst) {
            final Resolution r = resolve(nameOf(body));
            if (r.option != null || r.ambiguous) {
                return longOption(argv, i, body, "-", out, problems);
            }
            if (!shortNames.containsKey(body.charAt(0))) {
                problems.add("unrecognized option '-" + body + "'");
                return i;
            }
        }
        return shortCluster(argv, i, body, out, problems);
    }

    private int longOption(final List<String> argv, final int i, final String body, final String dashes,
                           final List<String> out, final List<String> problems) {
        final String name = nameOf(body);
        final Resolution r = resolve(name);
        if (r.ambiguous) {
            final StringBuilder sb = new StringBuilder("option '" + dashes + name + "' is ambiguous; possibilities:");
            r.candidates.forEach(c -> sb.append(" '--").append(c).append('\''));
            problems.add(sb.toString());
            return i;
        }
        if (r.option == null) {
            problems.add("unrecognized option '" + dashes + body + "'");
            return i;
        }
        final String canonical = r.option.canonical();
        final int eq = body.indexOf('=');
        if (!r.option.takesArgument()) {
            if (eq >= 0) {
                problems.add("option '" + canonical + "' doesn't allow an argument");
            } else {
                out.add(canonical);
            }
            return i;
        }
        if (eq >= 0) {
            out.add(canonical + "=" + body.substring(eq + 1));
            return i;
        }
        if (i + 1 < argv.size()) {
            out.add(canonical + "=" + argv.get(i + 1));
            return i + 1;
        }
        problems.add("option '" + canonical + "' requires an argument");
        return i;
    }

    private int shortCluster(final List<String> argv, final int i, final String body, final List<String> out,
                             final List<String> problems) {
        for (int j = 0; j < body.length(); j++) {
            final char c = body.charAt(j);
            final Option option = shortNames.get(c);
            if (option == null) {
                problems.add("invalid option -- '" + c + "'");
            } else if (!option.takesArgument()) {
                out.add(option.canonical());
            } else if (j + 1 < body.length()) {
                out.add(option.canonical() + "=" + body.substring(j + 1));
                return i;
            } else if (i + 1 < argv.size()) {
                out.add(option.canonical() + "=" + argv.get(i + 1));
                return i + 1;
            } else {
                problems.add("option requires an argument -- '" + c + "'");
                return i;
            }
        }
        return i;
    }

    /** Exact name first; otherwise a prefix is fine when all its matches are the same option (aliases). */
    private Resolution resolve(final String name) {
        if (name.isEmpty()) {
            return new Resolution(null, false, Set.of());
        }
        final Option exact = longNames.get(name);
        if (exact != null) {
            return new Resolution(exact, false, Set.of(name));
        }
        final Set<String> candidates = new LinkedHashSet<>();
        final Set<Option> options = new LinkedHashSet<>();
        longNames.forEach((longName, option) -> {
            if (longName.startsWith(name)) {
                candidates.add(longName);
                options.add(option);
            }
        });
        if (options.size() == 1) {
            return new Resolution(options.iterator().next(), false, candidates);
        }
        return new Resolution(null, options.size() > 1, candidates);
    }

    private static String nameOf(final String body) {
        final int eq = body.indexOf('=');
        return eq < 0 ? body : body.substring(0, eq);
    }

    private record Resolution(Option option, boolean ambiguous, Set<String> candidates) {
    }
}
