package io.jvde.dns;

import io.netty.buffer.ByteBuf;

/**
 * Domain names on the wire (RFC 1035 §3.1, §4.1.4): length-prefixed labels ending with a zero byte, or a
 * compression pointer (two top bits set) to an earlier offset. Reading is bounded: a label of at most 63 bytes, a
 * name of at most 255, pointers that point strictly backwards and past the header, at most {@link #MAX_POINTERS}
 * of them, so a loop or a forward reference ends as an error instead of a hang.
 */
public final class DnsName {
    public static final int MAX_LABEL = 63;
    public static final int MAX_NAME = 255;
    public static final int MAX_POINTERS = 16;
    /** {@link #read} result: the name runs past the message. */
    public static final int TRUNCATED = -1;
    /** {@link #read} result: bad label length, name too long, bad or looping pointer. */
    public static final int MALFORMED = -2;

    private DnsName() {
    }

    /**
     * Reads the name at {@code at} of the message that spans {@code start..end} into {@code out} as lower-case
     * dotted text without the trailing dot (the root is empty). Returns the offset just past the name where it
     * was written (a pointer counts two bytes), or {@link #TRUNCATED} / {@link #MALFORMED}.
     */
    public static int read(final ByteBuf buf, final int start, final int end, final int at, final StringBuilder out) {
        out.setLength(0);
        int p = at;
        int after = -1;
        int pointers = 0;
        int wire = 1;
        while (true) {
            if (p >= end) {
                return TRUNCATED;
            }
            final int len = buf.getUnsignedByte(p);
            if ((len & 0xC0) == 0xC0) {
                if (p + 1 >= end) {
                    return TRUNCATED;
                }
                final int target = start + (((len & 0x3F) << 8) | buf.getUnsignedByte(p + 1));
                if (++pointers > MAX_POINTERS || target >= p || target < start + DnsHeader.LENGTH) {
                    return MALFORMED;
                }
                if (after < 0) {
                    after = p + 2;
                }
                p = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                return MALFORMED; // 0x40 and 0x80: extended label types (RFC 6891 §5), none in use
            }
            if (len == 0) {
                return after < 0 ? p + 1 : after;
            }
            wire += len + 1;
            if (wire > MAX_NAME) {
                return MALFORMED;
            }
            if (p + 1 + len > end) {
                return TRUNCATED;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            for (int i = 1; i <= len; i++) {
                final int c = buf.getUnsignedByte(p + i);
                out.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
            }
            p += 1 + len;
        }
    }

    /** Writes {@code name} (dotted, no trailing dot) as uncompressed labels at {@code at}; returns the end. */
    public static int write(final ByteBuf buf, final int at, final String name) {
        int p = at;
        int from = 0;
        while (from < name.length()) {
            int dot = name.indexOf('.', from);
            if (dot < 0) {
                dot = name.length();
            }
            buf.setByte(p++, dot - from);
            for (int i = from; i < dot; i++) {
                buf.setByte(p++, name.charAt(i));
            }
            from = dot + 1;
        }
        buf.setByte(p++, 0);
        return p;
    }

    /** Bytes {@link #write} takes for {@code name}. */
    public static int wireLength(final String name) {
        return name.isEmpty() ? 1 : name.length() + 2;
    }

    /**
     * True when {@code name} is a host name jvde can publish: letters, digits and hyphens in labels of 1..63
     * (RFC 1123 §2.1; underscores too, as labs use them), at most 253 characters.
     */
    public static boolean valid(final String name) {
        if (name.isEmpty() || name.length() > 253 || name.startsWith(".") || name.endsWith(".")
            || name.contains("..")) {
            return false;
        }
        int label = 0;
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c == '.') {
                label = 0;
                continue;
            }
            if (++label > MAX_LABEL || !(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
