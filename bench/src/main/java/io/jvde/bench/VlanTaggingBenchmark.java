package io.jvde.bench;

import io.jvde.sw.forward.EgressAction;
import io.jvde.sw.frame.VlanTagging;
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
 * 802.1Q tag insertion and stripping with {@link VlanTagging}, the two ways the engine does it: in place, moving
 * the 12 address bytes through the receive slot's 4-byte headroom (in-process ports), and as a copy of the whole
 * variant into another buffer (overflow queues). The socket path itself needs neither: it splices the tag in or
 * out with scatter/gather iovecs. Compare the copies with {@link A1BaselineBenchmark#rawCopy}.
 *
 * <p>The in-place methods rewrite the same 16 bytes on every call; their cost does not depend on the bytes, so the
 * frame is not restored between calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VlanTaggingBenchmark {
    static final int TCI = 0x200A; // PCP 1, VID 10

    @Param({"64", "1514"})
    int frameSize;

    ByteBuffer untagged;
    ByteBuffer tagged;
    ByteBuffer dst;

    @Setup
    public void setUp() {
        untagged = BenchFrames.slot(BufferKind.DIRECT, BenchFrames.untagged(2, 1, frameSize));
        tagged = BenchFrames.slot(BufferKind.DIRECT, BenchFrames.tagged(2, 1, TCI, frameSize));
        dst = ByteBuffer.allocateDirect(BenchFrames.SLOT);
    }

    /** {@link VlanTagging#pushTag}: returns the new offset. */
    @Benchmark
    public int pushTagInPlace() {
        return VlanTagging.pushTag(untagged, BenchFrames.HEADROOM, frameSize, TCI);
    }

    /** {@link VlanTagging#popTag}: returns the new offset. */
    @Benchmark
    public int popTagInPlace() {
        return VlanTagging.popTag(tagged, BenchFrames.HEADROOM, frameSize);
    }

    /** {@link VlanTagging#copyVariant} with {@code PUSH_TAG}: returns the length written. */
    @Benchmark
    public int pushTagCopy() {
        return VlanTagging.copyVariant(untagged, BenchFrames.HEADROOM, frameSize, EgressAction.PUSH_TAG, TCI, dst,
            BenchFrames.HEADROOM);
    }

    /** {@link VlanTagging#copyVariant} with {@code POP_TAG}: returns the length written. */
    @Benchmark
    public int popTagCopy() {
        return VlanTagging.copyVariant(tagged, BenchFrames.HEADROOM, frameSize, EgressAction.POP_TAG, 0, dst,
            BenchFrames.HEADROOM);
    }
}
