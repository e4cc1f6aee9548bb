package io.jvde.dhcp.wire;

/**
 * Encoder for option 121, classless static routes (RFC 3442 §2): for each route the prefix width, the significant
 * octets of the destination (ceil(width / 8)), then the router. A default route is width 0 with no destination
 * octets. Runs once per configuration.
 */
public final class ClasslessRouteOption {
    private ClasslessRouteOption() {
    }

    /** Bytes one route takes: width, significant destination octets, router. */
    public static int encodedLength(final int prefixLength) {
        return 1 + (prefixLength + 7) / 8 + 4;
    }

    /**
     * Encodes parallel arrays of destinations, prefix lengths (0..32) and routers. Host bits of a destination are
     * cleared, as RFC 3442 §2 only carries the significant octets.
     */
    public static byte[] encode(final int[] destinations, final int[] prefixLengths, final int[] routers) {
        if (destinations.length != prefixLengths.length || destinations.length != routers.length) {
            throw new IllegalArgumentException("routes: " + destinations.length + " destinations, "
                + prefixLengths.length + " prefix lengths, " + routers.length + " routers (expected: equal counts)");
        }
        int total = 0;
        for (final int width : prefixLengths) {
            if (width < 0 || width > 32) {
                throw new IllegalArgumentException("route prefix length: " + width + " (expected: 0..32)");
            }
            total += encodedLength(width);
        }
        final byte[] out = new byte[total];
        int p = 0;
        for (int i = 0; i < destinations.length; i++) {
            final int width = prefixLengths[i];
            final int destination = destinations[i] & Ipv4Address.mask(width);
            out[p++] = (byte) width;
            for (int octet = 0; octet < (width + 7) / 8; octet++) {
                out[p++] = (byte) (destination >>> (24 - 8 * octet));
            }
            for (int octet = 0; octet < 4; octet++) {
                out[p++] = (byte) (routers[i] >>> (24 - 8 * octet));
            }
        }
        return out;
    }
}
