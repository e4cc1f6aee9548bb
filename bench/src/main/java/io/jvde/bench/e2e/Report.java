package io.jvde.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes the end-to-end results as Markdown: machine, targets, then one table per section, then raw rounds. */
final class Report {
    private final E2eBench bench;
    private final double minutes;
    private final StringBuilder md = new StringBuilder();

    Report(final E2eBench bench, final double minutes) {
        this.bench = bench;
        this.minutes = minutes;
    }

    String markdown() {
        machine();
        targets();
        throughput();
        cpuPerFrame();
        variants();
        paced();
        startup();
        raw();
        return md.toString();
    }

    // ------------------------------------------------------------------ sections

    private void machine() {
        line("Measured %s in %.1f minutes with:", bench.startedAt, minutes);
        line("");
        line("```");
        line("%s", bench.options.commandLine.isEmpty() ? "bench/e2e.sh" : bench.options.commandLine);
        line("```");
        line("");
        line("| machine | |");
        line("|---|---|");
        line("| CPUs (nproc) | %d |", Runtime.getRuntime().availableProcessors());
        line("| CPU model | %s |", cpuModel());
        line("| kernel | %s |", firstLine("/proc/sys/kernel/osrelease"));
        line("| load average (1/5/15 min) | %s at start, %s at the end (other work on the machine) |",
            bench.loadAtStart, bench.loadAtEnd);
        line("| JDK | %s %s (%s) |", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            System.getProperty("java.vendor"));
        line("| vde_switch | %s |", vdeVersion());
        line("| jvde command | `%s` |", bench.jvde.display().replace(bench.options.tmp.toString(), "$TMP"));
        line("| vde_switch command | `%s` |", bench.vde.display());
        line("| rounds | %d; per measurement at most %,d frames (unicast; broadcast: that many deliveries) "
            + "or %.1f s of sending |", bench.options.rounds, bench.options.frames, bench.options.seconds);
        line("");
        for (final String note : bench.notes) {
            line("Note: %s", note);
            line("");
        }
    }

    private void targets() {
        if (bench.samples.isEmpty() && bench.footprint.starts.isEmpty()) {
            return;
        }
        line("#### Targets (issues 3 and 15), from this run");
        line("");
        line("| target | measured | met |");
        line("|---|---|---|");
        final Cell u64 = new Cell(64, 2, false);
        final Cell u1514 = new Cell(1514, 2, false);
        if (has("matrix", u64, "jvde")) {
            final double r = ratio("matrix", u64, "jvde", "vde_switch");
            final double maxLoss = max("matrix", u64, "jvde", s -> s.result.lossPercent());
            line("| 64 B unicast, 2 ports: jvde ≥ 2× vde_switch with 0 loss | %s (%s vs %s frames/s), jvde's "
                    + "worst loss %s %% | %s |", Stats.ratio(r), Stats.count(delivered("matrix", u64, "jvde")),
                Stats.count(delivered("matrix", u64, "vde_switch")), Stats.loss(maxLoss),
                met(r >= 2 && maxLoss == 0));
            final double w = ratio("matrix", u64, "jvde", "wire");
            line("| 64 B unicast, 2 ports: jvde ≥ 60 %% of the wire | %.0f %% of %s frames/s | %s |", 100 * w,
                Stats.count(delivered("matrix", u64, "wire")), met(w >= 0.6));
            final double r2 = ratio("matrix", u1514, "jvde", "vde_switch");
            line("| 1514 B unicast, 2 ports: jvde ≥ 2× vde_switch | %s (%s vs %s frames/s) | %s |",
                Stats.ratio(r2), Stats.count(delivered("matrix", u1514, "jvde")),
                Stats.count(delivered("matrix", u1514, "vde_switch")), met(r2 >= 2));
            for (final int size : E2eBench.SIZES) {
                final double two = delivered("matrix", new Cell(size, 2, false), "jvde");
                final double sixteen = delivered("matrix", new Cell(size, 16, false), "jvde");
                line("| %d B unicast: 16 ports aggregate ≥ 2 ports | %s vs %s frames/s (%s) | %s |", size,
                    Stats.count(sixteen), Stats.count(two), Stats.ratio(sixteen / two), met(sixteen >= two));
            }
        }
        cpuTargets();
        if (bench.samples.stream().anyMatch(s -> s.section.equals("paced"))) {
            final double jLoss = bench.samples.stream().filter(s -> s.section.equals("paced") && s.path.equals("jvde"))
                .mapToDouble(s -> s.result.lossPercent()).max().orElse(Double.NaN);
            final double vLoss = bench.samples.stream()
                .filter(s -> s.section.equals("paced") && s.path.equals("vde_switch"))
                .mapToDouble(s -> s.result.lossPercent()).max().orElse(Double.NaN);
            line("| paced 10–100 %% of jvde's maximum, unicast: 0 loss at every step | jvde worst step %s %%, "
                + "vde_switch worst step %s %% | %s |", Stats.loss(jLoss), Stats.loss(vLoss), met(jLoss == 0));
        }
        if (!bench.footprint.starts.isEmpty()) {
            final String rec = recommendedLabel();
            final double ctl = Stats.median(starts(rec), s -> s.ctlMillis);
            final double rss = Stats.median(starts(rec).stream().filter(s -> s.rssFewKb > 0)
                .collect(Collectors.toList()), s -> s.rssFewKb / 1024.0);
            line("| start-up to `ctl` ready ≤ 300 ms (%s) | %.0f ms | %s |", rec, ctl, met(ctl <= 300));
            line("| idle RSS ≤ 80 MB with 32 clients (%s) | %.1f MB | %s |", rec, rss, met(rss <= 80));
        }
        line("");
    }

    private void throughput() {
        if (bench.samples.stream().noneMatch(s -> s.section.equals("matrix"))) {
            return;
        }
        line("#### Throughput, unpaced (blocking senders as fast as the path takes them)");
        line("");
        line("Medians over %d rounds; the range is min–max over rounds. Ratios are taken inside each round (same "
            + "minute, same machine state) and their median is shown. Loss = frames the receivers never got. "
            + "CPU = switch process CPU time (all threads, from /proc/PID/task/*/schedstat) per delivered frame. "
            + "Broadcast: every frame is delivered to every other port, so delivered counts all copies.",
            bench.options.rounds);
        line("");
        line("| frame | ports | traffic | path | delivered frames/s (range) | offered frames/s | loss %% | "
            + "p50 µs | p99 µs | switch CPU ns/frame | jvde ÷ vde_switch | jvde ÷ wire |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (final Cell cell : cells("matrix")) {
            for (final String path : List.of("wire", "vde_switch", "jvde")) {
                final List<Sample> ss = select("matrix", cell, path);
                if (ss.isEmpty()) {
                    continue;
                }
                final boolean j = path.equals("jvde");
                line("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", cell.frameSize, cell.ports,
                    cell.traffic(), j ? "**jvde**" : path, range(ss), Stats.count(med(ss, s -> s.result.offeredFps())),
                    Stats.loss(med(ss, s -> s.result.lossPercent())),
                    Stats.fixed(med(ss, s -> s.result.p50Nanos / 1e3), 0),
                    Stats.fixed(med(ss, s -> s.result.p99Nanos / 1e3), 0),
                    Stats.fixed(med(ss, s -> s.result.switchCpuNanosPerFrame()), 0),
                    j ? Stats.ratio(ratio("matrix", cell, "jvde", "vde_switch")) : "",
                    j && !cell.broadcast ? Stats.ratio(ratio("matrix", cell, "jvde", "wire")) : "");
            }
        }
        line("");
        line("The generator's own ceiling is the wire row: the same sender and receiver threads with nothing in "
            + "between. Generator CPU per delivered frame (sender + receiver threads), medians:");
        line("");
        line("| frame | ports | traffic | wire | vde_switch | jvde |");
        line("|---|---|---|---|---|---|");
        for (final Cell cell : cells("matrix")) {
            line("| %d | %d | %s | %s | %s | %s |", cell.frameSize, cell.ports, cell.traffic(),
                genCpu(cell, "wire"), genCpu(cell, "vde_switch"), genCpu(cell, "jvde"));
        }
        line("");
        if (!bench.rssAfterTraffic.isEmpty()) {
            line("Resident memory after each round's traffic (0 clients attached), MB now / peak: %s.",
                bench.rssAfterTraffic.stream().map(r -> String.format("round %d: vde_switch %.1f / %.1f, jvde %.1f / "
                        + "%.1f", r[0], r[1] / 1024.0, r[2] / 1024.0, r[3] / 1024.0, r[4] / 1024.0))
                    .collect(Collectors.joining("; ")));
            line("");
        }
    }

    /** Issue 15's rows: switch CPU per frame ≤ 0.5× vde_switch's; 4- and 16-port aggregates ≥ 2× vde_switch's. */
    private void cpuTargets() {
        for (final int size : E2eBench.SIZES) {
            for (final int ports : new int[] {2, 16}) {
                final Cell c = new Cell(size, ports, false);
                if (has("matrix", c, "jvde") && has("matrix", c, "vde_switch")) {
                    final double r = cpuRatio(c);
                    line("| %d B unicast, %d ports: switch CPU per frame ≤ 0.5× vde_switch's | %s ns vs %s ns (%s) "
                            + "| %s |", size, ports, Stats.fixed(cpu(c, "jvde"), 0), Stats.fixed(cpu(c, "vde_switch"), 0),
                        Stats.ratio(r), met(r <= 0.5));
                }
            }
        }
        for (final int ports : new int[] {4, 16}) {
            for (final int size : E2eBench.SIZES) {
                final Cell c = new Cell(size, ports, false);
                if (has("matrix", c, "jvde") && has("matrix", c, "vde_switch")) {
                    final double r = ratio("matrix", c, "jvde", "vde_switch");
                    line("| %d B unicast, %d ports aggregate ≥ 2× vde_switch | %s vs %s frames/s (%s) | %s |", size,
                        ports, Stats.count(delivered("matrix", c, "jvde")),
                        Stats.count(delivered("matrix", c, "vde_switch")), Stats.ratio(r), met(r >= 2));
                }
            }
        }
    }

    /**
     * Switch CPU per delivered frame beside frames/s, unicast: a figure the shared cores distort less than frames/s
     * (a switch waiting for the generator spends no CPU), with the jvde ÷ vde_switch ratios taken within each round.
     */
    private void cpuPerFrame() {
        final List<Cell> cells = cells("matrix").stream().filter(c -> !c.broadcast).collect(Collectors.toList());
        if (cells.isEmpty()) {
            return;
        }
        line("#### Switch CPU per delivered frame (unicast; 4 and 16 ports are aggregates of 2 and 8 pairs)");
        line("");
        line("CPU = the switch process's user + system time over the measured window (all its threads, from "
            + "/proc/PID/task/*/schedstat, the nanosecond form of utime + stime in /proc/PID/stat) ÷ delivered "
            + "frames. Medians over %d rounds; ratios within each round, their median shown.", bench.options.rounds);
        line("");
        line("| frame | ports | vde_switch frames/s | jvde frames/s | jvde ÷ vde_switch | vde_switch CPU ns/frame | "
            + "jvde CPU ns/frame | jvde ÷ vde_switch CPU/frame |");
        line("|---|---|---|---|---|---|---|---|");
        for (final Cell c : cells) {
            if (!has("matrix", c, "jvde") || !has("matrix", c, "vde_switch")) {
                continue;
            }
            line("| %d | %d | %s | %s | %s | %s | %s | %s |", c.frameSize, c.ports,
                Stats.count(delivered("matrix", c, "vde_switch")), Stats.count(delivered("matrix", c, "jvde")),
                Stats.ratio(ratio("matrix", c, "jvde", "vde_switch")), Stats.fixed(cpu(c, "vde_switch"), 0),
                Stats.fixed(cpu(c, "jvde"), 0), Stats.ratio(cpuRatio(c)));
        }
        line("");
    }

    private double cpu(final Cell cell, final String path) {
        return med(select("matrix", cell, path), s -> s.result.switchCpuNanosPerFrame());
    }

    /** Median over rounds of jvde's CPU per frame ÷ vde_switch's in the same round. */
    private double cpuRatio(final Cell cell) {
        final List<Double> ratios = new ArrayList<>();
        for (final Sample s : select("matrix", cell, "jvde")) {
            select("matrix", cell, "vde_switch").stream().filter(v -> v.round == s.round).findFirst()
                .ifPresent(v -> ratios.add(s.result.switchCpuNanosPerFrame() / v.result.switchCpuNanosPerFrame()));
        }
        return Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private void variants() {
        if (bench.samples.stream().noneMatch(s -> s.section.equals("variants"))) {
            return;
        }
        final Cell c = E2eBench.REFERENCE;
        final String rec = "jvde, recommended flags";
        line("#### JVM flags and throughput (64 B unicast, 2 ports)");
        line("");
        line("All variants run at once as separate processes next to a fresh jvde with the recommended flags (`%s`), "
                + "are warmed up, then measured one after the other in two passes per round (%d samples each). "
                + "The ratio to the recommended flags is taken within each pass; its median is shown.",
            String.join(" ", bench.flags.recommended()).replace(bench.options.tmp.toString(), "$TMP"),
            2 * bench.options.rounds);
        line("");
        line("| jvde JVM | delivered frames/s (range) | loss %% | p50 µs | p99 µs | CPU µs/frame "
            + "| ÷ recommended |");
        line("|---|---|---|---|---|---|---|");
        for (final String path : paths("variants")) {
            final List<Sample> ss = select("variants", c, path);
            final double[] ratios = ss.stream().mapToDouble(s -> s.result.deliveredFps()
                / roundValue("variants", s.round, c, rec)).toArray();
            line("| %s | %s | %s | %s | %s | %s | %s |", path, range(ss),
                Stats.loss(med(ss, s -> s.result.lossPercent())), Stats.fixed(med(ss, s -> s.result.p50Nanos / 1e3), 0),
                Stats.fixed(med(ss, s -> s.result.p99Nanos / 1e3), 0),
                Stats.fixed(med(ss, s -> s.result.switchCpuMicrosPerFrame()), 2), Stats.ratio(Stats.median(ratios)));
        }
        line("");
    }

    private void paced() {
        if (bench.samples.stream().noneMatch(s -> s.section.equals("paced"))) {
            return;
        }
        line("#### Paced offered load (64 B unicast, 2 ports), as a fraction of jvde's unpaced maximum (%s frames/s)",
            Stats.count(bench.referenceMax()));
        line("");
        line("Medians over %d rounds; \"worst loss\" is the highest of the rounds.", bench.options.rounds);
        line("");
        line("| load | offered frames/s | path | delivered frames/s | loss %% (worst) | p50 µs | p99 µs | "
            + "switch CPU µs/frame |");
        line("|---|---|---|---|---|---|---|---|");
        for (final double load : E2eBench.LOADS) {
            for (final String path : List.of("wire", "vde_switch", "jvde")) {
                final List<Sample> ss = bench.samples.stream().filter(s -> s.section.equals("paced")
                    && s.path.equals(path) && Math.abs(s.load - load) < 1e-6).collect(Collectors.toList());
                if (ss.isEmpty()) {
                    continue;
                }
                line("| %.0f %% | %s | %s | %s | %s (%s) | %s | %s | %s |", 100 * load,
                    Stats.count(med(ss, s -> s.result.offeredFps())), path.equals("jvde") ? "**jvde**" : path,
                    Stats.count(med(ss, s -> s.result.deliveredFps())),
                    Stats.loss(med(ss, s -> s.result.lossPercent())),
                    Stats.loss(ss.stream().mapToDouble(s -> s.result.lossPercent()).max().orElse(Double.NaN)),
                    Stats.fixed(med(ss, s -> s.result.p50Nanos / 1e3), 0),
                    Stats.fixed(med(ss, s -> s.result.p99Nanos / 1e3), 0),
                    Stats.fixed(med(ss, s -> s.result.switchCpuMicrosPerFrame()), 2));
            }
        }
        line("");
    }

    private void startup() {
        final Footprint f = bench.footprint;
        if (f.starts.isEmpty()) {
            return;
        }
        line("#### Start-up and footprint");
        line("");
        line("Exec to `ctl` accepting a connection (polled every 1 ms) and to the first client attached (VDE "
            + "handshake answered), medians of %d starts; resident memory (VmRSS) idle, %d ms after start with no "
            + "client, then %d ms after %d and after %,d clients attached (medians of %d starts). The jvde rows "
            + "add one JVM option each to the row above. vde_switch runs with `-n %d` (it cannot grow its port "
            + "table); jvde starts with 32 ports and grows them on demand.",
            bench.options.reps, Footprint.SETTLE_MILLIS, Footprint.SETTLE_MILLIS, Footprint.FEW_CLIENTS,
            Footprint.MANY_CLIENTS,
            Math.min(Footprint.RSS_REPS, bench.options.reps), Footprint.MANY_CLIENTS + 24);
        if (f.cdsNote != null) {
            line("%s.", f.cdsNote.replace(bench.options.tmp.toString(), "$TMP"));
        }
        line("");
        line("| process | exec → ctl ms (range) | exec → attached ms | RSS idle MB | RSS %d clients MB | "
            + "RSS %,d clients MB | threads |", Footprint.FEW_CLIENTS, Footprint.MANY_CLIENTS);
        line("|---|---|---|---|---|---|---|");
        for (final SwitchSpec spec : f.configs) {
            final List<Footprint.Start> ss = starts(spec.label);
            final List<Footprint.Start> mem = ss.stream().filter(s -> s.rssFewKb > 0).collect(Collectors.toList());
            final double[] ctl = ss.stream().mapToDouble(s -> s.ctlMillis).toArray();
            line("| %s | %.0f (%.0f–%.0f) | %.0f | %s | %s | %s | %s |", spec.label, Stats.median(ctl),
                Stats.min(ctl), Stats.max(ctl), Stats.median(ss, s -> s.attachMillis),
                Stats.fixed(Stats.median(mem, s -> s.rssIdleKb / 1024.0), 1),
                Stats.fixed(Stats.median(mem, s -> s.rssFewKb / 1024.0), 1),
                Stats.fixed(Stats.median(mem, s -> s.rssManyKb / 1024.0), 1),
                Stats.fixed(Stats.median(mem, s -> s.threads), 0));
        }
        line("");
    }

    private void raw() {
        line("<details><summary>Every measurement (TSV; in the variants section, round = round × 10 + pass)"
            + "</summary>");
        line("");
        line("```");
        line("%s", Sample.tsvHeader());
        for (final Sample s : bench.samples) {
            line("%s", s.tsv());
        }
        line("```");
        line("</details>");
        line("");
    }

    // ------------------------------------------------------------------ helpers

    private String recommendedLabel() {
        return bench.flags.recommendedLabel();
    }

    private List<Footprint.Start> starts(final String label) {
        return bench.footprint.starts.stream().filter(s -> s.config.equals(label)).collect(Collectors.toList());
    }

    private List<Cell> cells(final String section) {
        final Set<Cell> cells = new LinkedHashSet<>();
        bench.samples.stream().filter(s -> s.section.equals(section)).forEach(s -> cells.add(s.cell));
        return new ArrayList<>(cells);
    }

    private List<String> paths(final String section) {
        final Set<String> paths = new LinkedHashSet<>();
        bench.samples.stream().filter(s -> s.section.equals(section)).forEach(s -> paths.add(s.path));
        return new ArrayList<>(paths);
    }

    private List<Sample> select(final String section, final Cell cell, final String path) {
        return bench.samples.stream().filter(s -> s.section.equals(section) && s.cell.equals(cell)
            && s.path.equals(path)).collect(Collectors.toList());
    }

    private boolean has(final String section, final Cell cell, final String path) {
        return !select(section, cell, path).isEmpty();
    }

    private double delivered(final String section, final Cell cell, final String path) {
        return med(select(section, cell, path), s -> s.result.deliveredFps());
    }

    private double max(final String section, final Cell cell, final String path,
                       final java.util.function.ToDoubleFunction<Sample> f) {
        return select(section, cell, path).stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private double roundValue(final String section, final int round, final Cell cell, final String path) {
        return select(section, cell, path).stream().filter(s -> s.round == round)
            .mapToDouble(s -> s.result.deliveredFps()).findFirst().orElse(Double.NaN);
    }

    /** Median over rounds of (a ÷ b) in the same round. */
    private double ratio(final String section, final Cell cell, final String a, final String b) {
        final List<Double> ratios = new ArrayList<>();
        for (final Sample s : select(section, cell, a)) {
            final double other = roundValue(section, s.round, cell, b);
            if (!Double.isNaN(other) && other > 0) {
                ratios.add(s.result.deliveredFps() / other);
            }
        }
        return Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double med(final List<Sample> ss, final java.util.function.ToDoubleFunction<Sample> f) {
        return Stats.median(ss, f);
    }

    private static String range(final List<Sample> ss) {
        final double[] v = ss.stream().mapToDouble(s -> s.result.deliveredFps()).toArray();
        return String.format("%s (%s–%s)", Stats.count(Stats.median(v)), Stats.count(Stats.min(v)),
            Stats.count(Stats.max(v)));
    }

    private String genCpu(final Cell cell, final String path) {
        final List<Sample> ss = select("matrix", cell, path);
        return ss.isEmpty() ? "–" : Stats.fixed(med(ss, s -> s.result.generatorCpuMicrosPerFrame()), 2);
    }

    private static String met(final boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(final String file) {
        try {
            return Files.readAllLines(Path.of(file)).get(0).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String vdeVersion() {
        try {
            final Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Package} ${Version}", "vde2")
                .redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.isEmpty() ? "?" : out + " (Debian package)";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }


    private void line(final String format, final Object... args) {
        md.append(String.format(format, args)).append('\n');
    }
}
