package io.jvde.dhcp.wire;

/**
 * An IPv4 address held in an {@code int} (first octet in bits 31..24), compared unsigned. Text conversions are for
 * configuration and logs; the data path only moves {@code int}s.
 */
public final class Ipv4Address {
    public static final int ANY = 0;
    public static final int BROADCAST = 0xFFFF_FFFF;

    private Ipv4Address() {
    }

    /** Parses dotted-quad text; throws with the offending text when it is not four decimal octets. */
    public static int parse(final String text) {
        final long address = parseOrMinusOne(text);
        if (address < 0) {
            throw new IllegalArgumentException("ipv4 address: " + text + " (expected: dotted quad like 192.168.1.254)");
        }
        return (int) address;
    }

    /** Parses dotted-quad text into the unsigned value, or returns -1 when it is not four decimal octets. */
    public static long parseOrMinusOne(final String text) {
        if (text == null || text.isEmpty() || text.length() > 15) {
            return -1;
        }
        long address = 0;
        int octet = -1;
        int dots = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '.') {
                if (octet < 0 || ++dots > 3) {
                    return -1;
                }
                address = (address << 8) | octet;
                octet = -1;
            } else if (c >= '0' && c <= '9') {
                octet = octet < 0 ? c - '0' : octet * 10 + (c - '0');
                if (octet > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        if (dots != 3 || octet < 0) {
            return -1;
        }
        return (address << 8) | octet;
    }

    public static String toString(final int address) {
        return append(new StringBuilder(15), address).toString();
    }

    public static StringBuilder append(final StringBuilder sb, final int address) {
        return sb.append(address >>> 24).append('.').append((address >>> 16) & 0xFF).append('.')
            .append((address >>> 8) & 0xFF).append('.').append(address & 0xFF);
    }

    /** Unsigned comparison, so 200.0.0.1 sorts after 10.0.0.1. */
    public static int compare(final int a, final int b) {
        return Integer.compareUnsigned(a, b);
    }

    /** The netmask of a prefix length 0..32. */
    public static int mask(final int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
