package io.jvde.bench;

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
 * What the DHCP exchange benchmarks share: the responder's state ({@link DhcpBench}) per table size and path, and the
 * check after every iteration that each request produced exactly one reply, without which the figure would measure
 * something else. Subclasses count their operations in {@link #ops}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public abstract class DhcpExchangeBenchmark {
    @Param({"1000", "100000"})
    int clients;

    @Param({"DIRECT", "RELAYED"})
    DhcpPath path;

    DhcpBench bench;
    long ops;
    long sentBefore;

    /** e.g. "DISCOVER" and "OFFER", for the failure message. */
    abstract String request();

    abstract String reply();

    @Setup(Level.Trial)
    public void setUp() {
        bench = new DhcpBench(clients, path);
    }

    @Setup(Level.Iteration)
    public void mark() {
        ops = 0;
        sentBefore = bench.sent;
    }

    @TearDown(Level.Iteration)
    public void verify() {
        if (bench.sent - sentBefore != ops) {
            throw new IllegalStateException((bench.sent - sentBefore) + " " + reply() + "s for " + ops + " "
                + request() + "s");
        }
    }
}
