package io.jvde.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The floor every other benchmark sits on (named to sort first, like real-logic's): an operation that does
 * nothing but return a field, and a raw copy of one frame between two direct buffers, which is what the engine
 * pays per queued frame and what an in-process port pays per delivered one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class A1BaselineBenchmark {
    @Param({"64", "1514"})
    int frameSize;

    private ByteBuffer src;
    private ByteBuffer dst;
    private int value = 42;

    @Setup
    public void setUp() {
        src = BenchFrames.slot(BufferKind.DIRECT, BenchFrames.untagged(2, 1, frameSize));
        dst = ByteBuffer.allocateDirect(BenchFrames.SLOT);
    }

    /** The cost of calling a benchmark method at all. */
    @Benchmark
    public int emptyOp() {
        return value;
    }

    /** {@code ByteBuffer.put(int, ByteBuffer, int, int)}: one frame, direct to direct. */
    @Benchmark
    public ByteBuffer rawCopy() {
        return dst.put(BenchFrames.HEADROOM, src, BenchFrames.HEADROOM, frameSize);
    }
}
