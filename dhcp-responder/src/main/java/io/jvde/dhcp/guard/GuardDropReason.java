package io.jvde.dhcp.guard;

/**
 * What {@link DhcpGuard} found wrong with a frame on a guarded VLAN. Reasons with {@link #dropped()} true drop the
 * frame; the others are noted (counted and reported) while the frame is still admitted. Counted per VLAN and per
 * reason in {@link GuardCounters}; reported through {@link GuardListener} at most once per port and interval.
 */
public enum GuardDropReason {
    ROGUE_SERVER(true, "rogue server: DHCP server message (UDP 67 to 68, or a BOOTREPLY to 67) from an untrusted"
        + " port"),
    SPOOFED_AGENT_OPTION(true, "spoofed agent option: client message with option 82 from an untrusted port"
        + " (RFC 3046 §2.1)"),
    SPOOFED_GIADDR(true, "spoofed giaddr: client message with a non-zero giaddr from an untrusted port"
        + " (RFC 3046 §2.1, RFC 1542 §4.1)"),
    RATE_LIMIT_PORT(true, "rate limit port: more DHCP client messages from the port than its token bucket allows"),
    RATE_LIMIT_MAC(true, "rate limit mac: more DHCP client messages from the MAC than its token bucket allows"),
    MALFORMED(true, "malformed: DHCP client message too short or with options that cannot be walked, so it"
        + " cannot be checked for option 82"),
    TABLE_FULL(false, "table full: no stale entry to evict from the per-MAC rate table; admitted on the per-port"
        + " limit alone"),
    BINDING_TABLE_FULL(false, "binding table full: an ACK was admitted but its binding not recorded");

    /** Number of reasons: size of a counter array indexed by {@link #id()}. */
    public static final int COUNT = values().length;
    private static final GuardDropReason[] BY_ID = values();

    private final boolean dropped;
    private final String label;

    GuardDropReason(final boolean dropped, final String label) {
        this.dropped = dropped;
        this.label = label;
    }

    /** Stable numeric id (the ordinal). */
    public int id() {
        return ordinal();
    }

    /** True when the frame is dropped; false for conditions that are only noted. */
    public boolean dropped() {
        return dropped;
    }

    /** {@code name: explanation}, for logs and counter listings. */
    public String label() {
        return label;
    }

    /** The reason with {@code id}; throws for ids no reason has. */
    public static GuardDropReason of(final int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("guard drop reason id: " + id + " (expected: 0.." + (BY_ID.length - 1)
                + ")");
        }
        return BY_ID[id];
    }
}
