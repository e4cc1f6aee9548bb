package io.jvde.dhcp.testsupport;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, from com.sun.management.ThreadMXBean (HotSpot). */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean BEAN =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /**
     * The current thread's count. {@code getThreadAllocatedBytes(id)} allocates two arrays per call (80 bytes in a
     * measure), which escape analysis hides only once C2 has compiled the caller: allocation tests failed at random.
     */
    public static long allocatedBytes() {
        return BEAN.getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated while running {@code work} on this thread. */
    public static long measure(final Runnable work) {
        final long before = allocatedBytes();
        work.run();
        return allocatedBytes() - before;
    }
}
