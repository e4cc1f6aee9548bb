package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;

/**
 * A reservation computed from the MAC: a client whose MAC starts with {@link #macPrefix} (the first
 * {@code 6 - variableOctets} octets) gets {@link #addressBase} with its last {@code variableOctets} octets replaced
 * by the MAC's last octets. The rule applies only when the result lies inside the scope's subnet and is a usable
 * host address, so one rule can serve every VLAN.
 *
 * <p>The NixOS test driver gives node N on VLAN V the MAC {@code 52:54:00:12:VV:NN} and the address
 * {@code 192.168.V.N} ({@code nixos/lib/qemu-common.nix}, {@code nixos/lib/testing/network.nix}): that is
 * {@link #nixos()}.
 *
 * @param macPrefix      the fixed leading octets, right-aligned in the low bits of the {@code long}
 * @param variableOctets how many trailing MAC octets are copied into the address (1..4)
 * @param addressBase    the address whose trailing octets are replaced
 * @param name           name for log lines
 */
public record FormulaReservation(long macPrefix, int variableOctets, int addressBase, String name) {
    public FormulaReservation {
        if (variableOctets < 1 || variableOctets > 4) {
            throw new IllegalArgumentException("formula variable octets: " + variableOctets + " (expected: 1..4)");
        }
        if ((macPrefix >>> (8 * (6 - variableOctets))) != 0) {
            throw new IllegalArgumentException("formula mac prefix: " + Long.toHexString(macPrefix)
                + " (expected: at most " + (6 - variableOctets) + " octets)");
        }
    }

    /** MAC {@code 52:54:00:12:VV:NN} to {@code 192.168.VV.NN}, the NixOS test-driver convention. */
    public static FormulaReservation nixos() {
        return new FormulaReservation(0x5254_0012L, 2, Ipv4Address.parse("192.168.0.0"), "nixos");
    }

    /** The address for {@code mac}, or 0 when the MAC does not start with the prefix. */
    public int addressFor(final long mac) {
        final int shift = 8 * variableOctets;
        if (((mac & MacAddress.MASK) >>> shift) != macPrefix) {
            return 0;
        }
        final long lowMask = (1L << shift) - 1;
        return (int) ((addressBase & ~lowMask) | (mac & lowMask));
    }

    public String describe() {
        return "formula " + name;
    }
}
