package io.jvde.bench;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.EgressAction;
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
 * {@link Forwarder#decide} for a frame flooded to 16 ports (ingress port 1, ports 1..17 active: 16 egress entries).
 *
 * <p>{@code AS_IS}: all ports in VLAN 0, every copy leaves untagged. {@code PUSH}: port 1 is an access port of
 * VLAN 10 and ports 2..17 are its tagged members, so every egress entry is a tag insertion. The destination is the
 * broadcast address or a unicast address nobody has learned (the same flood, plus a failed lookup).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BroadcastFloodBenchmark {
    static final int EGRESS_PORTS = 16;
    static final long SOURCE = 0x0200_0000_0001L;
    static final long UNKNOWN = 0x0200_0000_FFFFL;
    static final int VLAN = 10;

    /** The destination of the flooded frame. */
    public enum Destination { BROADCAST, UNKNOWN_UNICAST }

    /** How every flooded copy is tagged. */
    public enum Tagging { AS_IS, PUSH }

    @Param({"BROADCAST", "UNKNOWN_UNICAST"})
    Destination destination;

    @Param({"AS_IS", "PUSH"})
    Tagging tagging;

    Forwarder forwarder;
    EgressList out;
    ByteBuffer frame;
    int frameSize = 64;
    long nowNanos = 1_000_000_000L;

    @Setup
    public void setUp() {
        final MacTable macs = new MacTable(65_536);
        final VlanTable vlans = new VlanTable(macs, false, 32);
        forwarder = new Forwarder(macs, vlans);
        out = forwarder.newEgressList();
        for (int port = 1; port <= EGRESS_PORTS + 1; port++) {
            forwarder.setActive(port, true);
        }
        if (tagging == Tagging.PUSH) {
            vlans.create(VLAN);
            vlans.setUntagged(1, VLAN);
            for (int port = 2; port <= EGRESS_PORTS + 1; port++) {
                vlans.addTagged(VLAN, port);
            }
        }
        final long dst = destination == Destination.BROADCAST ? BenchFrames.BROADCAST : UNKNOWN;
        frame = BenchFrames.slot(BufferKind.DIRECT, BenchFrames.untagged(dst, SOURCE, frameSize));
        final int count = decide();
        final int expected = tagging == Tagging.PUSH ? EgressAction.PUSH_TAG : EgressAction.AS_IS;
        if (count != EGRESS_PORTS || !out.flood() || out.action(EGRESS_PORTS - 1) != expected) {
            throw new IllegalStateException("setup: expected a flood to " + EGRESS_PORTS + " ports, got " + out);
        }
    }

    /** The decision; returns the number of egress entries. */
    @Benchmark
    public int decide() {
        forwarder.decide(frame, BenchFrames.HEADROOM, frameSize, 1, nowNanos, out);
        return out.count();
    }
}
