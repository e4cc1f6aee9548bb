package io.jvde.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JMH CSV (with -prof gc rows) becomes one table row per benchmark and parameter set, and target verdicts. */
class JmhTableTest {
    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
        + "\"Score Error (99.9%)\",\"Unit\",\"Param: buffer\",\"Param: entries\",\"Param: frameSize\","
        + "\"Param: tagging\"";

    private static String markdown(final double decideNs, final double decideBytes, final double lookupNs) {
        return JmhTable.markdown(List.of(HEADER,
            "\"io.jvde.bench.LearnedUnicastBenchmark.decide\",\"avgt\",1,5," + decideNs
                + ",1.5,\"ns/op\",DIRECT,,64,UNTAGGED",
            "\"io.jvde.bench.LearnedUnicastBenchmark.decide:·gc.alloc.rate.norm\",\"avgt\",1,5," + decideBytes
                + ",0.001,\"B/op\",DIRECT,,64,UNTAGGED",
            "\"io.jvde.bench.MacTableBenchmark.lookupRandom\",\"avgt\",1,5," + lookupNs
                + ",0.5,\"ns/op\",,100000,,",
            "\"io.jvde.bench.MacTableBenchmark.lookupRandom:·gc.alloc.rate.norm\",\"avgt\",1,5,0.0001,0.001,"
                + "\"B/op\",,100000,,"), "bench/jmh.sh");
    }

    @Test
    void shouldWriteOneRowPerBenchmarkAndParameterSetWithItsBytesPerOperation() {
        final String md = markdown(21.25, 0.0001, 12.5);
        assertTrue(md.contains("| LearnedUnicastBenchmark.decide | buffer=DIRECT, frameSize=64, tagging=UNTAGGED "
            + "| 21.3 | 1.5 | 0.00 |"), md);
        assertTrue(md.contains("| MacTableBenchmark.lookupRandom | entries=100000 | 12.5 | 0.5 | 0.00 |"), md);
    }

    @Test
    void shouldMeetTheTargetsOnlyWhenFastEnoughAndAllocationFree() {
        final String met = markdown(21.25, 0.0001, 12.5);
        assertTrue(met.contains("(direct buffer, 64 B, untagged) | 21.3 ± 1.5 ns/op, 0.00 B/op | yes |"), met);
        assertTrue(met.contains("(random live address) | 12.5 ± 0.5 ns/op, 0.00 B/op | yes |"), met);
        final String slow = markdown(30, 0.0001, 25);
        assertTrue(slow.contains("(direct buffer, 64 B, untagged) | 30.0 ± 1.5 ns/op, 0.00 B/op | **no** |"), slow);
        assertTrue(slow.contains("(random live address) | 25.0 ± 0.5 ns/op, 0.00 B/op | **no** |"), slow);
        final String allocating = markdown(21.25, 16, 12.5);
        assertTrue(allocating.contains("| 21.3 ± 1.5 ns/op, 16.00 B/op | **no** |"), allocating);
    }
}
