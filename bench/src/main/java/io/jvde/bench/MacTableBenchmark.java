package io.jvde.bench;

import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.fdb.MacTable;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link MacTable} lookup and learn with {@code entries} live addresses. The table has the engine's default
 * capacity ({@value SwitchSettings#DEFAULT_MAC_CAPACITY}) or, for more entries, the next power of two above them
 * (100 k entries need {@code macCapacity >= 100000}: the default table holds 65,536).
 *
 * <ul>
 *   <li>{@code lookupHot}: one address over and over (a single learned stream; the entry stays in L1).</li>
 *   <li>{@code lookupRandom}: a random live address each call (many hosts; at 100 k entries the table is 5 MB,
 *       so most calls miss the caches).</li>
 *   <li>{@code lookupMissing}: a random address that was never learned (unknown destination).</li>
 *   <li>{@code learnRefresh}: a random live address seen again on its port (the per-frame source learning).</li>
 * </ul>
 * Addresses are random locally administered unicast MACs in VLAN 0 (seeded, so every run uses the same ones).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MacTableBenchmark {
    static final int PROBES = 1 << 17;

    @Param({"1000", "100000"})
    int entries;

    MacTable table;
    long[] present;
    long[] absent;
    int[] portOf;
    int cursor;
    long nowNanos = 1_000_000_000L;

    @Setup
    public void setUp() {
        table = new MacTable(Math.max(SwitchSettings.DEFAULT_MAC_CAPACITY, entries));
        final SplittableRandom random = new SplittableRandom(20_261_122L);
        final long[] learned = new long[entries];
        for (int i = 0; i < entries; i++) {
            long mac;
            do {
                mac = randomMac(random);
            } while (table.lookup(0, mac, nowNanos) != MacTable.MISSING);
            learned[i] = mac;
            table.learn(0, mac, 1 + i % 32, nowNanos);
        }
        present = new long[PROBES];
        absent = new long[PROBES];
        portOf = new int[PROBES];
        for (int i = 0; i < PROBES; i++) {
            final int k = random.nextInt(entries);
            present[i] = learned[k];
            portOf[i] = 1 + k % 32;
            long mac;
            do {
                mac = randomMac(random);
            } while (table.lookup(0, mac, nowNanos) != MacTable.MISSING);
            absent[i] = mac;
        }
        if (table.size() != entries) {
            throw new IllegalStateException("setup: table holds " + table.size() + " (expected: " + entries + ")");
        }
    }

    static long randomMac(final SplittableRandom random) {
        // Clear the group bit, set the locally administered bit (IEEE 802 first octet bits 0 and 1).
        return (random.nextLong() & 0xFEFF_FFFF_FFFFL) | 0x0200_0000_0000L;
    }

    private int next() {
        cursor = (cursor + 1) & (PROBES - 1);
        return cursor;
    }

    @Benchmark
    public int lookupHot() {
        return table.lookup(0, present[0], nowNanos);
    }

    @Benchmark
    public int lookupRandom() {
        return table.lookup(0, present[next()], nowNanos);
    }

    @Benchmark
    public int lookupMissing() {
        return table.lookup(0, absent[next()], nowNanos);
    }

    @Benchmark
    public int learnRefresh() {
        final int i = next();
        return table.learn(0, present[i], portOf[i], nowNanos);
    }
}
