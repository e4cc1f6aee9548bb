package io.jvde.dhcp.config;

import java.util.HexFormat;

/** Colon-separated hex for identifiers in configuration and logs. */
public final class Hex {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    private Hex() {
    }

    /** Parses {@code 01:52:54:00} (colons or dashes optional between octets); throws naming {@code what}. */
    public static byte[] parse(final String what, final String text) {
        final String digits = text == null ? "" : text.replace(":", "").replace("-", "");
        if (digits.isEmpty() || digits.length() % 2 != 0 || digits.length() > 510) {
            throw new IllegalArgumentException(what + ": " + text + " (expected: 1..255 hex octets like 01:52:54:00)");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + text + " (expected: hex octets like 01:52:54:00)", e);
        }
    }

    public static String format(final byte[] bytes) {
        return COLONS.formatHex(bytes);
    }
}
