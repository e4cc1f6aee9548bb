package io.jvde.dhcp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Small byte helpers for tests. */
public final class Bytes {
    private Bytes() {
    }

    public static int ip(final String dotted) {
        final String[] p = dotted.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
            | Integer.parseInt(p[3]);
    }

    public static String ip(final int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    public static long mac(final String text) {
        long m = 0;
        for (final String octet : text.split(":")) {
            m = (m << 8) | Integer.parseInt(octet, 16);
        }
        return m;
    }

    public static byte[] hex(final String text) {
        final String s = text.replaceAll("[\\s:]", "");
        final byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    public static byte[] ascii(final String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static byte[] int32(final int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static int int32(final byte[] b, final int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static int uint16(final byte[] b, final int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    public static long mac(final byte[] b, final int off) {
        long m = 0;
        for (int i = 0; i < 6; i++) {
            m = (m << 8) | (b[off + i] & 0xFF);
        }
        return m;
    }

    /** Reads a golden file beside the test class (src/test/resources/&lt;package&gt;/name). */
    public static byte[] resource(final Class<?> near, final String name) {
        try (InputStream in = near.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name + " near " + near.getName());
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
