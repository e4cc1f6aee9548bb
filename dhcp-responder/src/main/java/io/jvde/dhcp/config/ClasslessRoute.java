package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.Ipv4Address;

/** One route of option 121 (RFC 3442): destination network and the router to reach it (0.0.0.0 = on-link). */
public record ClasslessRoute(Ipv4Cidr destination, int router) {
    /** Parses {@code 10.0.0.0/8,192.168.1.1} (dnsmasq's order for option 121 values). */
    public static ClasslessRoute parse(final String text) {
        final int comma = text == null ? -1 : text.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("classless route: " + text
                + " (expected: destination/prefix,router like 10.0.0.0/8,192.168.1.1)");
        }
        return new ClasslessRoute(Ipv4Cidr.parse(text.substring(0, comma).trim()),
            Ipv4Address.parse(text.substring(comma + 1).trim()));
    }

    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }

    @Override
    public String toString() {
        return destination + "," + Ipv4Address.toString(router);
    }
}
