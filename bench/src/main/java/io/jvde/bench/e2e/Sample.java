package io.jvde.bench.e2e;

/** One measurement: which section and round, the traffic, the path measured and what the generator saw. */
final class Sample {
    final String section;
    final int round;
    final Cell cell;
    final String path;
    /** Offered load as a fraction of jvde's maximum in the paced section; 0 when unpaced. */
    final double load;
    final Generator.Result result;

    Sample(final String section, final int round, final Cell cell, final String path, final double load,
           final Generator.Result result) {
        this.section = section;
        this.round = round;
        this.cell = cell;
        this.path = path;
        this.load = load;
        this.result = result;
    }

    String tsv() {
        final Generator.Result r = result;
        return String.join("\t", section, Integer.toString(round), Integer.toString(cell.frameSize),
            Integer.toString(cell.ports), cell.traffic(), path, String.format("%.2f", load), Long.toString(r.sent),
            Long.toString(r.expected), Long.toString(r.received), Long.toString(r.stray),
            String.format("%.0f", r.offeredFps()), String.format("%.0f", r.deliveredFps()),
            String.format("%.3f", r.lossPercent()), String.format("%.1f", r.p50Nanos / 1e3),
            String.format("%.1f", r.p99Nanos / 1e3), String.format("%.0f", r.switchCpuNanosPerFrame()),
            String.format("%.3f", r.generatorCpuMicrosPerFrame()));
    }

    static String tsvHeader() {
        return "section\tround\tframe\tports\ttraffic\tpath\tload\tsent\texpected\treceived\tstray\toffered_fps"
            + "\tdelivered_fps\tloss_pct\tp50_us\tp99_us\tswitch_cpu_ns_per_frame\tgen_cpu_us_per_frame";
    }
}
