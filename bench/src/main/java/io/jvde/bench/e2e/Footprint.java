package io.jvde.bench.e2e;

import io.jvde.vde.client.VdeClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up and footprint: time from exec to {@code ctl} accepting a connection and to the first client attached,
 * and idle resident memory with 32 and with 1,000 attached clients, for vde_switch and for jvde under each
 * {@link JvmFlags} step. Also builds the AppCDS archive the recommended flags use, with a training run.
 */
final class Footprint {
    static final int MANY_CLIENTS = 1000;
    static final int FEW_CLIENTS = 32;
    /** Memory is measured in the first repetitions only (it varies little and 1,000 handshakes take time). */
    static final int RSS_REPS = 3;
    static final long SETTLE_MILLIS = 500;

    private final E2eBench bench;
    final List<Start> starts = new ArrayList<>();
    final List<SwitchSpec> configs = new ArrayList<>();
    String cdsNote;

    /** One start of one configuration. */
    static final class Start {
        final String config;
        final int rep;
        final double ctlMillis;
        final double attachMillis;
        long rssIdleKb = -1;
        long rssFewKb = -1;
        long rssManyKb = -1;
        int threads = -1;

        Start(final String config, final int rep, final double ctlMillis, final double attachMillis) {
            this.config = config;
            this.rep = rep;
            this.ctlMillis = ctlMillis;
            this.attachMillis = attachMillis;
        }
    }

    Footprint(final E2eBench bench) {
        this.bench = bench;
    }

    /**
     * Runs jvde once with {@code -XX:ArchiveClassesAtExit}, passes traffic through it so the data path's classes
     * load, and ends it with a clean exit by closing its standard input (the archive is not written on SIGTERM). Returns the archive, or null (with {@link #cdsNote}) if none was written.
     */
    Path trainCdsArchive() throws Exception {
        final Path archive = bench.options.tmp.resolve("jvde-cds.jsa");
        Files.deleteIfExists(archive);
        final List<String> flags = JvmFlags.concat(bench.flags.beforeArchive(),
            List.of("-XX:ArchiveClassesAtExit=" + archive));
        final List<String> command = new ArrayList<>(bench.jvdeSpec("training", flags).command);
        if (bench.options.jvdeMain.contains("SwitchMain")) {
            command.add("--exit-on-eof"); // jvde's own CLI ends at end of input, like vde_switch
        }
        final long t0 = System.nanoTime();
        try (E2eBench.Running r = bench.start(new SwitchSpec("jvde CDS training", command), 32)) {
            bench.warmUp(r);
            if (!r.child.closeStdinAndWait(30_000)) {
                cdsNote = "no AppCDS archive: the training run did not exit within 30 s";
                return null;
            }
        }
        if (!Files.isRegularFile(archive)) {
            cdsNote = "no AppCDS archive: the training run wrote none (see switches.log)";
            return null;
        }
        cdsNote = String.format("AppCDS archive: %d kB, built in %.1f s by a training run (%s)",
            Files.size(archive) / 1024, (System.nanoTime() - t0) / 1e9, String.join(" ", command));
        E2eBench.log("%s", cdsNote);
        return archive;
    }

    void run() throws Exception {
        configs.add(bench.vde);
        for (final JvmFlags.Step step : bench.flags.steps()) {
            configs.add(bench.jvdeSpec(step.label, step.options));
        }
        for (int rep = 1; rep <= bench.options.reps; rep++) {
            E2eBench.log("start-up repetition %d/%d", rep, bench.options.reps);
            for (final SwitchSpec spec : E2eBench.rotate(configs, rep - 1)) {
                starts.add(measure(spec, rep, rep <= RSS_REPS));
            }
        }
    }

    private Start measure(final SwitchSpec spec, final int rep, final boolean memory) throws Exception {
        try (E2eBench.Running r = bench.start(spec, MANY_CLIENTS + 24)) {
            final double attach;
            try (VdeClient c = VdeClient.connect(r.dir, "jvde-bench start-up")) {
                attach = (System.nanoTime() - r.child.startNanos) / 1e6;
            }
            final Start s = new Start(spec.label, rep, r.ctlNanos / 1e6, attach);
            if (memory) {
                final List<VdeClient> clients = new ArrayList<>();
                try {
                    Thread.sleep(SETTLE_MILLIS);
                    s.rssIdleKb = ProcFs.rssKb(r.pid());
                    attach(r.dir, clients, FEW_CLIENTS);
                    Thread.sleep(SETTLE_MILLIS);
                    s.rssFewKb = ProcFs.rssKb(r.pid());
                    s.threads = ProcFs.threads(r.pid());
                    attach(r.dir, clients, MANY_CLIENTS);
                    Thread.sleep(SETTLE_MILLIS);
                    s.rssManyKb = ProcFs.rssKb(r.pid());
                } finally {
                    for (final VdeClient c : clients) {
                        c.close();
                    }
                }
            }
            E2eBench.log("  %-50s ctl %.0f ms, attach %.0f ms, RSS %d/%d/%d kB", spec.label, s.ctlMillis,
                s.attachMillis, s.rssIdleKb, s.rssFewKb, s.rssManyKb);
            return s;
        }
    }

    private static void attach(final Path dir, final List<VdeClient> clients, final int total) throws Exception {
        while (clients.size() < total) {
            clients.add(VdeClient.connect(dir, "jvde-bench idle " + clients.size()));
        }
    }
}
