package io.jvde.dhcp.relay;

/**
 * The relay agent's counters, per VLAN and per reason. Written only by the event-loop thread; readers on other
 * threads may see slightly stale values (plain longs, as in the responder's counters). Per-VLAN reason arrays are
 * created on the first count of a VLAN, so steady-state counting allocates nothing.
 */
public final class RelayCounters {
    private static final int VLANS = 4096;

    private final long[] requests = new long[VLANS];
    private final long[] replies = new long[VLANS];
    private final long[] reasons = new long[RelayDropReason.ID_LIMIT];
    private final long[][] reasonsByVlan = new long[VLANS][];
    long framesSent;
    long arpRequestsSent;
    long arpRepliesSent;
    long icmpRepliesSent;
    long held;

    void requestRelayed(final int vid) {
        requests[vid & (VLANS - 1)]++;
    }

    void replyRelayed(final int vid) {
        replies[vid & (VLANS - 1)]++;
    }

    void count(final int reasonId, final int vid) {
        reasons[reasonId]++;
        final int v = vid & (VLANS - 1);
        long[] perVlan = reasonsByVlan[v];
        if (perVlan == null) {
            perVlan = new long[RelayDropReason.ID_LIMIT];
            reasonsByVlan[v] = perVlan;
        }
        perVlan[reasonId]++;
    }

    /** Client messages relayed from {@code vid} (once per message, whatever the number of servers). */
    public long requestsRelayed(final int vid) {
        return vid < 0 || vid >= VLANS ? 0 : requests[vid];
    }

    /** Server replies delivered on {@code vid}. */
    public long repliesRelayed(final int vid) {
        return vid < 0 || vid >= VLANS ? 0 : replies[vid];
    }

    public long requestsRelayed() {
        long sum = 0;
        for (final long n : requests) {
            sum += n;
        }
        return sum;
    }

    public long repliesRelayed() {
        long sum = 0;
        for (final long n : replies) {
            sum += n;
        }
        return sum;
    }

    /** Times {@code reason} was counted, all VLANs together. */
    public long count(final RelayDropReason reason) {
        return reasons[reason.id()];
    }

    /** Times {@code reason} was counted on {@code vid}. */
    public long count(final int vid, final RelayDropReason reason) {
        if (vid < 0 || vid >= VLANS) {
            return 0;
        }
        final long[] perVlan = reasonsByVlan[vid];
        return perVlan == null ? 0 : perVlan[reason.id()];
    }

    /** Every frame handed to the sink: relayed requests (one per server) and replies, ARP and ICMP. */
    public long framesSent() {
        return framesSent;
    }

    public long arpRequestsSent() {
        return arpRequestsSent;
    }

    public long arpRepliesSent() {
        return arpRepliesSent;
    }

    public long icmpRepliesSent() {
        return icmpRepliesSent;
    }

    /** Packets waiting right now for a next hop's MAC. */
    public long heldPackets() {
        return held;
    }
}
