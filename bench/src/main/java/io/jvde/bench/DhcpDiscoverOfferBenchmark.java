package io.jvde.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * DISCOVER → OFFER on the real {@code DhcpResponder.onFrame}: Ethernet/IPv4/UDP checks (UDP checksum verified), the
 * BOOTP header and options decoded, the client's lease looked up among {@code clients} leases, the OFFER encoded
 * (options, IPv4 and UDP checksums) and handed to the sink. See {@link DhcpBench} for the state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DhcpDiscoverOfferBenchmark {
    @Param({"1000", "100000"})
    int clients;

    @Param({"DIRECT", "RELAYED"})
    DhcpPath path;

    DhcpBench bench;
    long ops;
    long sentBefore;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new DhcpBench(clients, path);
    }

    @Setup(Level.Iteration)
    public void mark() {
        ops = 0;
        sentBefore = bench.sent;
    }

    /** Every DISCOVER must have produced exactly one OFFER, or the figure measures something else. */
    @TearDown(Level.Iteration)
    public void verify() {
        if (bench.sent - sentBefore != ops) {
            throw new IllegalStateException((bench.sent - sentBefore) + " OFFERs for " + ops + " DISCOVERs");
        }
    }

    @Benchmark
    public int discoverOffer() {
        ops++;
        return bench.responder.onFrame(DhcpBench.PORT, DhcpBench.VID, bench.discovers, bench.next(),
            DhcpBench.FRAME_LENGTH, DhcpBench.START);
    }
}
