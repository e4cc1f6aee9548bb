package io.jvde.dhcp.wire;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encoder for option 119, the domain search list (RFC 3397 §2): the names in DNS wire format (RFC 1035 §3.1), with
 * RFC 1035 §4.1.4 compression pointers whose offsets count from the first octet of the option's (concatenated)
 * data. Runs once per configuration, so it may allocate.
 */
public final class DomainSearchOption {
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;
    /** A pointer is 14 bits (RFC 1035 §4.1.4). */
    private static final int MAX_POINTER = 0x3FFF;

    private DomainSearchOption() {
    }

    /**
     * Encodes {@code names} (trailing dot optional), compressing repeated suffixes case-insensitively. Throws
     * {@link IllegalArgumentException} naming the bad name and the rule when a name is not a valid host name.
     */
    public static byte[] encode(final List<String> names) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Map<String, Integer> suffixes = new HashMap<>();
        for (final String raw : names) {
            final String name = checkName(raw);
            String rest = name;
            while (!rest.isEmpty()) {
                final Integer at = suffixes.get(rest.toLowerCase(Locale.ROOT));
                if (at != null) {
                    out.write(0xC0 | (at >>> 8));
                    out.write(at & 0xFF);
                    break;
                }
                if (out.size() <= MAX_POINTER) {
                    suffixes.put(rest.toLowerCase(Locale.ROOT), out.size());
                }
                final int dot = rest.indexOf('.');
                final String label = dot < 0 ? rest : rest.substring(0, dot);
                out.write(label.length());
                for (int i = 0; i < label.length(); i++) {
                    out.write(label.charAt(i));
                }
                rest = dot < 0 ? "" : rest.substring(dot + 1);
                if (rest.isEmpty()) {
                    out.write(0); // root label ends the uncompressed name
                }
            }
        }
        return out.toByteArray();
    }

    private static String checkName(final String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("domain name: null (expected: a host name like example.com)");
        }
        final String name = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        if (name.isEmpty() || name.length() + 2 > MAX_NAME) {
            throw new IllegalArgumentException("domain name: '" + raw + "' (expected: 1.." + (MAX_NAME - 2)
                + " characters)");
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                final int len = i - labelStart;
                if (len < 1 || len > MAX_LABEL) {
                    throw new IllegalArgumentException("domain name: '" + raw + "' (expected: labels of 1.."
                        + MAX_LABEL + " characters)");
                }
                labelStart = i + 1;
            } else {
                final char c = name.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_')) {
                    throw new IllegalArgumentException("domain name: '" + raw + "' (expected: letters, digits, '-'"
                        + " and '_' separated by dots)");
                }
            }
        }
        return name;
    }
}
