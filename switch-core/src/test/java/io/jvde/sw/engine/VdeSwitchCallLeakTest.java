package io.jvde.sw.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VdeSwitch#call} retains nothing per call: a console polled once a second, or the relay's host uplink making
 * one call per batch, must not grow the heap. Checked by weak references to what the calls returned and by the heap
 * after GC, never by timing.
 */
class VdeSwitchCallLeakTest {
    static final int CALLS = 100_000;
    /** Generous: the leak kept ~100 bytes per call (10 MB for these calls). */
    static final long HEAP_GROWTH_BOUND = 2L << 20;

    @TempDir
    Path tmp;
    VdeSwitch sw;
    final List<String> logLines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), logLines::add);
    }

    @AfterEach
    void stop() {
        if (sw != null) {
            sw.close();
        }
    }

    @Test
    void callsRetainNothingOnceTheyReturn() {
        final List<WeakReference<Object>> sample = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            final Object r = sw.call(c -> new Object());
            if (i % 100 == 0) {
                sample.add(new WeakReference<>(r));
            }
        }
        assertEquals(0, sw.pendingCalls());
        final long retained = collectUntil(() -> sample.stream().allMatch(w -> w.get() == null),
            () -> sample.stream().filter(w -> w.get() != null).count());
        assertEquals(0, retained, "results of returned calls still reachable (of " + sample.size() + " sampled)");
    }

    @Test
    void heapAfterGcDoesNotGrowWithCalls() {
        for (int i = 0; i < 10_000; i++) { // warm-up: classes, JIT, queue nodes
            sw.call(c -> c.portCount());
        }
        final long before = usedAfterGc();
        for (int i = 0; i < CALLS; i++) {
            sw.call(c -> c.portCount());
        }
        final long after = usedAfterGc();
        assertTrue(after - before < HEAP_GROWTH_BOUND,
            "heap after GC grew by " + (after - before) + " bytes over " + CALLS + " calls");
    }

    @Test
    void callAfterStopFailsAndLeavesNothingPending() {
        sw.close();
        assertThrows(IllegalStateException.class, () -> sw.call(c -> 1));
        assertEquals(0, sw.pendingCalls());
        sw = null;
    }

    static long usedAfterGc() {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the least of a few full collections: a concurrent allocation is noise
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** Collects until {@code done} holds (bounded), then returns {@code count}. */
    static long collectUntil(final java.util.function.BooleanSupplier done, final java.util.function.LongSupplier count) {
        for (int i = 0; i < 20 && !done.getAsBoolean(); i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return count.getAsLong();
    }
}
