package io.jvde.vde.wire;

import io.jvde.vde.sys.SockaddrUn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The v3 port request a client writes on {@code ctl} (docs/protocol.md §2.3). Integers are host order
 * (little-endian on x86-64 and arm64), the struct is packed and the description's length is implied by the
 * message length.
 *
 * <pre>
 *  0      4      8                   12                          122           122+n
 *  +------+------+-------------------+---------------------------+-------------+
 *  |magic |vers. | type: kind | port<<8 | sockaddr_un (110 bytes) | description |
 *  +------+------+-------------------+---------------------------+-------------+
 * </pre>
 */
public final class ControlRequest {
    public static final int MAGIC = 0xFEEDFACE;
    public static final int VERSION = 3;
    public static final int MAGIC_OFFSET = 0;
    public static final int MAGIC_LENGTH = 4;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int VERSION_LENGTH = 4;
    public static final int TYPE_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    public static final int TYPE_LENGTH = 4;
    public static final int SOCK_OFFSET = TYPE_OFFSET + TYPE_LENGTH;
    public static final int DESCRIPTION_OFFSET = SOCK_OFFSET + SockaddrUn.LENGTH;
    /** Shortest valid request: everything but the description. */
    public static final int MIN_LENGTH = DESCRIPTION_OFFSET;
    public static final int MAX_DESCRIPTION_LENGTH = 128;
    public static final int MAX_LENGTH = DESCRIPTION_OFFSET + MAX_DESCRIPTION_LENGTH;

    /** Request kinds, the low 8 bits of the type word. */
    public static final int KIND_NEW_CONTROL = 0;
    public static final int KIND_NEW_PORT0 = 1;

    /** Outcomes of {@link #check}. */
    public enum Check {
        OK("ok"),
        INCOMPLETE("request incomplete"),
        BAD_MAGIC("bad magic (not a VDE v3 request)"),
        BAD_VERSION("unsupported request version (expected: 3)"),
        BAD_KIND("bad request type (expected: 0 new port or 1 port 0)"),
        BAD_FAMILY("client address is not AF_UNIX"),
        PATH_NOT_TERMINATED("client socket path not NUL-terminated"),
        TOO_LONG("request longer than 250 bytes");

        private final String label;

        Check(final String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private ControlRequest() {
    }

    public static int magic(final ByteBuffer buf, final int off) {
        return Integer.reverseBytes(buf.getInt(off + MAGIC_OFFSET));
    }

    public static int version(final ByteBuffer buf, final int off) {
        return Integer.reverseBytes(buf.getInt(off + VERSION_OFFSET));
    }

    public static int type(final ByteBuffer buf, final int off) {
        return Integer.reverseBytes(buf.getInt(off + TYPE_OFFSET));
    }

    /** Request kind: low 8 bits of the type word. */
    public static int kind(final ByteBuffer buf, final int off) {
        return type(buf, off) & 0xFF;
    }

    /** Requested port: the type word shifted right arithmetically, as vde_switch does (negative means port 0). */
    public static int port(final ByteBuffer buf, final int off) {
        return type(buf, off) >> 8;
    }

    public static String clientPath(final ByteBuffer buf, final int off) {
        return SockaddrUn.path(buf, off + SOCK_OFFSET);
    }

    public static String description(final ByteBuffer buf, final int off, final int length) {
        final int n = Math.max(0, Math.min(length, MAX_LENGTH) - DESCRIPTION_OFFSET);
        final byte[] bytes = new byte[n];
        int end = 0;
        for (int i = 0; i < n; i++) {
            bytes[i] = buf.get(off + DESCRIPTION_OFFSET + i);
            if (bytes[i] == 0) {
                break;
            }
            end = i + 1;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Validates {@code length} bytes received so far. Fields are checked as soon as they are present, so a bad
     * magic is refused after 4 bytes instead of waiting for a request that will never make sense.
     */
    public static Check check(final ByteBuffer buf, final int off, final int length) {
        if (length > MAX_LENGTH) {
            return Check.TOO_LONG;
        }
        if (length >= MAGIC_OFFSET + MAGIC_LENGTH && magic(buf, off) != MAGIC) {
            return Check.BAD_MAGIC;
        }
        if (length >= VERSION_OFFSET + VERSION_LENGTH && version(buf, off) != VERSION) {
            return Check.BAD_VERSION;
        }
        if (length >= TYPE_OFFSET + TYPE_LENGTH) {
            final int kind = kind(buf, off);
            if (kind != KIND_NEW_CONTROL && kind != KIND_NEW_PORT0) {
                return Check.BAD_KIND;
            }
        }
        if (length >= SOCK_OFFSET + SockaddrUn.FAMILY_LENGTH
            && SockaddrUn.family(buf, off + SOCK_OFFSET) != io.jvde.vde.sys.Native.AF_UNIX) {
            return Check.BAD_FAMILY;
        }
        if (length < MIN_LENGTH) {
            return Check.INCOMPLETE;
        }
        if (SockaddrUn.pathLength(buf, off + SOCK_OFFSET) < 0) {
            return Check.PATH_NOT_TERMINATED;
        }
        return Check.OK;
    }

    /**
     * Encodes a request the way libvdeplug does: {@code type = kind + (port << 8)}. Returns the length.
     */
    public static int encode(final ByteBuffer buf, final int off, final int kind, final int port,
                             final String clientPath, final String description) {
        final byte[] d = description.getBytes(StandardCharsets.UTF_8);
        final int dLen = Math.min(d.length, MAX_DESCRIPTION_LENGTH);
        buf.putInt(off + MAGIC_OFFSET, Integer.reverseBytes(MAGIC));
        buf.putInt(off + VERSION_OFFSET, Integer.reverseBytes(VERSION));
        buf.putInt(off + TYPE_OFFSET, Integer.reverseBytes(kind + (port << 8)));
        SockaddrUn.write(buf, off + SOCK_OFFSET, clientPath);
        buf.put(off + DESCRIPTION_OFFSET, d, 0, dLen);
        return DESCRIPTION_OFFSET + dLen;
    }
}
