package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.Ipv4Address;

/** An inclusive range of IPv4 addresses, compared unsigned; a single address is a range with start = end. */
public record AddressRange(int start, int end) {
    /** Parses {@code 192.168.1.100-192.168.1.200} or a single address. */
    public static AddressRange parse(final String text) {
        final int dash = text == null ? -1 : text.indexOf('-');
        if (dash < 0) {
            final int a = Ipv4Address.parse(text);
            return new AddressRange(a, a);
        }
        return new AddressRange(Ipv4Address.parse(text.substring(0, dash).trim()),
            Ipv4Address.parse(text.substring(dash + 1).trim()));
    }

    public static AddressRange of(final String start, final String end) {
        return new AddressRange(Ipv4Address.parse(start), Ipv4Address.parse(end));
    }

    public boolean contains(final int address) {
        return Integer.compareUnsigned(address, start) >= 0 && Integer.compareUnsigned(address, end) <= 0;
    }

    /** Number of addresses; 0 when start is after end. */
    public long size() {
        final long s = start & 0xFFFF_FFFFL;
        final long e = end & 0xFFFF_FFFFL;
        return e < s ? 0 : e - s + 1;
    }

    @Override
    public String toString() {
        return start == end ? Ipv4Address.toString(start)
            : Ipv4Address.toString(start) + "-" + Ipv4Address.toString(end);
    }
}
