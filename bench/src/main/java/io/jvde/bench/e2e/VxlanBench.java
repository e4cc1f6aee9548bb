package io.jvde.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VXLAN uplink's cost, side by side in one run (issue 10): the generator's sender and receiver exchange 64- and
 * 1514-byte frames (a) through one jvde and (b) through two jvde joined by VXLAN over a veth pair between two
 * network namespaces (the "two hosts"; the unix sockets stay reachable from here through the file system). Reports
 * delivered frames/s unpaced, loss, switch CPU per frame (both switches for (b)), (b)'s loss when offered half of
 * (a)'s rate, and, for reference, iperf3 UDP between two namespaces joined by Linux kernel vxlan devices. Needs root
 * (namespaces); everything it creates is named {@code jvdeb-*} and removed at exit.
 *
 * <pre>java -cp benchmarks.jar io.jvde.bench.e2e.VxlanBench [--rounds N] [--seconds S] [--jvde-opts "ARGS"]
 *     [--alt-opts "ARGS"]</pre>
 * {@code --jvde-opts} adds switch arguments (e.g. {@code --vxlan-sockbuf 67108864}) to both VXLAN switches;
 * {@code --alt-opts} runs a second VXLAN pair with those arguments instead, in two more namespaces, and measures it
 * in every round beside the first (before/after in one run).
 */
public final class VxlanBench {
    private static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m",
        "-XX:+AlwaysPreTouch");
    private final Path tmp;
    private final String tag = Long.toString(ProcessHandle.current().pid());
    private final List<String> namespaces = new ArrayList<>();
    private final List<Child> children = new ArrayList<>();
    private final Generator generator = new Generator();

    /** Extra switch arguments of the VXLAN pair, and of the second pair (null: none). */
    private final List<String> opts;
    private final List<String> alt;

    private VxlanBench(final Path tmp, final List<String> opts, final List<String> alt) {
        this.tmp = tmp;
        this.opts = opts;
        this.alt = alt;
    }

    private static List<String> words(final String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private List<String> vxlanArgs(final String local, final String peer, final List<String> extra) {
        final List<String> l = new ArrayList<>(List.of("--vxlan", local, "--vxlan-peer", peer, "--vxlan-mtu", "1500"));
        l.addAll(extra);
        return l;
    }

    public static void main(final String[] args) throws Exception {
        int rounds = 3;
        double seconds = 3;
        List<String> opts = List.of();
        List<String> alt = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--jvde-opts": opts = words(args[++i]); break;
                case "--alt-opts": alt = words(args[++i]); break;
                default: throw new IllegalArgumentException(args[i] + " (expected: --rounds N, --seconds S, "
                    + "--jvde-opts ARGS, --alt-opts ARGS)");
            }
        }
        final Path tmp = Files.createTempDirectory("jvde-vxlan-bench");
        Child.trackIn(tmp.resolve("children.pids"));
        final VxlanBench b = new VxlanBench(tmp, opts, alt);
        try {
            b.run(rounds, seconds);
        } finally {
            b.cleanup();
        }
    }

    private void run(final int rounds, final double seconds) throws Exception {
        final String a = netns("a");
        final String bns = netns("b");
        sh("ip", "link", "add", "vxa", "netns", a, "mtu", "9000", "type", "veth", "peer", "name", "vxb", "netns", bns,
            "mtu", "9000");
        up(a, "vxa", "10.220.0.1/24");
        up(bns, "vxb", "10.220.0.2/24");
        final Path one = tmp.resolve("one");
        final Path x1 = tmp.resolve("x1");
        final Path x2 = tmp.resolve("x2");
        final Child sOne = jvde(a, one, List.of());
        final Child sX1 = jvde(a, x1, vxlanArgs("10.220.0.1", "10.220.0.2", opts));
        final Child sX2 = jvde(bns, x2, vxlanArgs("10.220.0.2", "10.220.0.1", opts));
        for (final Object[] c : new Object[][] {{sOne, one}, {sX1, x1}, {sX2, x2}}) {
            ((Child) c[0]).awaitCtl((Path) c[1], 30_000);
        }
        // the second pair (--alt-opts): same layout in two more namespaces
        final String e = alt != null ? netns("e") : null;
        final String f = alt != null ? netns("f") : null;
        final Path y1 = tmp.resolve("y1");
        final Path y2 = tmp.resolve("y2");
        Child sY1 = null;
        Child sY2 = null;
        if (alt != null) {
            sh("ip", "link", "add", "vxe", "netns", e, "mtu", "9000", "type", "veth", "peer", "name", "vxf", "netns",
                f, "mtu", "9000");
            up(e, "vxe", "10.223.0.1/24");
            up(f, "vxf", "10.223.0.2/24");
            sY1 = jvde(e, y1, vxlanArgs("10.223.0.1", "10.223.0.2", alt));
            sY2 = jvde(f, y2, vxlanArgs("10.223.0.2", "10.223.0.1", alt));
            sY1.awaitCtl(y1, 30_000);
            sY2.awaitCtl(y2, 30_000);
        }
        final long sendNanos = (long) (seconds * 1e9);
        // warm-up: JIT both paths
        runOne(one, one, 64, 1, 0, sOne);
        runTwo(x1, x2, 64, 1, 0, sX1, sX2);
        if (alt != null) {
            runTwo(y1, y2, 64, 1, 0, sY1, sY2);
        }
        final StringBuilder altRounds = new StringBuilder("| round | frame | (a) frames/s | (b) frames/s | (b) loss "
            + "| (b) paced loss | (b') frames/s | (b') loss | (b') CPU µs/frame | (b')/(a) | (b') paced: delivered/s "
            + "| loss |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        final int[] sizes = {64, 1514};
        final double[][] fpsA = new double[sizes.length][rounds];
        final double[][] fpsB = new double[sizes.length][rounds];
        final double[][] cpuA = new double[sizes.length][rounds];
        final double[][] cpuB = new double[sizes.length][rounds];
        final double[][] lossA = new double[sizes.length][rounds];
        final double[][] lossB = new double[sizes.length][rounds];
        final double[][] pacedLossB = new double[sizes.length][rounds];
        final double[][] pacedFpsB = new double[sizes.length][rounds];
        final StringBuilder perRound = new StringBuilder("| round | frame | (a) frames/s | (a) loss | (a) CPU µs/frame "
            + "| (b) frames/s | (b) loss | (b) CPU µs/frame | (b)/(a) | (b) paced: delivered/s | loss |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        final long[] overflowsBefore = {udpDrops(a), udpDrops(bns), alt != null ? udpDrops(e) : 0,
            alt != null ? udpDrops(f) : 0};
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < sizes.length; s++) {
                final Generator.Result ra = runOne(one, one, sizes[s], seconds, 0, sOne);
                final Generator.Result rb = runTwo(x1, x2, sizes[s], seconds, 0, sX1, sX2);
                final Generator.Result rp = runTwo(x1, x2, sizes[s], seconds, ra.deliveredFps() * 0.5, sX1, sX2);
                fpsA[s][round] = ra.deliveredFps();
                fpsB[s][round] = rb.deliveredFps();
                cpuA[s][round] = ra.switchCpuMicrosPerFrame();
                cpuB[s][round] = rb.switchCpuMicrosPerFrame();
                lossA[s][round] = ra.lossPercent();
                lossB[s][round] = rb.lossPercent();
                pacedLossB[s][round] = rp.lossPercent();
                pacedFpsB[s][round] = rp.deliveredFps();
                System.err.printf(Locale.ROOT, "round %d %d B: (a) %s%n  (b) %s%n  (b) paced %s%n", round, sizes[s],
                    ra, rb, rp);
                if (alt != null) {
                    final Generator.Result qb = runTwo(y1, y2, sizes[s], seconds, 0, sY1, sY2);
                    final Generator.Result qp = runTwo(y1, y2, sizes[s], seconds, ra.deliveredFps() * 0.5, sY1, sY2);
                    System.err.printf(Locale.ROOT, "  (b') %s%n  (b') paced %s%n", qb, qp);
                    altRounds.append(String.format(Locale.ROOT, "| %d | %d B | %,.0f | %,.0f | %.2f %% | %.2f %% "
                            + "| %,.0f | %.2f %% | %.2f | %.2f | %,.0f | %.2f %% |%n", round + 1, sizes[s],
                        ra.deliveredFps(), rb.deliveredFps(), rb.lossPercent(), rp.lossPercent(), qb.deliveredFps(),
                        qb.lossPercent(), qb.switchCpuMicrosPerFrame(), qb.deliveredFps() / ra.deliveredFps(),
                        qp.deliveredFps(), qp.lossPercent()));
                }
                perRound.append(String.format(Locale.ROOT, "| %d | %d B | %,.0f | %.2f %% | %.2f | %,.0f | %.2f %% | %.2f "
                        + "| %.2f | %,.0f | %.2f %% |%n", round + 1, sizes[s], ra.deliveredFps(), ra.lossPercent(),
                    ra.switchCpuMicrosPerFrame(), rb.deliveredFps(), rb.lossPercent(), rb.switchCpuMicrosPerFrame(),
                    rb.deliveredFps() / ra.deliveredFps(), rp.deliveredFps(), rp.lossPercent()));
            }
        }
        final StringBuilder md = new StringBuilder();
        md.append("| frame | (a) one jvde: frames/s | loss | switch CPU µs/frame | (b) two jvde + VXLAN: frames/s | loss "
            + "| CPU µs/frame (both) | (b)/(a) | (b) offered 50 % of (a): delivered/s | loss |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int s = 0; s < sizes.length; s++) {
            final double ma = Stats.median(fpsA[s]);
            final double mb = Stats.median(fpsB[s]);
            md.append(String.format(Locale.ROOT, "| %d B | %,.0f | %.2f %% | %.2f | %,.0f | %.2f %% | %.2f | %.2f | %,.0f "
                    + "| %.2f %% |%n", sizes[s], ma, Stats.median(lossA[s]), Stats.median(cpuA[s]), mb,
                Stats.median(lossB[s]), Stats.median(cpuB[s]), ratioMedian(fpsB[s], fpsA[s]),
                Stats.median(pacedFpsB[s]), Stats.median(pacedLossB[s])));
        }
        md.append("\nPer round:\n\n").append(perRound);
        md.append(String.format(Locale.ROOT, "%nKernel drops at the tunnel sockets during the rounds (rcvbuf_overflow, "
            + "/proc/net/udp drops of UDP port 4789): jvde 1 %d, jvde 2 %d%n", udpDrops(a) - overflowsBefore[0],
            udpDrops(bns) - overflowsBefore[1]));
        if (alt != null) {
            md.append(String.format(Locale.ROOT, "%n(b) switch arguments: %s; (b') switch arguments: %s%n%n%s%n"
                + "Kernel drops at the tunnel sockets of (b'): jvde 1 %d, jvde 2 %d%n", opts, alt, altRounds,
                udpDrops(e) - overflowsBefore[2], udpDrops(f) - overflowsBefore[3]));
        }
        md.append('\n').append(iperf(seconds));
        System.out.println(md);
    }

    /** The drops column of /proc/net/udp for the sockets on UDP port 4789 in {@code ns} (the switch's tunnel). */
    private static long udpDrops(final String ns) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder("ip", "netns", "exec", ns, "cat", "/proc/net/udp")
            .redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        long drops = 0;
        for (final String line : out.split("\n")) {
            final String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
            if (f.length >= 13 && f[1].endsWith(":12B5")) {
                drops += Long.parseLong(f[12]);
            }
        }
        return drops;
    }

    /** Median of the per-round ratios b/a (each ratio taken within one round). */
    private static double ratioMedian(final double[] b, final double[] a) {
        final double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = b[i] / a[i];
        }
        return Stats.median(r);
    }

    private Generator.Result runOne(final Path send, final Path receive, final int size, final double seconds,
                                    final double rate, final Child sw) throws Exception {
        try (Ports p = Ports.attach(send, 2)) {
            return generator.run(p, new Generator.Spec(size, false, Long.MAX_VALUE, (long) (seconds * 1e9), rate),
                sw.pid());
        }
    }

    private Generator.Result runTwo(final Path send, final Path receive, final int size, final double seconds,
                                    final double rate, final Child s1, final Child s2) throws Exception {
        try (Ports p = Ports.attachSplit(send, receive, 2)) {
            final long cpu0 = ProcFs.cpuNanos(s1.pid()) + ProcFs.cpuNanos(s2.pid());
            final Generator.Result r = generator.run(p, new Generator.Spec(size, false, Long.MAX_VALUE,
                (long) (seconds * 1e9), rate), -1);
            r.switchCpuNanos = ProcFs.cpuNanos(s1.pid()) + ProcFs.cpuNanos(s2.pid()) - cpu0;
            return r;
        }
    }

    /** iperf3 UDP, unlimited rate, 64- and 1514-byte frames on the wire, over kernel vxlan between two namespaces. */
    private String iperf(final double seconds) throws Exception {
        if (!new java.io.File("/usr/bin/iperf3").canExecute()) {
            return "iperf3 reference: not run (iperf3 is not installed)\n";
        }
        final String c = netns("c");
        final String d = netns("d");
        sh("ip", "link", "add", "vxc", "netns", c, "mtu", "9000", "type", "veth", "peer", "name", "vxd", "netns", d,
            "mtu", "9000");
        up(c, "vxc", "10.221.0.1/24");
        up(d, "vxd", "10.221.0.2/24");
        sh("ip", "-n", c, "link", "add", "vx0", "mtu", "1500", "type", "vxlan", "id", "42", "local", "10.221.0.1",
            "remote", "10.221.0.2", "dstport", "4789", "dev", "vxc");
        sh("ip", "-n", d, "link", "add", "vx0", "mtu", "1500", "type", "vxlan", "id", "42", "local", "10.221.0.2",
            "remote", "10.221.0.1", "dstport", "4789", "dev", "vxd");
        up(c, "vx0", "10.222.0.1/24");
        up(d, "vx0", "10.222.0.2/24");
        final StringBuilder sb = new StringBuilder("| iperf3 -u -b 0 over kernel vxlan (reference) | datagrams/s "
            + "received | loss | Mbit/s |\n|---|---|---|---|\n");
        for (final int[] size : new int[][] {{64, 18}, {1514, 1472}}) {
            final Child server = Child.start(List.of("ip", "netns", "exec", d, "iperf3", "-s", "-1", "-B",
                "10.222.0.2"), "iperf3-server", tmp.resolve("iperf3.log"));
            children.add(server);
            Thread.sleep(500);
            final Process client = new ProcessBuilder("ip", "netns", "exec", c, "iperf3", "-u", "-b", "0", "-l",
                Integer.toString(size[1]), "-t", Long.toString(Math.max(1, Math.round(seconds))), "-c",
                "10.222.0.2").redirectErrorStream(true).start();
            final String out = new String(client.getInputStream().readAllBytes());
            client.waitFor(60, TimeUnit.SECONDS);
            server.close();
            // receiver line: [ ID] Interval Transfer Bitrate Jitter Lost/Total Datagrams ... receiver
            final Matcher m = Pattern.compile("([\\d.]+)\\s+sec\\s+[\\d.]+ \\w?Bytes\\s+([\\d.]+) (\\w)bits/sec\\s+"
                + "[\\d.]+ ms\\s+(\\d+)/(\\d+) \\(([\\d.e+-]+)%\\)\\s+receiver").matcher(out);
            if (m.find()) {
                final double secs = Double.parseDouble(m.group(1));
                final long lost = Long.parseLong(m.group(4));
                final long total = Long.parseLong(m.group(5));
                final double rate = Double.parseDouble(m.group(2)) * ("G".equals(m.group(3)) ? 1e3
                    : "M".equals(m.group(3)) ? 1 : 1e-3);
                sb.append(String.format(Locale.ROOT, "| %d B frames (-l %d) | %,.0f | %s %% | %.1f |%n", size[0],
                    size[1], (total - lost) / secs, m.group(6), rate));
            } else {
                sb.append("| ").append(size[0]).append(" B | iperf3 output not understood | | |\n");
                System.err.println(out);
            }
        }
        return sb.toString();
    }

    private Child jvde(final String ns, final Path dir, final List<String> extra) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SwitchMain.class.getName(),
            dir.toString()));
        cmd.addAll(extra);
        final Child c = Child.start(cmd, "jvde " + dir.getFileName(), tmp.resolve("switches.log"));
        children.add(c);
        return c;
    }

    private String netns(final String name) throws IOException, InterruptedException {
        final String n = "jvdeb-" + name + "-" + tag;
        sh("ip", "netns", "add", n);
        namespaces.add(n);
        sh("ip", "-n", n, "link", "set", "lo", "up");
        return n;
    }

    private static void up(final String ns, final String dev, final String cidr) throws Exception {
        sh("ip", "-n", ns, "addr", "add", cidr, "dev", dev);
        sh("ip", "-n", ns, "link", "set", dev, "up");
    }

    private static void sh(final String... cmd) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out.trim());
        }
    }

    private void cleanup() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
        for (final String n : namespaces) {
            try {
                sh("ip", "netns", "del", n);
            } catch (IOException | InterruptedException e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }
}
