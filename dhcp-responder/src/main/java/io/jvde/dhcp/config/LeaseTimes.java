package io.jvde.dhcp.config;

/**
 * How long a scope's leases last and when clients renew and rebind (RFC 2131 §4.4.5).
 *
 * @param lease     seconds; {@link Scope#INFINITE} for an infinite lease
 * @param renewal   T1 seconds, 0 = half the lease
 * @param rebinding T2 seconds, 0 = 7/8 of the lease
 */
public record LeaseTimes(long lease, long renewal, long rebinding) {
    /** T1 actually sent for a lease of {@code lease}: the configured value or half; 0 for infinite (none sent). */
    public long effectiveRenewal(final long lease) {
        if (lease == Scope.INFINITE) {
            return 0;
        }
        return renewal != 0 && renewal < lease ? renewal : lease / 2;
    }

    /** T2 actually sent for a lease of {@code lease}: the configured value or 7/8; 0 for infinite (none sent). */
    public long effectiveRebinding(final long lease) {
        if (lease == Scope.INFINITE) {
            return 0;
        }
        return rebinding != 0 && rebinding < lease ? rebinding : lease * 7 / 8;
    }
}
