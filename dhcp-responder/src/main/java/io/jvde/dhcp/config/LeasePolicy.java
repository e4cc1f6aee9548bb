package io.jvde.dhcp.config;

/**
 * Whom a scope leases to and how firmly.
 *
 * @param keying        client identity for dynamic allocation
 * @param authoritative NAK requests for addresses the scope does not know (on: the switch owns the segment)
 * @param maxLeases     most active leases (bound or offered) at once, 0 = unlimited (docs/dhcp.md §1: per-scope lease
 *                      cap); when reached, a DISCOVER from a client without an active lease gets no OFFER (counted
 *                      as LEASE_CAP). Clients with a lease or offer keep being served, reserved clients are never
 *                      capped (their leases do count), and an authoritative scope still confirms an INIT-REBOOT
 *                      client it has no record of, because that client already holds the address
 */
public record LeasePolicy(ClientKeying keying, boolean authoritative, int maxLeases) {
}
