package io.jvde.dhcp.relay;

/**
 * ARP state of one next hop toward the servers (a server on the upstream subnet, or the gateway), with a few
 * relayed packets held while its MAC is being resolved (RFC 1122 §2.3.2.2: SHOULD save at least one packet).
 * The held frames live in the agent's held buffer at {@link #slotOffset(int)}.
 */
final class NextHop {
    static final int UNRESOLVED = 0;
    static final int RESOLVING = 1;
    static final int RESOLVED = 2;
    /** Held packets per next hop: a client's DISCOVER/REQUEST retries, bounded. */
    static final int HELD = 4;

    final int ip;
    final int index;
    long mac;
    int state;
    long expiresAt;
    long refreshAt;
    long nextTryAt;
    int tries;
    final int[] heldLength = new int[HELD];
    final int[] heldPort = new int[HELD];
    final int[] heldVid = new int[HELD];
    final long[] heldMac = new long[HELD];
    final long[] heldAt = new long[HELD];
    /** Arrival order; time alone cannot tell apart packets of the same millisecond. */
    final long[] heldSeq = new long[HELD];
    long nextSeq;
    int heldCount;

    NextHop(final int ip, final int index) {
        this.ip = ip;
        this.index = index;
    }

    boolean usable(final long now) {
        return state == RESOLVED && now < expiresAt;
    }

    /** A free held slot, or -1. */
    int freeSlot() {
        for (int i = 0; i < HELD; i++) {
            if (heldLength[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The held slot with the earliest arrival, or -1 when none is held. */
    int oldestHeld() {
        int oldest = -1;
        for (int i = 0; i < HELD; i++) {
            if (heldLength[i] != 0 && (oldest < 0 || heldSeq[i] < heldSeq[oldest])) {
                oldest = i;
            }
        }
        return oldest;
    }

    int slotOffset(final int slot) {
        return (index * HELD + slot) * RelayAgent.SLOT_SIZE;
    }
}
