package io.jvde.bench;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.frame.EthernetFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Where the time of {@link LearnedUnicastBenchmark} goes, by subtraction (this machine has no hardware counters for
 * a cycle profile): the frame reads alone, the two MAC table operations alone, both together (the inherent work),
 * and the full {@code Forwarder.decide} on the same frame (adds VLAN classification, membership checks and the
 * egress list bookkeeping).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DecisionPartsBenchmark {
    final LearnedUnicastBenchmark decision = new LearnedUnicastBenchmark();
    final MacTable macs = new MacTable(65_536);
    final long nowNanos = 1_000_000_000L;
    ByteBuffer frame;

    @Setup
    public void setUp() {
        decision.frameSize = 64;
        decision.tagging = LearnedUnicastBenchmark.Tagging.UNTAGGED;
        decision.buffer = BufferKind.DIRECT;
        decision.setUp();
        frame = decision.frame;
        macs.learn(0, LearnedUnicastBenchmark.HOST_A, 1, nowNanos);
        macs.learn(0, LearnedUnicastBenchmark.HOST_B, 2, nowNanos);
    }

    /** EtherType, source and destination from the direct buffer. */
    @Benchmark
    public long frameReads() {
        return EthernetFrame.etherType(frame, BenchFrames.HEADROOM) + EthernetFrame.src(frame, BenchFrames.HEADROOM)
            + EthernetFrame.dst(frame, BenchFrames.HEADROOM);
    }

    /** Refresh the source, look up the destination. */
    @Benchmark
    public int macTableOps() {
        return macs.learn(0, LearnedUnicastBenchmark.HOST_A, 1, nowNanos)
            + macs.lookup(0, LearnedUnicastBenchmark.HOST_B, nowNanos);
    }

    /** The inherent work of a learned unicast: read the frame, refresh the source, look up the destination. */
    @Benchmark
    public int readsAndMacTableOps() {
        final int type = EthernetFrame.etherType(frame, BenchFrames.HEADROOM);
        return type + macs.learn(0, EthernetFrame.src(frame, BenchFrames.HEADROOM), 1, nowNanos)
            + macs.lookup(0, EthernetFrame.dst(frame, BenchFrames.HEADROOM), nowNanos);
    }

    /** The whole decision, as {@link LearnedUnicastBenchmark#decide} (direct, 64 B, untagged). */
    @Benchmark
    public int fullDecision() {
        return decision.decide();
    }
}
