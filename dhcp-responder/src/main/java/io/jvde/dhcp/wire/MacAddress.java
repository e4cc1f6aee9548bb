package io.jvde.dhcp.wire;

import io.jvde.primitives.Mac48;
import io.netty.buffer.ByteBuf;

/**
 * A 48-bit MAC address held in the low 48 bits of a {@code long} (first octet in bits 47..40), read from and
 * written to netty {@code ByteBuf}s. The text form and the constants are the shared codec's ({@link Mac48}); this
 * class only adds the buffer type this module works with.
 */
public final class MacAddress {
    public static final int LENGTH = Mac48.LENGTH;
    public static final long MASK = Mac48.MASK;
    public static final long BROADCAST = Mac48.BROADCAST;
    /** I/G bit: least significant bit of the first octet (IEEE 802-2014 §8.2); set = group. */
    public static final long GROUP_BIT = Mac48.GROUP_BIT;
    /** U/L bit: set = locally administered. */
    public static final long LOCAL_BIT = Mac48.LOCAL_BIT;

    private MacAddress() {
    }

    public static long read(final ByteBuf buf, final int index) {
        return ((long) buf.getUnsignedShort(index) << 32) | buf.getUnsignedInt(index + 2);
    }

    public static void write(final ByteBuf buf, final int index, final long mac) {
        buf.setShort(index, (int) (mac >>> 32));
        buf.setInt(index + 2, (int) mac);
    }

    public static boolean isGroup(final long mac) {
        return Mac48.isGroup(mac);
    }

    /**
     * Parses {@code 52:54:00:12:01:01} (and the other forms {@link Mac48#parse} takes: '-' or '.' separators,
     * {@code 5254.0012.0101}); throws with the offending text otherwise.
     */
    public static long parse(final String text) {
        final long mac = text == null ? -1 : Mac48.tryParse(text);
        if (mac < 0) {
            throw new IllegalArgumentException("mac: " + text + " (expected: six hex octets like 52:54:00:12:01:01)");
        }
        return mac;
    }

    public static String toString(final long mac) {
        return Mac48.toString(mac);
    }

    /** Appends the colon form without allocating beyond the builder's growth. */
    public static StringBuilder append(final StringBuilder sb, final long mac) {
        return Mac48.append(sb, mac);
    }
}
