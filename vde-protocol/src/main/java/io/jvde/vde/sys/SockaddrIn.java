package io.jvde.vde.sys;

import java.nio.ByteBuffer;

/**
 * {@code struct sockaddr_in}: family (u16, host order), port (u16, network order), IPv4 address (network order),
 * 8 bytes of zero padding; 16 bytes in all. Addresses are handled as ints in network order (a.b.c.d = a << 24 ...).
 */
public final class SockaddrIn {
    public static final int FAMILY_OFFSET = 0;
    public static final int PORT_OFFSET = 2;
    public static final int ADDRESS_OFFSET = 4;
    public static final int LENGTH = 16;

    private SockaddrIn() {
    }

    /** Writes a sockaddr_in for {@code address}:{@code port} at {@code offset}; returns {@link #LENGTH}. */
    public static int write(final ByteBuffer buf, final int offset, final int address, final int port) {
        buf.putShort(offset + FAMILY_OFFSET, Short.reverseBytes((short) Native.AF_INET));
        buf.putShort(offset + PORT_OFFSET, (short) port);
        buf.putInt(offset + ADDRESS_OFFSET, address);
        buf.putLong(offset + 8, 0L);
        return LENGTH;
    }

    public static int family(final ByteBuffer buf, final int offset) {
        return Short.toUnsignedInt(Short.reverseBytes(buf.getShort(offset + FAMILY_OFFSET)));
    }

    public static int port(final ByteBuffer buf, final int offset) {
        return Short.toUnsignedInt(buf.getShort(offset + PORT_OFFSET));
    }

    public static int address(final ByteBuffer buf, final int offset) {
        return buf.getInt(offset + ADDRESS_OFFSET);
    }

    /** Dotted quad of an address int (control path: allocates). */
    public static String text(final int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
            + (address & 0xFF);
    }

    /** Parses a dotted quad; throws IllegalArgumentException naming the text when it is not one. */
    public static int parse(final String text) {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' (expected: an IPv4 address like 192.0.2.1)");
        }
        int a = 0;
        for (final String p : parts) {
            final int v;
            try {
                v = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' (expected: an IPv4 address like 192.0.2.1)");
            }
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("'" + text + "' (expected: an IPv4 address like 192.0.2.1)");
            }
            a = (a << 8) | v;
        }
        return a;
    }
}
