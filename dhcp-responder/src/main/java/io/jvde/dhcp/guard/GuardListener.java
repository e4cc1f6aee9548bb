package io.jvde.dhcp.guard;

/**
 * Where {@link DhcpGuard} reports violations, on the event-loop thread. The guard throttles the reports itself:
 * at most one call per (reason, port) per {@link GuardSettings#logIntervalMillis()}, so a flood is logged once per
 * interval, not once per packet. Implementations must not block.
 */
@FunctionalInterface
public interface GuardListener {
    /** Reports nothing. */
    GuardListener NONE = (reason, port, vid, mac, suppressed) -> { };

    /**
     * @param reason     what was found
     * @param port       ingress port (-1 when not a valid port number)
     * @param vid        VLAN
     * @param mac        Ethernet source of the offending frame (for {@link GuardDropReason#BINDING_TABLE_FULL}:
     *                   the client's MAC)
     * @param suppressed violations of this reason on this port since the previous call that were not reported
     */
    void onViolation(GuardDropReason reason, int port, int vid, long mac, long suppressed);
}
