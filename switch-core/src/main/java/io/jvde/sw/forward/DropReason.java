package io.jvde.sw.forward;

/**
 * Why a frame, or one copy of it, was not delivered. Ingress reasons come from {@link Forwarder#decide}; egress
 * reasons are counted by the event loop when a send cannot complete. Ids are stable and equal to the ordinals, so
 * the forwarding path returns and counts them as plain {@code int}s.
 */
public enum DropReason {
    RUNT("runt: frame shorter than 14 bytes"),
    TAGGED_RUNT("tagged runt: 802.1Q frame shorter than 18 bytes"),
    OVERSIZE("oversize: frame longer than 9234 bytes"),
    VID_4095("vid 4095: tag carries the reserved VLAN id"),
    NO_UNTAGGED_VLAN("no untagged vlan: untagged frame on a port with untagged VLAN NONE (4095)"),
    VLAN_NOT_MEMBER("vlan not member: ingress port is not a member of the frame's VLAN"),
    VLAN_UNDEFINED("vlan undefined: tag names a VLAN that is not defined"),
    SAME_PORT("same port: unicast destination was learned on the ingress port"),
    DST_PORT_INACTIVE("dst port inactive: unicast destination was learned on a port without endpoints"),
    EGRESS_QUEUE_FULL("egress queue full: receiver's overflow queue is full"),
    EGRESS_STALLED("egress stalled: receiver stopped reading and was skipped"),
    FLOOD_EGRESS_FULL("flood egress full: flooded copy dropped at a port that would block"),
    ENDPOINT_GONE("endpoint gone: receiver's socket is closed"),
    EGRESS_ERROR("egress error: send failed with an unexpected error"),
    FILTERED("filtered: refused by an ingress filter (see its own counters)"),
    MAC_LIMIT("mac limit: source MAC would exceed the port's limit of learned MACs"),
    BAD_FRAMING("bad framing: a stream length of 0 or above 65535, or a frame cut by EOF; connection closed"),
    LINK_DOWN("link down: the tap interface is down, so the kernel refused the frame (EIO); the port stays");

    /** Number of reasons: size of a counter array indexed by {@link #id()}. */
    public static final int COUNT = values().length;
    private static final DropReason[] BY_ID = values();

    private final String label;

    DropReason(final String label) {
        this.label = label;
    }

    /** Stable numeric id (the ordinal), what {@link Forwarder#decide} returns. */
    public int id() {
        return ordinal();
    }

    /** {@code name: explanation}, for logs and counters listings. */
    public String label() {
        return label;
    }

    /** The reason with {@code id}; throws for ids that no reason has. */
    public static DropReason of(final int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("drop reason id: " + id + " (expected: 0.." + (BY_ID.length - 1) + ")");
        }
        return BY_ID[id];
    }
}
