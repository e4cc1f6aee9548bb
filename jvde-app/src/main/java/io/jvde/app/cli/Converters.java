package io.jvde.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.regex.Pattern;

/** Option value parsers with vde_switch's syntax and messages that name the value and the expectation. */
final class Converters {
    private static final Pattern OCTAL = Pattern.compile("[0-7]{1,5}");
    private static final Pattern MAC = Pattern.compile(
            "\\p{XDigit}{1,2}([:.])\\p{XDigit}{1,2}(\\1\\p{XDigit}{1,2}){4}");

    private Converters() {
    }

    /** Octal permission bits, read like vde_switch's {@code strtol(arg, NULL, 8)}: 0600, 600, 02770. */
    static final class Octal implements ITypeConverter<Integer> {
        @Override
        public Integer convert(final String value) {
            if (!OCTAL.matcher(value).matches() || Integer.parseInt(value, 8) > 07777) {
                throw new TypeConversionException("'" + value + "' (expected: an octal mode such as 0600 or 02770)");
            }
            return Integer.parseInt(value, 8);
        }
    }

    /** A MAC address with ':' or '.' between six hex bytes, as a 48-bit value. */
    static final class Mac implements ITypeConverter<Long> {
        @Override
        public Long convert(final String value) {
            if (!MAC.matcher(value).matches()) {
                throw new TypeConversionException("'" + value
                        + "' (expected: six hex bytes separated by ':' or '.', e.g. 00:ff:01:02:03:04)");
            }
            long mac = 0;
            for (final String part : value.split("[:.]")) {
                mac = (mac << 8) | Integer.parseInt(part, 16);
            }
            return mac;
        }
    }
}
