package io.jvde.dhcp.wire;

import io.netty.buffer.ByteBuf;

/**
 * A 48-bit MAC address held in the low 48 bits of a {@code long} (first octet in bits 47..40): read, write and
 * text form. A deliberate small copy of the switch's codec, because this module must not depend on switch-core.
 */
public final class MacAddress {
    public static final int LENGTH = 6;
    public static final long MASK = 0xFFFF_FFFF_FFFFL;
    public static final long BROADCAST = MASK;
    /** I/G bit: least significant bit of the first octet (IEEE 802-2014 §8.2); set = group. */
    public static final long GROUP_BIT = 1L << 40;
    /** U/L bit: set = locally administered. */
    public static final long LOCAL_BIT = 1L << 41;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
        return (mac & GROUP_BIT) != 0;
    }

    /** Parses {@code 52:54:00:12:01:01} (also with '-' separators); throws with the offending text otherwise. */
    public static long parse(final String text) {
        if (text == null || text.length() != 17) {
            throw new IllegalArgumentException("mac: " + text + " (expected: six hex octets like 52:54:00:12:01:01)");
        }
        long mac = 0;
        for (int i = 0; i < LENGTH; i++) {
            final int hi = Character.digit(text.charAt(3 * i), 16);
            final int lo = Character.digit(text.charAt(3 * i + 1), 16);
            final char sep = i < LENGTH - 1 ? text.charAt(3 * i + 2) : ':';
            if (hi < 0 || lo < 0 || (sep != ':' && sep != '-')) {
                throw new IllegalArgumentException("mac: " + text
                    + " (expected: six hex octets like 52:54:00:12:01:01)");
            }
            mac = (mac << 8) | (hi << 4) | lo;
        }
        return mac;
    }

    public static String toString(final long mac) {
        final StringBuilder sb = new StringBuilder(17);
        append(sb, mac);
        return sb.toString();
    }

    /** Appends the colon form without allocating beyond the builder's growth. */
    public static StringBuilder append(final StringBuilder sb, final long mac) {
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0) {
                sb.append(':');
            }
            final int octet = (int) (mac >>> (40 - 8 * i)) & 0xFF;
            sb.append(HEX[octet >>> 4]).append(HEX[octet & 0xF]);
        }
        return sb;
    }
}
