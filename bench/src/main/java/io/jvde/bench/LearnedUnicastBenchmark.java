package io.jvde.bench;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.EgressList;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.vlan.VlanTable;
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
 * {@link Forwarder#decide} for a unicast frame whose destination the switch has learned: classify, learn (refresh)
 * the source, look up the destination, one egress entry. This is the per-frame work of the engine besides I/O.
 *
 * <p>{@code UNTAGGED}: ports 1 and 2 in VLAN 0, frame 1 to 2 as is. {@code TAGGED}: port 3 is a trunk (tagged
 * member of VLAN 10), port 4 an access port of VLAN 10; the tagged frame from 3 leaves on 4 with its tag popped.
 * The MAC table has the engine's default capacity (65,536) and the two learned hosts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LearnedUnicastBenchmark {
    static final long HOST_A = 0x0200_0000_000AL;
    static final long HOST_B = 0x0200_0000_000BL;
    static final int VLAN = 10;

    /** Untagged within VLAN 0, or tagged in on a trunk and popped out on an access port. */
    public enum Tagging { UNTAGGED, TAGGED }

    @Param({"64", "1514"})
    int frameSize;

    @Param({"UNTAGGED", "TAGGED"})
    Tagging tagging;

    @Param({"DIRECT", "HEAP"})
    BufferKind buffer;

    Forwarder forwarder;
    EgressList out;
    ByteBuffer frame;
    int ingressPort;
    long nowNanos = 1_000_000_000L;

    @Setup
    public void setUp() {
        final MacTable macs = new MacTable(65_536);
        final VlanTable vlans = new VlanTable(macs, false, 32);
        forwarder = new Forwarder(macs, vlans);
        out = forwarder.newEgressList();
        for (int port = 1; port <= 4; port++) {
            forwarder.setActive(port, true);
        }
        vlans.create(VLAN);
        vlans.addTagged(VLAN, 3);
        vlans.setUntagged(4, VLAN);
        final int egressPort;
        final byte[] learnB;
        final byte[] bytes;
        if (tagging == Tagging.UNTAGGED) {
            ingressPort = 1;
            egressPort = 2;
            learnB = BenchFrames.untagged(BenchFrames.BROADCAST, HOST_B, 60);
            bytes = BenchFrames.untagged(HOST_B, HOST_A, frameSize);
        } else {
            ingressPort = 3;
            egressPort = 4;
            learnB = BenchFrames.untagged(BenchFrames.BROADCAST, HOST_B, 60);
            bytes = BenchFrames.tagged(HOST_B, HOST_A, VLAN, frameSize);
        }
        // B announces itself with a broadcast on its port: the switch learns it there, as in the e2e runs.
        final ByteBuffer announce = BenchFrames.slot(buffer, learnB);
        forwarder.decide(announce, BenchFrames.HEADROOM, learnB.length, egressPort, nowNanos, out);
        frame = BenchFrames.slot(buffer, bytes);
        final int r = decide();
        if (r != egressPort || out.count() != 1 || out.flood()) {
            throw new IllegalStateException("setup: expected a learned unicast to port " + egressPort
                + ", got " + out + " (decide returned " + r + ")");
        }
    }

    /** The decision; returns the egress port so nothing can be eliminated. */
    @Benchmark
    public int decide() {
        final int r = forwarder.decide(frame, BenchFrames.HEADROOM, frameSize, ingressPort, nowNanos, out);
        return r == Forwarder.FORWARD ? out.port(0) : r;
    }
}
