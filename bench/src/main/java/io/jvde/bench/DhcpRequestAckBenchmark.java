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
 * REQUEST (SELECTING) → ACK on the real {@code DhcpResponder}: {@code onFrame} decodes the request, checks the server
 * identifier and the requested address against the client's lease, extends the lease and appends its journal record,
 * encodes the ACK and stages it; {@code flush()} is the group commit (an in-memory journal here, so no fsync) that
 * hands the ACK to the sink. One operation is one REQUEST and one flush, i.e. a batch of one, the worst case for the
 * group commit. The lease is the one the client already holds, so the table stays at {@code clients} leases and
 * every operation does the same work. See {@link DhcpBench} for the state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DhcpRequestAckBenchmark {
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

    /** Every REQUEST must have produced exactly one ACK. */
    @TearDown(Level.Iteration)
    public void verify() {
        if (bench.sent - sentBefore != ops) {
            throw new IllegalStateException((bench.sent - sentBefore) + " ACKs for " + ops + " REQUESTs");
        }
    }

    @Benchmark
    public int requestAck() {
        ops++;
        final int reason = bench.responder.onFrame(DhcpBench.PORT, DhcpBench.VID, bench.requests, bench.next(),
            DhcpBench.FRAME_LENGTH, DhcpBench.START);
        return reason + bench.responder.flush();
    }
}
