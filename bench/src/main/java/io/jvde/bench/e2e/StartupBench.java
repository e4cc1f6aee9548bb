package io.jvde.bench.e2e;

import io.jvde.vde.client.VdeClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up side by side ({@code bench/startup.sh}): a bare {@code java -version} (exec to exit), {@code bin/jvde
 * switch -s DIR} as a user starts it (the launcher script, DHCP on by default, its lease journal beside DIR) and
 * Debian's {@code vde_switch -s DIR}, each from exec to the first completed VDE handshake of a client (the project's
 * own {@link VdeClient}: {@code ctl} connect, request, reply, the same exchange as libvdeplug). The configurations
 * alternate within each repetition, the order rotating, so a busy machine slows all of them alike; the report gives
 * medians, ranges, the median of the per-repetition ratios to {@code java -version} and of the per-repetition
 * differences to the default {@code bin/jvde} row (a before/after in one run).
 *
 * <pre>java -cp benchmarks.jar io.jvde.bench.e2e.StartupBench --tmp DIR --out REPORT.md --jvde PATH/bin/jvde
 *     [--reps N] [--java25 JAVA_HOME] [--variant JAVA_OPTS]... [--other-jvde PATH]... [--vde-switch PATH]
 *     [--command-line TEXT]</pre>
 *
 * <p>{@code --java25} adds the same two JVM rows on that JDK ({@code JAVA=.../bin/java bin/jvde}); each
 * {@code --variant} a {@code bin/jvde switch} row with those JVM options (an experiment beside the default); each
 * {@code --other-jvde} a row for another checkout's launcher (a before/after comparison in one run).
 */
public final class StartupBench {
    private static final long TIMEOUT_MILLIS = 30_000;

    /** One configuration: a command, its environment, and whether it is timed to exit or to a handshake. */
    private static final class Config {
        final String label;
        final List<String> command;
        final Map<String, String> env;
        final boolean toExit;
        final List<Double> millis = new ArrayList<>();
        final List<Double> cpuMillis = new ArrayList<>();
        final List<Double> cpuRatios = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        /** Per repetition: this start's milliseconds minus the default {@code bin/jvde} row's (paired: same load). */
        final List<Double> deltas = new ArrayList<>();

        Config(final String label, final List<String> command, final Map<String, String> env, final boolean toExit) {
            this.label = label;
            this.command = command;
            this.env = env;
            this.toExit = toExit;
        }
    }

    private StartupBench() {
    }

    public static void main(final String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path tmp = null;
        Path out = null;
        String jvde = null;
        String java25 = null;
        final List<String> variants = new ArrayList<>();
        final List<String> others = new ArrayList<>();
        String vdeSwitch = "vde_switch";
        String commandLine = "bench/startup.sh";
        int reps = 21;
        for (int i = 0; i + 1 < args.length; i += 2) {
            final String v = args[i + 1];
            switch (args[i]) {
                case "--tmp": tmp = Path.of(v); break;
                case "--out": out = Path.of(v); break;
                case "--jvde": jvde = v; break;
                case "--java25": java25 = v; break;
                case "--variant": variants.add(v); break;
                case "--other-jvde": others.add(v); break;
                case "--vde-switch": vdeSwitch = v; break;
                case "--reps": reps = Integer.parseInt(v); break;
                case "--command-line": commandLine = v; break;
                default: throw new IllegalArgumentException("option: " + args[i] + " (see the class comment)");
            }
        }
        if (tmp == null || out == null || jvde == null || reps < 1) {
            throw new IllegalArgumentException("--tmp DIR, --out FILE and --jvde PATH are required; --reps >= 1");
        }
        Child.trackIn(tmp.resolve("children.pids"));
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<Config> configs = new ArrayList<>();
        configs.add(new Config("`java -version` (JDK " + Runtime.version().feature() + ")",
            List.of(java, "-version"), Map.of(), true));
        configs.add(new Config("`bin/jvde switch -s DIR` (JDK " + Runtime.version().feature() + ")",
            List.of(jvde, "switch", "-s", "{dir}"), Map.of("JAVA", java), false));
        for (final String opts : variants) {
            configs.add(new Config("`bin/jvde switch -s DIR`, JAVA_OPTS=`" + opts + "` (JDK "
                + Runtime.version().feature() + ")", List.of(jvde, "switch", "-s", "{dir}"),
                Map.of("JAVA", java, "JAVA_OPTS", opts), false));
        }
        for (final String other : others) {
            configs.add(new Config("`" + other + " switch -s DIR` (JDK " + Runtime.version().feature() + ")",
                List.of(other, "switch", "-s", "{dir}"), Map.of("JAVA", java), false));
        }
        if (java25 != null) {
            final String j25 = Path.of(java25, "bin", "java").toString();
            configs.add(new Config("`java -version` (JDK 25)", List.of(j25, "-version"), Map.of(), true));
            configs.add(new Config("`bin/jvde switch -s DIR` (JDK 25)", List.of(jvde, "switch", "-s", "{dir}"),
                Map.of("JAVA", j25), false));
        }
        configs.add(new Config("`vde_switch -s DIR`", List.of(vdeSwitch, "-s", "{dir}"), Map.of(), false));
        final String load0 = E2eBench.loadAverage();
        final String started = LocalDateTime.now().withNano(0).toString().replace('T', ' ');
        final Path log = tmp.resolve("startup.log");
        int dirs = 0;
        for (int rep = 0; rep <= reps; rep++) { // repetition 0 warms caches (and lets bin/jvde make its archive)
            final Map<Config, Double> round = new LinkedHashMap<>();
            final Map<Config, Double> cpu = new LinkedHashMap<>();
            for (final Config c : E2eBench.rotate(configs, rep)) {
                final double[] ms = measure(c, tmp.resolve("sw" + (++dirs)), log);
                round.put(c, ms[0]);
                cpu.put(c, ms[1]);
                if (rep > 0) {
                    c.millis.add(ms[0]);
                    c.cpuMillis.add(ms[1]);
                }
            }
            if (rep > 0) {
                for (final Config c : configs) {
                    c.ratios.add(round.get(c) / round.get(baselineOf(configs, c)));
                    c.cpuRatios.add(cpu.get(c) / cpu.get(baselineOf(configs, c)));
                    c.deltas.add(round.get(c) - round.get(configs.get(1))); // 1: the default bin/jvde row
                }
            }
            E2eBench.log("repetition %d/%d: %s", rep, reps, round.entrySet().stream()
                .map(e -> String.format("%s %.0f ms", e.getKey().label, e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        Files.writeString(out, report(configs, reps, commandLine, started, load0, E2eBench.loadAverage()),
            StandardCharsets.UTF_8);
    }

    /** The {@code java -version} row of the same JDK as {@code c} (JDK 17's for vde_switch). */
    private static Config baselineOf(final List<Config> configs, final Config c) {
        final String jdk = c.label.contains("(JDK 25)") ? "(JDK 25)" : "(JDK " + Runtime.version().feature() + ")";
        return configs.stream().filter(x -> x.toExit && x.label.contains(jdk)).findFirst().orElseThrow();
    }

    /**
     * Milliseconds from exec to exit, or to the first completed handshake (then the switch is stopped), and the CPU
     * milliseconds the process used until then (user + system, all threads; 10 ms ticks).
     */
    private static double[] measure(final Config c, final Path dir, final Path log) throws Exception {
        final List<String> command = new ArrayList<>();
        for (final String a : c.command) {
            command.add(a.replace("{dir}", dir.toString()));
        }
        final long reaped0 = ProcFs.reapedChildrenCpuNanos();
        try (Child child = Child.start(command, c.env, c.label, log)) {
            if (c.toExit) {
                if (!child.waitFor(TIMEOUT_MILLIS)) {
                    throw new IOException(c.label + " did not exit within " + TIMEOUT_MILLIS + " ms");
                }
                return new double[] {(child.exitNanos() - child.startNanos) / 1e6,
                    (ProcFs.reapedChildrenCpuNanos() - reaped0) / 1e6};
            }
            child.awaitCtl(dir, TIMEOUT_MILLIS);
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            while (true) {
                try (VdeClient client = VdeClient.connect(dir, "jvde-bench start-up")) {
                    final double ms = (System.nanoTime() - child.startNanos) / 1e6;
                    return new double[] {ms, ProcFs.statCpuNanos(child.pid()) / 1e6};
                } catch (IOException e) {
                    // ctl accepts before the switch serves requests in some switches: retry until the deadline
                    if (System.nanoTime() - deadline > 0 || !child.isAlive()) {
                        throw e;
                    }
                    Thread.sleep(1);
                }
            }
        }
    }

    private static double median(final List<Double> v) {
        return Stats.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String report(final List<Config> configs, final int reps, final String commandLine,
                                 final String started, final String load0, final String load1) {
        final StringBuilder md = new StringBuilder();
        md.append(String.format("Measured %s with `%s`: %d repetitions after one warm-up, the configurations "
                + "interleaved in each (order rotating). Load average (1/5/15 min) %s at start, %s at the end; "
                + "%d CPUs shared with other work, so every row is slowed alike and the ratio is the figure to read. "
                + "Ratios are medians of the per-repetition ratios. CPU = the process's user + system time (all threads) "
                + "until it exited or the handshake completed, in 10 ms ticks: what a start costs whatever the load. "
                + "Δ = the median of the per-repetition differences to the default `bin/jvde` row (each pair started "
                + "within the same second): the figure for a before/after or a flag's effect."
                + "%n%n", started, commandLine, reps, load0, load1, Runtime.getRuntime().availableProcessors()));
        md.append("| command | measured to | median ms | min–max ms | ÷ `java -version` | CPU ms (median) | CPU ÷ "
            + "`java -version`'s | Δ ms |\n|---|---|---|---|---|---|---|---|\n");
        for (final Config c : configs) {
            final double[] v = c.millis.stream().mapToDouble(Double::doubleValue).toArray();
            md.append(String.format("| %s | %s | %.0f | %.0f–%.0f | %s | %.0f | %s | %s |%n", c.label,
                c.toExit ? "exit" : "first completed VDE handshake", Stats.median(v), Stats.min(v), Stats.max(v),
                c.toExit ? "1" : Stats.ratio(median(c.ratios)), Stats.median(c.cpuMillis, Double::doubleValue),
                c.toExit ? "1" : Stats.ratio(median(c.cpuRatios)),
                c.toExit ? "–" : String.format("%+.0f", median(c.deltas))));
        }
        return md.toString();
    }
}
