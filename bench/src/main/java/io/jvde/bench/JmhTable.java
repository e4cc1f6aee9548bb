package io.jvde.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's CSV result file ({@code -rf csv}, run with {@code -prof gc}) into the Markdown table and the target
 * lines {@code bench/jmh.sh} writes into BENCHMARKS.md.
 *
 * <pre>java -cp benchmarks.jar io.jvde.bench.JmhTable jmh.csv "command line"</pre>
 */
public final class JmhTable {
    /** Issue 3: learned-unicast decision at most 25 ns/op; MAC lookup at 100 k entries at most 20 ns/op. */
    static final double DECISION_TARGET_NS = 25;
    static final double LOOKUP_TARGET_NS = 20;

    /** One benchmark with one parameter combination. */
    static final class Row {
        final String name;
        final String params;
        double score = Double.NaN;
        double error = Double.NaN;
        double bytesPerOp = Double.NaN;

        Row(final String name, final String params) {
            this.name = name;
            this.params = params;
        }
    }

    private JmhTable() {
    }

    public static void main(final String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        final List<String> lines = Files.readAllLines(Path.of(args[0]));
        System.out.print(markdown(lines, args.length > 1 ? args[1] : "bench/jmh.sh"));
    }

    static String markdown(final List<String> csv, final String command) {
        final List<String> header = fields(csv.get(0));
        final Map<String, Row> rows = new LinkedHashMap<>();
        for (final String line : csv.subList(1, csv.size())) {
            if (line.isBlank()) {
                continue;
            }
            final List<String> f = fields(line);
            final String benchmark = f.get(0);
            final int colon = benchmark.indexOf(':');
            final String name = shortName(colon < 0 ? benchmark : benchmark.substring(0, colon));
            final String secondary = colon < 0 ? "" : benchmark.substring(colon + 1);
            final StringBuilder params = new StringBuilder();
            for (int i = 7; i < f.size() && i < header.size(); i++) {
                if (!f.get(i).isEmpty()) {
                    params.append(params.length() > 0 ? ", " : "")
                        .append(header.get(i).replace("Param: ", "")).append('=').append(f.get(i));
                }
            }
            final Row row = rows.computeIfAbsent(name + "|" + params, k -> new Row(name, params.toString()));
            if (secondary.isEmpty()) {
                row.score = parse(f.get(4));
                row.error = parse(f.get(5));
            } else if (secondary.endsWith("gc.alloc.rate.norm")) {
                row.bytesPerOp = parse(f.get(4));
            }
        }
        final StringBuilder md = new StringBuilder();
        md.append("Measured ").append(java.time.LocalDateTime.now().withNano(0).toString().replace('T', ' '))
            .append(" (finished; load average then ").append(loadAverage()).append(") with:\n\n```\n")
            .append(command).append("\n```\n\n");
        md.append(String.format("JDK %s %s, %d CPUs. Average time per operation, 1 fork, 3 × 1 s warm-up, 5 × 1 s "
                + "measurement; ± is JMH's 99.9 %% confidence half-width. B/op is `gc.alloc.rate.norm` from "
                + "`-prof gc` (0.00 means below 0.005 B/op: nothing per operation).%n%n",
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            Runtime.getRuntime().availableProcessors()));
        md.append("| benchmark | parameters | ns/op | ± | B/op |\n|---|---|---|---|---|\n");
        for (final Row r : rows.values()) {
            md.append(String.format("| %s | %s | %.1f | %.1f | %.2f |%n", r.name, r.params, r.score, r.error,
                r.bytesPerOp));
        }
        md.append('\n').append("#### Targets (issue 3), from this run\n\n| target | measured | met |\n|---|---|---|\n");
        target(md, rows, "LearnedUnicastBenchmark.decide", "buffer=DIRECT, frameSize=64, tagging=UNTAGGED",
            "learned-unicast decision ≤ 25 ns/op, 0 B/op (direct buffer, 64 B, untagged)", DECISION_TARGET_NS);
        target(md, rows, "LearnedUnicastBenchmark.decide", "buffer=DIRECT, frameSize=64, tagging=TAGGED",
            "learned-unicast decision ≤ 25 ns/op, 0 B/op (direct buffer, 64 B, tagged in, popped out)",
            DECISION_TARGET_NS);
        target(md, rows, "MacTableBenchmark.lookupRandom", "entries=100000",
            "MAC lookup at 100 k entries ≤ 20 ns/op, 0 B/op (random live address)", LOOKUP_TARGET_NS);
        target(md, rows, "MacTableBenchmark.lookupHot", "entries=100000",
            "MAC lookup at 100 k entries ≤ 20 ns/op, 0 B/op (the same address again)", LOOKUP_TARGET_NS);
        return md.toString();
    }

    private static void target(final StringBuilder md, final Map<String, Row> rows, final String name,
                               final String params, final String label, final double limit) {
        final Row r = rows.get(name + "|" + params);
        if (r == null) {
            return;
        }
        final boolean met = r.score <= limit && r.bytesPerOp < 0.005;
        md.append(String.format("| %s | %.1f ± %.1f ns/op, %.2f B/op | %s |%n", label, r.score, r.error,
            r.bytesPerOp, met ? "yes" : "**no**"));
    }

    private static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String shortName(final String benchmark) {
        final String prefix = "io.jvde.bench.";
        return benchmark.startsWith(prefix) ? benchmark.substring(prefix.length()) : benchmark;
    }

    private static double parse(final String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** CSV fields; JMH quotes every text field and writes no commas inside them. */
    private static List<String> fields(final String line) {
        final List<String> out = new ArrayList<>();
        for (final String f : line.split(",", -1)) {
            out.add(f.startsWith("\"") && f.endsWith("\"") && f.length() >= 2 ? f.substring(1, f.length() - 1) : f);
        }
        return out;
    }
}
