package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;

/** Monotonic counters of the responder, read by the console and metrics (single writer: the event loop). */
public final class DhcpCounters {
    final long[] received = new long[256];
    final long[] drops = new long[DhcpDropReason.COUNT];
    final long[] replies = new long[DhcpEvent.Kind.values().length];
    long arpReplies;
    long icmpReplies;
    long syncs;
    long framesSent;

    /** Client messages received by option 53 value. */
    public long received(final int messageType) {
        return received[messageType & 0xFF];
    }

    public long drops(final DhcpDropReason reason) {
        return drops[reason.id()];
    }

    public long totalDrops() {
        long n = 0;
        for (final long d : drops) {
            n += d;
        }
        return n;
    }

    public long exchanges(final DhcpEvent.Kind kind) {
        return replies[kind.ordinal()];
    }

    public long arpReplies() {
        return arpReplies;
    }

    public long icmpReplies() {
        return icmpReplies;
    }

    /** Journal syncs done for group commits. */
    public long syncs() {
        return syncs;
    }

    public long framesSent() {
        return framesSent;
    }
}
