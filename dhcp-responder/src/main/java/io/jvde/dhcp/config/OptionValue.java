package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.DomainSearchOption;
import io.jvde.dhcp.wire.Ipv4Address;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The one grammar of a configured DHCP option value, for {@code --dhcp-option CODE,VALUE} and the YAML
 * {@code options: {CODE: VALUE}} alike: {@code 0x} followed by hex octets is taken as the wire bytes; otherwise the
 * value is read by the option's {@link DhcpOptionCode.ValueKind} (addresses, text, domain list, 16-bit number),
 * and for an option jvde has no type for, as addresses when every comma-separated part is one, else as text.
 */
public final class OptionValue {
    private OptionValue() {
    }

    /**
     * The wire value of option {@code code} written as {@code text}.
     *
     * @throws IllegalArgumentException whose message is the expectation, e.g.
     *                                  {@code expected: an even number of hex digits after 0x}
     */
    public static byte[] parse(final int code, final String text) {
        final String value = text.trim();
        if (value.startsWith("0x") || value.startsWith("0X")) {
            final String hex = value.substring(2);
            if (hex.isEmpty() || hex.length() % 2 != 0) {
                throw new IllegalArgumentException("expected: an even number of hex digits after 0x");
            }
            try {
                return HexFormat.of().parseHex(hex);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("expected: an even number of hex digits after 0x", e);
            }
        }
        final String[] parts = value.isEmpty() ? new String[0] : value.split(",");
        return switch (DhcpOptionCode.valueOf(code).valueKind()) {
            case ADDRESSES -> addresses(parts);
            case TEXT -> value.getBytes(StandardCharsets.US_ASCII);
            case DOMAIN_LIST -> domains(parts);
            case UINT16 -> uint16(value);
            case GUESS -> allAddresses(parts) ? addresses(parts) : value.getBytes(StandardCharsets.US_ASCII);
        };
    }

    private static boolean allAddresses(final String[] parts) {
        boolean all = parts.length > 0;
        for (final String p : parts) {
            all &= Ipv4Address.parseOrMinusOne(p.trim()) >= 0;
        }
        return all;
    }

    private static byte[] addresses(final String[] parts) {
        if (!allAddresses(parts)) {
            throw new IllegalArgumentException("expected: IPv4 addresses separated by commas, or 0xHEX");
        }
        final byte[] b = new byte[4 * parts.length];
        for (int i = 0; i < parts.length; i++) {
            final int a = Ipv4Address.parse(parts[i].trim());
            b[4 * i] = (byte) (a >>> 24);
            b[4 * i + 1] = (byte) (a >>> 16);
            b[4 * i + 2] = (byte) (a >>> 8);
            b[4 * i + 3] = (byte) a;
        }
        return b;
    }

    private static byte[] domains(final String[] parts) {
        try {
            return DomainSearchOption.encode(List.of(parts).stream().map(String::trim).toList());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("expected: domain names like example.com separated by commas", e);
        }
    }

    private static byte[] uint16(final String value) {
        try {
            final int n = Integer.parseInt(value);
            if (n >= 0 && n <= 0xFFFF) {
                return new byte[] {(byte) (n >>> 8), (byte) n};
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected: a number 0..65535, or 0xHEX");
    }
}
