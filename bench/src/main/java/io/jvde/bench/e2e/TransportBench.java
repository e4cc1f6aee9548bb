package io.jvde.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stream transport against VDE datagrams, side by side in one run ({@code bench/transports.sh}): one jvde process
 * with {@code --stream}, and for 64- and 1514-byte unicast, rounds that alternate two VDE clients
 * ({@link Generator}, sendmmsg/recvmmsg) and two stream connections ({@link StreamGenerator}, 32 frames per write,
 * up to 1 MiB per read), each unpaced (the switch's reading paces the sender) for the same time. Reports medians
 * of delivered frames/s, loss and the switch's CPU per frame, and the stream/VDE ratio.
 *
 * <pre>java -cp benchmarks.jar io.jvde.bench.e2e.TransportBench --tmp DIR --out REPORT.md [--rounds N]
 *     [--seconds S] [--frames N] [--java PATH] [--command-line TEXT]</pre>
 */
public final class TransportBench {
    private static final int[] SIZES = {64, 1514};

    private TransportBench() {
    }

    public static void main(final String[] args) throws Exception {
        Path tmp = null;
        Path out = null;
        int rounds = 5;
        double seconds = 1.5;
        long frames = 3_000_000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String commandLine = "";
        for (int i = 0; i < args.length; i += 2) {
            final String v = args[i + 1];
            switch (args[i]) {
                case "--tmp": tmp = Path.of(v); break;
                case "--out": out = Path.of(v); break;
                case "--rounds": rounds = Integer.parseInt(v); break;
                case "--seconds": seconds = Double.parseDouble(v); break;
                case "--frames": frames = Long.parseLong(v); break;
                case "--java": java = v; break;
                case "--command-line": commandLine = v; break;
                default: throw new IllegalArgumentException("option: " + args[i] + " (see the class comment)");
            }
        }
        if (tmp == null || out == null) {
            throw new IllegalArgumentException("--tmp DIR and --out FILE are required");
        }
        Child.trackIn(tmp.resolve("children.pids"));
        final Path dir = tmp.resolve("sw");
        final Path stream = tmp.resolve("sw.stream");
        final String load0 = loadAverage();
        final List<String> cmd = List.of(java, "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC", "-cp",
            System.getProperty("java.class.path"), SwitchMain.class.getName(), dir.toString(), "--stream",
            stream.toString());
        final List<String> rows = new ArrayList<>();
        try (Child sw = Child.start(cmd, "jvde", tmp.resolve("jvde.log"))) {
            sw.awaitCtl(dir, 30_000);
            final Generator vdeGen = new Generator();
            for (final int size : SIZES) {
                final List<Generator.Result> vde = new ArrayList<>();
                final List<Generator.Result> st = new ArrayList<>();
                for (int round = 0; round <= rounds; round++) { // round 0 warms the switch up and is not counted
                    for (int k = 0; k < 2; k++) {
                        final boolean streamFirst = round % 2 == 1;
                        if ((k == 0) == streamFirst) {
                            try (StreamGenerator g = new StreamGenerator(stream.toString())) {
                                Thread.sleep(100);
                                final Generator.Result r = g.run(size, frames, seconds, sw.pid());
                                System.err.println("stream " + size + " B round " + round + ": " + r);
                                if (round > 0) {
                                    st.add(r);
                                }
                            }
                        } else {
                            try (Ports p = Ports.attach(dir, 2)) {
                                final Generator.Result r = vdeGen.run(p, new Generator.Spec(size, false, frames,
                                    (long) (seconds * 1e9), 0), sw.pid());
                                System.err.println("vde    " + size + " B round " + round + ": " + r);
                                if (round > 0) {
                                    vde.add(r);
                                }
                            }
                        }
                        Thread.sleep(200);
                    }
                }
                final double vFps = Stats.median(vde, Generator.Result::deliveredFps);
                final double sFps = Stats.median(st, Generator.Result::deliveredFps);
                rows.add(row(size, "VDE datagram (2 vde clients)", vde, Double.NaN));
                rows.add(row(size, "stream (2 connections)", st, sFps / vFps));
            }
        }
        final StringBuilder md = new StringBuilder();
        md.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)).append(" with `")
            .append(commandLine).append("`: one jvde process (`SwitchMain DIR --stream PATH`, -Xmx256m, SerialGC), ")
            .append(rounds).append(" rounds of ").append(seconds).append(" s per cell after a warm-up round, ")
            .append("VDE and stream alternating within each round; unicast between two ports, unpaced. Load average ")
            .append(load0).append(" at start, ").append(loadAverage()).append(" at end (2 cores, shared).\n\n");
        md.append("| frame | transport | delivered frames/s (median, min-max) | loss (median) | switch CPU per frame"
            + " | stream / VDE |\n|---|---|---|---|---|---|\n");
        rows.forEach(md::append);
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    private static String row(final int size, final String label, final List<Generator.Result> rs,
                              final double ratio) {
        final double[] fps = rs.stream().mapToDouble(Generator.Result::deliveredFps).toArray();
        return String.format(Locale.ROOT, "| %d B | %s | %s (%s-%s) | %s | %s µs | %s |%n", size, label,
            Stats.count(Stats.median(fps)), Stats.count(Stats.min(fps)), Stats.count(Stats.max(fps)),
            Stats.loss(Stats.median(rs, Generator.Result::lossPercent)),
            Stats.fixed(Stats.median(rs, Generator.Result::switchCpuMicrosPerFrame), 2),
            Double.isNaN(ratio) ? "" : Stats.ratio(ratio));
    }


    private static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
