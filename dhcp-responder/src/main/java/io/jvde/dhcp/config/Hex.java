package io.jvde.dhcp.config;

/** Colon-separated hex for identifiers in configuration and logs. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Parses {@code 01:52:54:00} (colons optional between octets); throws naming {@code what} and the text. */
    public static byte[] parse(final String what, final String text) {
        final String digits = text == null ? "" : text.replace(":", "").replace("-", "");
        if (digits.isEmpty() || digits.length() % 2 != 0 || digits.length() > 510) {
            throw new IllegalArgumentException(what + ": " + text + " (expected: 1..255 hex octets like 01:52:54:00)");
        }
        final byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            final int hi = Character.digit(digits.charAt(2 * i), 16);
            final int lo = Character.digit(digits.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException(what + ": " + text + " (expected: hex octets like 01:52:54:00)");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    public static String format(final byte[] bytes) {
        final StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(DIGITS[(bytes[i] >>> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
        }
        return sb.toString();
    }
}
