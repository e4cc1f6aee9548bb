package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.MacAddress;
import java.util.Arrays;

/**
 * What a reservation matches on. Lookup order in the server: client-id, MAC, circuit-id (option 82 sub-option 1),
 * ingress port, then formula reservations; the first match wins.
 */
public sealed interface ReservationKey {

    /** Short text for logs: {@code mac 52:54:00:12:01:01}, {@code port 3}. */
    String describe();

    /** The client's hardware address (chaddr); the default key. */
    record Mac(long mac) implements ReservationKey {
        public static Mac parse(final String text) {
            return new Mac(MacAddress.parse(text));
        }

        @Override
        public String describe() {
            return "mac " + MacAddress.toString(mac);
        }
    }

    /** Option 61 exactly as sent, type octet included (RFC 2132 §9.14). */
    record ClientId(byte[] id) implements ReservationKey {
        public ClientId {
            id = id.clone();
        }

        /** Parses colon-separated hex ({@code 01:52:54:00:12:01:01}). */
        public static ClientId parseHex(final String text) {
            return new ClientId(Hex.parse("client-id", text));
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof ClientId other && Arrays.equals(id, other.id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }

        @Override
        public String toString() {
            return describe();
        }

        @Override
        public String describe() {
            return "client-id " + Hex.format(id);
        }
    }

    /** The switch port the request entered on; the in-switch equivalent of a circuit-id (docs/dhcp.md §2.6). */
    record Port(int port) implements ReservationKey {
        @Override
        public String describe() {
            return "port " + port;
        }
    }

    /** Sub-option 1 of a relayed request's option 82 (RFC 3046 §3.1), exactly as sent. */
    record CircuitId(byte[] id) implements ReservationKey {
        public CircuitId {
            id = id.clone();
        }

        public static CircuitId parseHex(final String text) {
            return new CircuitId(Hex.parse("circuit-id", text));
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof CircuitId other && Arrays.equals(id, other.id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }

        @Override
        public String toString() {
            return describe();
        }

        @Override
        public String describe() {
            return "circuit-id " + Hex.format(id);
        }
    }
}
