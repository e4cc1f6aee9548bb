package io.jvde.bench;

import io.jvde.sw.fdb.MacTable;
import io.jvde.testsupport.Allocations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations the JMH benchmarks time allocate nothing, measured with the thread allocation counter on the very
 * benchmark states JMH runs (not copies): if the forwarding decision or the MAC table ever allocates per frame,
 * the normal build fails here, without waiting for someone to run {@code -prof gc}.
 */
class HotPathAllocationTest {
    private static final int CALLS = 20_000;

    @BeforeAll
    static void requireAllocationCounter() {
        assertTrue(Allocations.isSupported(), "this JVM cannot count per-thread allocation");
    }

    private static LearnedUnicastBenchmark unicast(final BufferKind buffer, final LearnedUnicastBenchmark.Tagging t) {
        final LearnedUnicastBenchmark b = new LearnedUnicastBenchmark();
        b.frameSize = 64;
        b.tagging = t;
        b.buffer = buffer;
        b.setUp();
        return b;
    }

    private static MacTableBenchmark macs(final int entries) {
        final MacTableBenchmark b = new MacTableBenchmark();
        b.entries = entries;
        b.setUp();
        return b;
    }

    @Test
    void shouldMeasureALearnedUnicastToTheLearnedPort() {
        assertEquals(2, unicast(BufferKind.DIRECT, LearnedUnicastBenchmark.Tagging.UNTAGGED).decide());
        assertEquals(4, unicast(BufferKind.DIRECT, LearnedUnicastBenchmark.Tagging.TAGGED).decide());
    }

    @Test
    void shouldDecideALearnedUnicastWithoutAllocating() {
        for (final LearnedUnicastBenchmark.Tagging t : LearnedUnicastBenchmark.Tagging.values()) {
            final LearnedUnicastBenchmark b = unicast(BufferKind.DIRECT, t);
            final Runnable burst = () -> {
                for (int i = 0; i < CALLS; i++) {
                    b.decide();
                }
            };
            assertEquals(0, Allocations.bytesAfterWarmUp(5, burst), "bytes allocated by " + CALLS + " " + t
                + " decisions");
        }
    }

    @Test
    void shouldFloodToSixteenPortsWithoutAllocating() {
        for (final BroadcastFloodBenchmark.Destination d : BroadcastFloodBenchmark.Destination.values()) {
            for (final BroadcastFloodBenchmark.Tagging t : BroadcastFloodBenchmark.Tagging.values()) {
                final BroadcastFloodBenchmark b = new BroadcastFloodBenchmark();
                b.destination = d;
                b.tagging = t;
                b.setUp();
                assertEquals(BroadcastFloodBenchmark.EGRESS_PORTS, b.decide());
                final Runnable burst = () -> {
                    for (int i = 0; i < CALLS; i++) {
                        b.decide();
                    }
                };
                assertEquals(0, Allocations.bytesAfterWarmUp(5, burst), "bytes allocated by " + CALLS + " " + d
                    + " " + t + " floods");
            }
        }
    }

    @Test
    void shouldFindEveryLearnedAddressAtOneHundredThousandEntries() {
        final MacTableBenchmark b = macs(100_000);
        for (int i = 0; i < MacTableBenchmark.PROBES; i++) {
            final int expected = b.portOf[(b.cursor + 1) & (MacTableBenchmark.PROBES - 1)];
            assertEquals(expected, b.lookupRandom());
            assertEquals(MacTable.MISSING, b.lookupMissing());
        }
    }

    @Test
    void shouldLookUpAndLearnWithoutAllocating() {
        for (final int entries : new int[] {1_000, 100_000}) {
            final MacTableBenchmark b = macs(entries);
            final Runnable burst = () -> {
                for (int i = 0; i < CALLS; i++) {
                    b.lookupHot();
                    b.lookupRandom();
                    b.lookupMissing();
                    b.learnRefresh();
                }
            };
            assertEquals(0, Allocations.bytesAfterWarmUp(5, burst), "bytes allocated by " + CALLS
                + " lookups and learns at " + entries + " entries");
        }
    }
}
