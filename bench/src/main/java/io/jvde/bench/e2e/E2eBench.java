package io.jvde.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end benchmark {@code bench/e2e.sh} runs: the same generator against a direct wire, Debian's
 * vde_switch and jvde (each switch a separate process), then start-up and footprint, and a Markdown report.
 *
 * <pre>java -cp benchmarks.jar io.jvde.bench.e2e.E2eBench --tmp DIR --out REPORT.md [options]</pre>
 *
 * Options: {@code --rounds N} (3), {@code --frames N} (frames per unicast measurement, 400000),
 * {@code --seconds S} (send time limit per measurement, 1.5), {@code --java PATH}, {@code --cp JAR} (classpath of
 * the jvde process), {@code --jvde-main "CLASS ARGS"} ({@code {dir}} is replaced),
 * {@code --vde-switch PATH}, {@code --sections matrix,variants,paced,footprint}, {@code --reps N} (start-up repetitions, 5),
 * {@code --only 64:16:unicast,...} (restrict the matrix, for investigations).
 */
public final class E2eBench {
    static final int[] SIZES = {64, 1514};
    static final int[] PORTS = {2, 4, 16};
    static final double[] LOADS = {0.10, 0.25, 0.50, 0.75, 0.90, 1.00};
    static final Cell REFERENCE = new Cell(64, 2, false);

    final Options options;
    final Generator generator = new Generator();
    final List<Sample> samples = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<long[]> rssAfterTraffic = new ArrayList<>();
    Footprint footprint;
    JvmFlags flags;
    SwitchSpec vde;
    SwitchSpec jvde;
    private int dirCount;
    String startedAt;
    String loadAtStart;
    String loadAtEnd;

    /** Parsed command line. */
    static final class Options {
        Path tmp;
        Path out;
        int rounds = 3;
        long frames = 400_000;
        double seconds = 1.5;
        String java = "java";
        String classpath;
        String jvdeMain = "io.jvde.bench.e2e.SwitchMain {dir}";
        String vdeSwitch = "vde_switch";
        List<String> sections = List.of("matrix", "variants", "paced", "footprint");
        int reps = 5;
        /** Restricts the matrix to cells named "SIZE:PORTS:unicast|broadcast" (for investigations). */
        List<String> only = List.of();
        String commandLine = "";

        static Options parse(final String[] args) {
            final Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                final String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--tmp": o.tmp = Path.of(v); break;
                    case "--out": o.out = Path.of(v); break;
                    case "--rounds": o.rounds = Integer.parseInt(v); break;
                    case "--frames": o.frames = Long.parseLong(v); break;
                    case "--seconds": o.seconds = Double.parseDouble(v); break;
                    case "--java": o.java = v; break;
                    case "--cp": o.classpath = v; break;
                    case "--jvde-main": o.jvdeMain = v; break;
                    case "--vde-switch": o.vdeSwitch = v; break;
                    case "--sections": o.sections = Arrays.asList(v.split(",")); break;
                    case "--reps": o.reps = Integer.parseInt(v); break;
                    case "--only": o.only = Arrays.asList(v.split(",")); break;
                    case "--command-line": o.commandLine = v; break;
                    default: throw new IllegalArgumentException("option: " + args[i] + " (see the class comment)");
                }
                i++;
            }
            if (o.tmp == null || o.out == null) {
                throw new IllegalArgumentException("--tmp DIR and --out FILE are required");
            }
            if (o.classpath == null) {
                o.classpath = System.getProperty("java.class.path");
            }
            if (o.rounds < 1 || o.frames < 1000 || o.seconds <= 0 || o.reps < 1) {
                throw new IllegalArgumentException("rounds >= 1, frames >= 1000, seconds > 0, reps >= 1");
            }
            return o;
        }
    }

    E2eBench(final Options options) {
        this.options = options;
    }

    public static void main(final String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        final Options o = Options.parse(args);
        Files.createDirectories(o.tmp);
        Child.trackIn(o.tmp.resolve("children.pids"));
        final E2eBench bench = new E2eBench(o);
        bench.run();
    }

    void run() throws Exception {
        final long t0 = System.nanoTime();
        startedAt = java.time.LocalDateTime.now().withNano(0).toString().replace('T', ' ');
        loadAtStart = loadAverage();
        vde = new SwitchSpec("vde_switch", List.of(options.vdeSwitch, "-s", "{dir}", "-n", "{ports}"));
        final String cp = options.classpath.split(":")[0];
        flags = new JvmFlags(cp.endsWith(".jar") ? JvmFlags.extractJffi(Path.of(cp), options.tmp.resolve("native"))
            : null);
        footprint = new Footprint(this);
        flags.archive(footprint.trainCdsArchive());
        jvde = jvdeSpec("jvde", flags.recommended());
        if (options.sections.contains("matrix")) {
            matrix();
        }
        if (options.sections.contains("paced")) {
            paced();
        }
        if (options.sections.contains("footprint")) {
            footprint.run();
        }
        loadAtEnd = loadAverage();
        final double minutes = (System.nanoTime() - t0) / 60e9;
        Files.writeString(options.out, new Report(this, minutes).markdown());
        Files.writeString(Path.of(options.out + ".tsv"), tsv());
        log("done in %.1f min; report in %s", minutes, options.out);
    }

    SwitchSpec jvdeSpec(final String label, final List<String> jvmOptions) {
        final List<String> c = new ArrayList<>();
        c.add(options.java);
        c.addAll(jvmOptions);
        c.add("-cp");
        c.add(options.classpath);
        c.addAll(Arrays.asList(options.jvdeMain.trim().split("\\s+")));
        return new SwitchSpec(label, c);
    }

    // ------------------------------------------------------------------ sections

    private void matrix() throws Exception {
        final List<SwitchSpec> variants = List.of(jvdeSpec("jvde, JVM defaults", List.of()),
            jvdeSpec("jvde, bin/jvde's flags today", JvmFlags.launcher()),
            jvdeSpec("jvde, recommended + C1 only", JvmFlags.concat(flags.recommended(), JvmFlags.C1_ONLY)),
            jvdeSpec("jvde, recommended + bin/jvde's start-up flags",
                JvmFlags.concat(flags.recommended(), JvmFlags.launcherStartFlags())));
        for (int round = 1; round <= options.rounds; round++) {
            log("matrix round %d/%d", round, options.rounds);
            try (Running v = start(vde, 32); Running j = start(jvde, 32)) {
                final List<Running> order = rotate(List.of(Running.WIRE, v, j), round - 1);
                for (final Running t : order) {
                    warmUp(t);
                }
                for (final int size : SIZES) {
                    for (final int ports : PORTS) {
                        for (final boolean broadcast : new boolean[] {false, true}) {
                            if (broadcast && ports == 4) {
                                continue; // 4 ports: the unicast aggregate only (issue 15), broadcast has 2 and 16
                            }
                            final Cell cell = new Cell(size, ports, broadcast);
                            if (!options.only.isEmpty()
                                && !options.only.contains(size + ":" + ports + ":" + cell.traffic())) {
                                continue;
                            }
                            for (final Running t : order) {
                                if (!(broadcast && t.spec.isWire())) {
                                    measure("matrix", round, cell, t, 0);
                                }
                            }
                        }
                    }
                }
                rssAfterTraffic.add(new long[] {round, ProcFs.rssKb(v.pid()), ProcFs.statusKb(v.pid(), "VmHWM:"),
                    ProcFs.rssKb(j.pid()), ProcFs.statusKb(j.pid(), "VmHWM:")});
            }
            if (options.sections.contains("variants")) {
                variants(round, variants);
            }
        }
    }

    /**
     * The JVM flag variants against a fresh jvde with the recommended flags, all running at once (idle ones cost
     * nothing), warmed up, then measured interleaved in two passes; each variant's ratio is taken within a pass.
     */
    private void variants(final int round, final List<SwitchSpec> variants) throws Exception {
        final List<Running> running = new ArrayList<>();
        try {
            running.add(start(jvdeSpec("jvde, recommended flags", flags.recommended()), 32));
            for (final SwitchSpec v : variants) {
                running.add(start(v, 32));
            }
            for (final Running r : running) {
                warmUp(r);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (final Running r : rotate(running, round + pass)) {
                    measure("variants", round * 10 + pass + 1, REFERENCE, r, 0); // round 2, pass 1: 21
                }
            }
        } finally {
            for (final Running r : running) {
                r.close();
            }
        }
    }

    private void paced() throws Exception {
        final double max = referenceMax();
        if (Double.isNaN(max)) {
            notes.add("The paced section needs jvde's maximum from the matrix section; it was not run.");
            return;
        }
        for (int round = 1; round <= options.rounds; round++) {
            log("paced round %d/%d (100%% = %.0f frames/s)", round, options.rounds, max);
            try (Running v = start(vde, 32); Running j = start(jvde, 32)) {
                final List<Running> order = rotate(List.of(Running.WIRE, v, j), round - 1);
                for (final Running t : order) {
                    warmUp(t);
                }
                for (final double load : LOADS) {
                    for (final Running t : order) {
                        measure("paced", round, REFERENCE, t, load * max);
                    }
                }
            }
        }
    }

    /** jvde's median delivered frames/s for 64-byte unicast between 2 ports, unpaced. */
    double referenceMax() {
        final double[] v = samples.stream().filter(s -> s.section.equals("matrix") && s.path.equals("jvde")
            && s.cell.equals(REFERENCE)).mapToDouble(s -> s.result.deliveredFps()).toArray();
        return Stats.median(v);
    }

    // ------------------------------------------------------------------ plumbing

    /** A switch process (or the wire) with its directory. */
    static final class Running implements AutoCloseable {
        static final Running WIRE = new Running(SwitchSpec.WIRE, null, null, 0);
        final SwitchSpec spec;
        final Child child;
        final Path dir;
        /** Nanoseconds from exec to the first connection {@code ctl} accepted. */
        final long ctlNanos;

        Running(final SwitchSpec spec, final Child child, final Path dir, final long ctlNanos) {
            this.spec = spec;
            this.child = child;
            this.dir = dir;
            this.ctlNanos = ctlNanos;
        }

        long pid() {
            return child == null ? -1 : child.pid();
        }

        @Override
        public void close() {
            if (child != null) {
                child.close();
            }
        }
    }

    Path newDir(final String label) {
        return options.tmp.resolve(label.replaceAll("[^A-Za-z0-9_]+", "_") + "-" + (++dirCount));
    }

    Running start(final SwitchSpec spec, final int ports) throws IOException, InterruptedException {
        final Path dir = newDir(spec.label);
        final Child c = Child.start(spec.commandFor(dir, ports), spec.label, options.tmp.resolve("switches.log"));
        try {
            return new Running(spec, c, dir, c.awaitCtl(dir, 20_000));
        } catch (IOException | InterruptedException e) {
            c.close();
            throw e;
        }
    }

    void warmUp(final Running t) throws Exception {
        final long frames = Math.min(options.frames, 300_000);
        run(t, new Cell(64, 2, false), 0, frames);
        run(t, new Cell(1514, 2, false), 0, frames / 4);
        if (!t.spec.isWire()) {
            run(t, new Cell(64, 16, true), 0, frames / 15);
        }
    }

    private void measure(final String section, final int round, final Cell cell, final Running t, final double rate)
        throws Exception {
        final long frames = cell.broadcast ? options.frames / (cell.ports - 1) : options.frames;
        final long limit = rate > 0 ? Math.min(frames, (long) (rate * Math.min(1.0, options.seconds))) : frames;
        final Generator.Result r = run(t, cell, rate, limit);
        final double load = rate > 0 ? rate / referenceMax() : 0;
        samples.add(new Sample(section, round, cell, t.spec.label, load, r));
        log("  %-10s %-32s %s%s", t.spec.label, cell, rate > 0 ? String.format("@%.0f/s ", rate) : "", r);
    }

    private Generator.Result run(final Running t, final Cell cell, final double rate, final long frames)
        throws Exception {
        final long sendNanos = (long) (options.seconds * 1e9);
        try (Ports p = t.spec.isWire() ? Ports.wire(options.tmp, cell.ports) : Ports.attach(t.dir, cell.ports)) {
            return generator.run(p, new Generator.Spec(cell.frameSize, cell.broadcast, frames, sendNanos, rate),
                t.pid());
        }
    }

    static <T> List<T> rotate(final List<T> list, final int by) {
        final List<T> r = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            r.add(list.get((i + by) % list.size()));
        }
        return r;
    }

    private String tsv() {
        final StringBuilder sb = new StringBuilder(Sample.tsvHeader()).append('\n');
        for (final Sample s : samples) {
            sb.append(s.tsv()).append('\n');
        }
        return sb.toString();
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg: how busy the shared machine was. */
    static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static void log(final String format, final Object... args) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
