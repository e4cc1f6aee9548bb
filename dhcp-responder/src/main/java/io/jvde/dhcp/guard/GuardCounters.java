package io.jvde.dhcp.guard;

/**
 * Monotonic counters of {@link DhcpGuard}: violations per reason, in total and per VLAN, and the DHCP traffic it
 * inspected. Single writer (the event loop); readers on other threads may see slightly stale values. A VLAN's row
 * is created when it is first guarded and kept when it stops being guarded, so counts survive toggling.
 */
public final class GuardCounters {
    private static final int VLANS = 4096;

    private final long[] total = new long[GuardDropReason.COUNT];
    private final long[][] byVid = new long[VLANS][];
    long clientMessages;
    long serverMessages;
    long bindingsLearned;
    long notifications;
    long suppressed;

    void guard(final int vid) {
        if (byVid[vid] == null) {
            byVid[vid] = new long[GuardDropReason.COUNT];
        }
    }

    void count(final int vid, final GuardDropReason reason) {
        total[reason.id()]++;
        final long[] row = byVid[vid];
        if (row != null) {
            row[reason.id()]++;
        }
    }

    /** Violations of {@code reason} on every VLAN. */
    public long drops(final GuardDropReason reason) {
        return total[reason.id()];
    }

    /** Violations of {@code reason} on {@code vid} (0 for a VLAN never guarded). */
    public long drops(final int vid, final GuardDropReason reason) {
        final long[] row = vid >= 0 && vid < VLANS ? byVid[vid] : null;
        return row == null ? 0 : row[reason.id()];
    }

    /** Frames dropped, all reasons with {@link GuardDropReason#dropped()} and all VLANs. */
    public long totalDrops() {
        long n = 0;
        for (final GuardDropReason r : GuardDropReason.values()) {
            if (r.dropped()) {
                n += total[r.id()];
            }
        }
        return n;
    }

    /** DHCP client messages from untrusted ports of guarded VLANs that were inspected (admitted or dropped). */
    public long clientMessages() {
        return clientMessages;
    }

    /** DHCP server messages from trusted ports of guarded VLANs that passed. */
    public long serverMessages() {
        return serverMessages;
    }

    /** Bindings recorded or refreshed (from passing ACKs and {@link DhcpGuard#observeAck}). */
    public long bindingsLearned() {
        return bindingsLearned;
    }

    /** Listener calls made. */
    public long notifications() {
        return notifications;
    }

    /** Violations not reported to the listener because their (reason, port) was reported within the interval. */
    public long suppressed() {
        return suppressed;
    }
}
