package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.Ipv4Address;
import java.util.Map;
import java.util.TreeMap;

/**
 * A per-host rule: a fixed address and/or per-host overrides for the client matching {@link #key}.
 *
 * @param key       what the rule matches
 * @param address   the fixed address (0 = none: the client gets a dynamic address but the overrides apply)
 * @param hostname  option 12 for this host (null = none)
 * @param leaseTime lease seconds for this host (0 = the scope's)
 * @param boot      boot parameters for this host (null = the scope's)
 * @param options   raw options by code overriding the scope's (values as they go on the wire)
 */
public record Reservation(ReservationKey key, int address, String hostname, long leaseTime, BootSettings boot,
                          Map<Integer, byte[]> options) {
    public Reservation {
        if (key == null) {
            throw new IllegalArgumentException("reservation key: null (expected: mac, client-id, circuit-id or port)");
        }
        options = options == null ? Map.of() : Map.copyOf(new TreeMap<>(options));
    }

    /** dnsmasq's {@code --dhcp-host MAC,IP[,NAME]}. */
    public static Reservation ofMac(final String mac, final String address, final String hostname) {
        return new Reservation(ReservationKey.Mac.parse(mac), Ipv4Address.parse(address), hostname, 0, null,
            Map.of());
    }

    public static Reservation of(final ReservationKey key, final int address) {
        return new Reservation(key, address, null, 0, null, Map.of());
    }

    /** Text for the "why" of a log line: {@code reservation mac 52:54:00:12:01:01}. */
    public String describe() {
        return "reservation " + key.describe();
    }
}
