package io.jvde.junit;

import java.time.Instant;

/**
 * A lease of the switch's DHCP server, copied out of the event loop.
 *
 * @param vlan     the scope's VLAN
 * @param ip       the address, dotted
 * @param mac      the client's MAC, lower case with colons
 * @param state    {@code offered}, {@code bound}, {@code released}, {@code expired} or {@code declined}
 * @param time     expiry (offered, bound, declined) or since when dormant (released, expired)
 * @param hostname option 12 as the client last sent it, or null
 */
public record Lease(int vlan, String ip, String mac, String state, Instant time, String hostname) {
    /** True for a lease the client holds (ACKed, not yet expired). */
    public boolean bound() {
        return "bound".equals(state);
    }
}
