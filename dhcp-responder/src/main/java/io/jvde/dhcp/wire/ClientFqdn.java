package io.jvde.dhcp.wire;

import io.netty.buffer.ByteBuf;

/**
 * Option 81, the Client FQDN option (RFC 4702 §2): a flags octet, two deprecated RCODE octets, then the client's
 * name, in canonical DNS wire format (RFC 1035 §3.1, no compression) when the E flag is set, else in ASCII
 * (deprecated, RFC 4702 §2.3.1). A wire name without the terminating root label is a partial name (§2.3.1).
 *
 * <pre>
 *  Code   Len    Flags  RCODE1 RCODE2   Domain Name
 * +------+------+------+------+------+------+--
 * |  81  |   n  |      |      |      |       ...
 * +------+------+------+------+------+------+--
 *  Flags: 0 0 0 0 N E O S
 * </pre>
 */
public final class ClientFqdn {
    /** RFC 4702 §2: flags, RCODE1 and RCODE2 come before the name. */
    public static final int MIN_LENGTH = 3;
    public static final int FLAG_S = 0x01;
    public static final int FLAG_O = 0x02;
    public static final int FLAG_E = 0x04;
    public static final int FLAG_N = 0x08;
    /** RFC 1035 §2.3.4: a name's text, dots included, fits in 253 characters; labels in 63. */
    public static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;
    public static final int INVALID = -1;

    private ClientFqdn() {
    }

    public static int flags(final ByteBuf buf, final int valueOffset) {
        return buf.getUnsignedByte(valueOffset);
    }

    /**
     * Writes the name of the option value ({@code length} bytes at {@code valueOffset}) as dotted ASCII text, without
     * a trailing dot, at index 0 of {@code dst} (which holds {@link #MAX_NAME} bytes). Returns its length (0 for an
     * empty name: the client asks the server to choose) or {@link #INVALID} for a malformed value: too short, a
     * label over 63 octets or past the value, a compression pointer, bytes after the root label, a dot inside a
     * wire label, or a name too long.
     */
    public static int decode(final ByteBuf buf, final int valueOffset, final int length, final ByteBuf dst) {
        if (length < MIN_LENGTH) {
            return INVALID;
        }
        final int end = valueOffset + length;
        int p = valueOffset + MIN_LENGTH;
        int n = 0;
        if ((flags(buf, valueOffset) & FLAG_E) == 0) { // ASCII; tolerate a trailing dot or NUL
            int last = end;
            while (last > p && (buf.getByte(last - 1) == 0 || buf.getByte(last - 1) == '.')) {
                last--;
            }
            if (last - p > MAX_NAME) {
                return INVALID;
            }
            for (; p < last; p++) {
                dst.setByte(n++, buf.getByte(p));
            }
            return n;
        }
        while (p < end) {
            final int label = buf.getUnsignedByte(p++);
            if (label == 0) {
                return p == end ? n : INVALID; // the root label ends a fully qualified name
            }
            if (label > MAX_LABEL || p + label > end || n + (n == 0 ? 0 : 1) + label > MAX_NAME) {
                return INVALID; // compression pointers (0xC0) are over 63 too: RFC 4702 §2.3.1 forbids them
            }
            if (n > 0) {
                dst.setByte(n++, '.');
            }
            for (int i = 0; i < label; i++) {
                final byte b = buf.getByte(p++);
                if (b == '.') {
                    return INVALID;
                }
                dst.setByte(n++, b);
            }
        }
        return n; // a partial name (no root label)
    }
}
