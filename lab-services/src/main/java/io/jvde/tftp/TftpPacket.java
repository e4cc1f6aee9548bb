package io.jvde.tftp;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * TFTP packets (RFC 1350 §5, RFC 2347 §2): opcodes, the fields of a read request and the writers of DATA, OACK and
 * ERROR. Reading never throws: a request whose strings are not NUL-terminated inside the datagram is malformed.
 */
public final class TftpPacket {
    public static final int RRQ = 1;
    public static final int WRQ = 2;
    public static final int DATA = 3;
    public static final int ACK = 4;
    public static final int ERROR = 5;
    public static final int OACK = 6;

    public static final int ERR_UNDEFINED = 0;
    public static final int ERR_NOT_FOUND = 1;
    public static final int ERR_ACCESS = 2;
    public static final int ERR_ILLEGAL = 4;
    public static final int ERR_UNKNOWN_TID = 5;
    /** RFC 2347 §4: the client refused the server's option acknowledgement. */
    public static final int ERR_OPTION = 8;

    /** Longest request string kept (file name, mode, an option or its value). */
    public static final int MAX_STRING = 255;

    private TftpPacket() {
    }

    public static int opcode(final ByteBuf b, final int at, final int length) {
        return length < 2 ? -1 : b.getUnsignedShort(at);
    }

    /** A parsed RRQ/WRQ: file name, mode, the options RFC 2347-2349 and 7440 define (-1: not asked). */
    public static final class Request {
        public String file;
        public String mode;
        public int blksize = -1;
        public long tsize = -1;
        public int timeout = -1;
        public int windowsize = -1;

        /** Parses the request of {@code length} bytes at {@code at}; false when malformed. */
        public boolean parse(final ByteBuf b, final int at, final int length) {
            file = null;
            mode = null;
            blksize = -1;
            tsize = -1;
            timeout = -1;
            windowsize = -1;
            final int end = at + length;
            int p = at + 2;
            final String[] s = new String[1];
            p = string(b, p, end, s);
            if (p < 0 || s[0].isEmpty()) {
                return false;
            }
            file = s[0];
            p = string(b, p, end, s);
            if (p < 0) {
                return false;
            }
            mode = s[0].toLowerCase(java.util.Locale.ROOT);
            while (p < end) { // RFC 2347 §2: option/value pairs; unknown options are ignored
                final String[] name = new String[1];
                p = string(b, p, end, name);
                if (p < 0) {
                    return false;
                }
                p = string(b, p, end, s);
                if (p < 0) {
                    return false;
                }
                final long v = number(s[0]);
                switch (name[0].toLowerCase(java.util.Locale.ROOT)) {
                    case "blksize" -> blksize = v >= 8 && v <= 65_464 ? (int) v : -1; // RFC 2348 §2
                    case "tsize" -> tsize = v; // RFC 2349 §4: 0 in a read request
                    case "timeout" -> timeout = v >= 1 && v <= 255 ? (int) v : -1; // RFC 2349 §3
                    case "windowsize" -> windowsize = v >= 1 && v <= 65_535 ? (int) v : -1; // RFC 7440 §3
                    default -> {
                    }
                }
            }
            return true;
        }

        private static long number(final String s) {
            if (s.isEmpty() || s.length() > 18) {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < s.length(); i++) {
                final char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }
    }

    /** Reads a NUL-terminated string at {@code p}; returns the offset after the NUL or -1. */
    static int string(final ByteBuf b, final int p, final int end, final String[] out) {
        int q = p;
        while (q < end && b.getByte(q) != 0) {
            q++;
        }
        if (q >= end || q - p > MAX_STRING) {
            return -1;
        }
        out[0] = b.toString(p, q - p, StandardCharsets.US_ASCII);
        return q + 1;
    }

    /** Writes a DATA header; the caller puts the bytes at {@code at + 4}. Returns the header length. */
    public static int data(final ByteBuf b, final int at, final int block) {
        b.setShort(at, DATA);
        b.setShort(at + 2, block & 0xFFFF);
        return 4;
    }

    /** Writes an ERROR packet; returns its length. */
    public static int error(final ByteBuf b, final int at, final int code, final String message) {
        b.setShort(at, ERROR);
        b.setShort(at + 2, code);
        final byte[] m = message.getBytes(StandardCharsets.US_ASCII);
        b.setBytes(at + 4, m);
        b.setByte(at + 4 + m.length, 0);
        return 5 + m.length;
    }

    /** Starts an OACK; append options with {@link #option}. Returns the offset after the opcode. */
    public static int oack(final ByteBuf b, final int at) {
        b.setShort(at, OACK);
        return at + 2;
    }

    public static int option(final ByteBuf b, final int p, final String name, final long value) {
        int q = p;
        for (final String s : new String[] {name, Long.toString(value)}) {
            final byte[] v = s.getBytes(StandardCharsets.US_ASCII);
            b.setBytes(q, v);
            b.setByte(q + v.length, 0);
            q += v.length + 1;
        }
        return q;
    }
}
