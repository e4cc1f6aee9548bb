package io.jvde.primitives;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A 48-bit IEEE 802 MAC address held as the low 48 bits of a {@code long} (first octet in bits 47..40), so the
 * forwarding path never allocates for an address. Converts to and from buffers, byte arrays and text. The one MAC
 * codec of the project: the switch uses it directly, the DHCP leaf through its {@code ByteBuf} adapter
 * ({@code io.jvde.dhcp.wire.MacAddress}).
 */
public final class Mac48 {
    public static final int LENGTH = 6;
    public static final long MASK = 0xFFFF_FFFF_FFFFL;
    public static final long BROADCAST = MASK;
    /** I/G bit: least significant bit of the first octet (IEEE 802-2014 §8.2); set = group (multicast). */
    public static final long GROUP_BIT = 1L << 40;
    /** U/L bit: second bit of the first octet; set = locally administered. */
    public static final long LOCAL_BIT = 1L << 41;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int TEXT_LENGTH = 17;

    private Mac48() {
    }

    /** Reads six octets at absolute {@code index} of a big-endian buffer. */
    public static long read(final ByteBuffer buf, final int index) {
        return ((long) (buf.getShort(index) & 0xFFFF) << 32) | (buf.getInt(index + 2) & 0xFFFF_FFFFL);
    }

    /** Writes six octets at absolute {@code index} of a big-endian buffer. */
    public static void write(final ByteBuffer buf, final int index, final long mac) {
        buf.putShort(index, (short) (mac >>> 32));
        buf.putInt(index + 2, (int) mac);
    }

    public static long fromBytes(final byte[] bytes, final int offset) {
        long mac = 0;
        for (int i = 0; i < LENGTH; i++) {
            mac = (mac << 8) | (bytes[offset + i] & 0xFF);
        }
        return mac;
    }

    public static byte[] toBytes(final long mac) {
        final byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bytes[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return bytes;
    }

    /** True for broadcast and multicast addresses (I/G bit set). */
    public static boolean isGroup(final long mac) {
        return (mac & GROUP_BIT) != 0;
    }

    public static boolean isBroadcast(final long mac) {
        return (mac & MASK) == BROADCAST;
    }

    public static boolean isLocal(final long mac) {
        return (mac & LOCAL_BIT) != 0;
    }

    /** Lowercase {@code aa:bb:cc:dd:ee:ff}. */
    public static String toString(final long mac) {
        final char[] text = new char[TEXT_LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            final int octet = (int) (mac >>> (40 - 8 * i)) & 0xFF;
            text[3 * i] = HEX[octet >>> 4];
            text[3 * i + 1] = HEX[octet & 0xF];
            if (i < LENGTH - 1) {
                text[3 * i + 2] = ':';
            }
        }
        return new String(text);
    }

    /** Appends the lowercase colon form; allocates nothing beyond the builder's growth. */
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

    /**
     * Parses six hex octets of one or two digits separated by {@code ':'}, {@code '-'} or {@code '.'}
     * ({@code aa:bb:cc:dd:ee:ff}, {@code AA-BB-CC-DD-EE-FF}, {@code 2:0:0:0:0:a}), or three dot-separated groups of
     * four digits ({@code aabb.ccdd.eeff}). The separator must be the same throughout.
     *
     * @throws IllegalArgumentException naming the input when it is none of these forms
     */
    public static long parse(final CharSequence text) {
        Objects.requireNonNull(text, "mac");
        final long mac = tryParse(text);
        if (mac < 0) {
            throw new IllegalArgumentException("mac: \"" + text
                + "\" (expected: six hex octets like aa:bb:cc:dd:ee:ff, separated by ':', '-' or '.')");
        }
        return mac;
    }

    /** Like {@link #parse} but returns -1 instead of throwing (addresses are never negative). */
    public static long tryParse(final CharSequence text) {
        final char separator = firstSeparator(text);
        if (separator == 0) {
            return -1;
        }
        final int groups = countGroups(text, separator);
        if (groups == LENGTH) {
            return parseGroups(text, separator, 1, 2, 8);
        }
        if (groups == 3 && separator == '.') {
            return parseGroups(text, separator, 4, 4, 16);
        }
        return -1;
    }

    private static char firstSeparator(final CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (hexValue(c) < 0) {
                return c == ':' || c == '-' || c == '.' ? c : 0;
            }
        }
        return 0;
    }

    private static int countGroups(final CharSequence text, final char separator) {
        int groups = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == separator) {
                groups++;
            }
        }
        return groups;
    }

    private static long parseGroups(final CharSequence text, final char separator, final int minDigits,
                                    final int maxDigits, final int bitsPerGroup) {
        long mac = 0;
        int digits = 0;
        long group = 0;
        for (int i = 0; i <= text.length(); i++) {
            final char c = i < text.length() ? text.charAt(i) : separator;
            if (c == separator) {
                if (digits < minDigits) {
                    return -1;
                }
                mac = (mac << bitsPerGroup) | group;
                digits = 0;
                group = 0;
                continue;
            }
            final int value = hexValue(c);
            if (value < 0 || ++digits > maxDigits) {
                return -1;
            }
            group = (group << 4) | value;
        }
        return mac;
    }

    /** ASCII hex only: {@link Character#digit} would also accept non-ASCII digits. */
    private static int hexValue(final char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
