package io.jvde.testsupport;

import java.lang.management.ManagementFactory;

/**
 * Measures heap allocation on the calling thread with {@code com.sun.management.ThreadMXBean}, to prove that a
 * hot path allocates nothing per call. Typical use:
 *
 * <pre>{@code
 * Runnable burst = () -> { for (int i = 0; i < 10_000; i++) forwarder.decide(...); };
 * assertEquals(0, Allocations.bytesAfterWarmUp(3, burst));
 * }</pre>
 *
 * Build the {@link Runnable} (and everything it captures) before measuring: only what happens inside
 * {@code run()} is counted.
 */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS = threads();
    /** Bytes the measurement itself reports when the task does nothing (normally 0). */
    private static final long OVERHEAD = calibrate();

    private Allocations() {
    }

    /** True when this JVM can count per-thread allocation (HotSpot can). */
    public static boolean isSupported() {
        return THREADS != null;
    }

    /** Bytes allocated on this thread while {@code task} runs once, less the measurement's own cost. */
    public static long bytes(final Runnable task) {
        requireSupported();
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        task.run();
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        return Math.max(0, after - before - OVERHEAD);
    }

    /**
     * Runs {@code task} {@code warmUpRuns} times (class loading, lazy initialisation, JIT), then measures one run.
     * A non-zero measurement is repeated up to twice more and the smallest value returned, so one-off JVM activity
     * on the thread cannot fail a test while a per-call allocation (which shows in every run) still does.
     */
    public static long bytesAfterWarmUp(final int warmUpRuns, final Runnable task) {
        for (int i = 0; i < warmUpRuns; i++) {
            task.run();
        }
        long least = bytes(task);
        for (int attempt = 1; attempt < 3 && least > 0; attempt++) {
            least = Math.min(least, bytes(task));
        }
        return least;
    }

    private static void requireSupported() {
        if (THREADS == null) {
            throw new IllegalStateException("thread allocation counting is not supported by this JVM");
        }
    }

    private static com.sun.management.ThreadMXBean threads() {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean)) {
            return null;
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        if (!threads.isThreadAllocatedMemorySupported()) {
            return null;
        }
        if (!threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        return threads;
    }

    private static long calibrate() {
        if (THREADS == null) {
            return 0;
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            final long after = THREADS.getCurrentThreadAllocatedBytes();
            least = Math.min(least, after - before);
        }
        return least;
    }
}
