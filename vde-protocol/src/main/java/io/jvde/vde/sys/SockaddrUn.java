package io.jvde.vde.sys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct sockaddr_un} as vde sends it: family (u16, host order) then a 108-byte NUL-padded path,
 * 110 bytes in all (docs/protocol.md §2.3, §2.4).
 */
public final class SockaddrUn {
    public static final int FAMILY_OFFSET = 0;
    public static final int FAMILY_LENGTH = 2;
    public static final int PATH_OFFSET = FAMILY_OFFSET + FAMILY_LENGTH;
    public static final int PATH_LENGTH = 108;
    public static final int LENGTH = PATH_OFFSET + PATH_LENGTH;

    private SockaddrUn() {
    }

    /**
     * Writes a sockaddr_un for {@code path} at {@code offset} (zero padded) and returns {@link #LENGTH}.
     * @throws IllegalArgumentException when the path does not fit in sun_path with its NUL
     */
    public static int write(final ByteBuffer buf, final int offset, final String path) {
        final byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= PATH_LENGTH) {
            throw new IllegalArgumentException("socket path: " + bytes.length + " bytes (expected: < " + PATH_LENGTH
                + "): " + path);
        }
        buf.putShort(offset + FAMILY_OFFSET, Short.reverseBytes((short) Native.AF_UNIX));
        for (int i = 0; i < PATH_LENGTH; i++) {
            buf.put(offset + PATH_OFFSET + i, i < bytes.length ? bytes[i] : 0);
        }
        return LENGTH;
    }

    /** Family field (host order, little-endian on the hosts we run on). */
    public static int family(final ByteBuffer buf, final int offset) {
        return Short.toUnsignedInt(Short.reverseBytes(buf.getShort(offset + FAMILY_OFFSET)));
    }

    /** Length of the path before its first NUL, or -1 when sun_path has no NUL (not terminated). */
    public static int pathLength(final ByteBuffer buf, final int offset) {
        for (int i = 0; i < PATH_LENGTH; i++) {
            if (buf.get(offset + PATH_OFFSET + i) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The path text (control path only: allocates). Abstract addresses (first byte NUL) read as "". */
    public static String path(final ByteBuffer buf, final int offset) {
        final int n = pathLength(buf, offset);
        final int len = n < 0 ? PATH_LENGTH : n;
        final byte[] bytes = new byte[len];
        for (int i = 0; i < len; i++) {
            bytes[i] = buf.get(offset + PATH_OFFSET + i);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
