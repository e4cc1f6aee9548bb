package io.jvde.dhcp.testsupport;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, from com.sun.management.ThreadMXBean (HotSpot). */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean BEAN =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    public static long allocatedBytes() {
        return BEAN.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes allocated while running {@code work} on this thread. */
    public static long measure(final Runnable work) {
        final long before = allocatedBytes();
        work.run();
        return allocatedBytes() - before;
    }
}
