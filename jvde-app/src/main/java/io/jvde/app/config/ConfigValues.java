package io.jvde.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.jvde.dhcp.config.Ipv4Cidr;
import io.jvde.dhcp.config.OptionValue;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Jackson deserializers for the values configuration files share: IPv4 addresses, subnets, MACs, durations and
 * DHCP option values. Each refuses a bad value with {@link BadValue}, whose message is the house reason
 * {@code value (expected: ...)} and whose location is the value's, so {@link ConfigFile} names file and line.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** A value a deserializer refused; the message is the reason {@code value (expected: ...)}. */
    public static final class BadValue extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        BadValue(final JsonParser p, final String reason) {
            super(p, reason);
        }
    }

    /** A refusal of the value under the parser, {@code reason} being {@code value (expected: ...)}. */
    public static BadValue badValue(final JsonParser p, final String reason) {
        return new BadValue(p, reason);
    }

    /** The scalar under the parser as text; a mapping or list is refused as not {@code expected}. */
    static String scalar(final JsonParser p, final String expected) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            throw new BadValue(p, (p.currentToken() == JsonToken.START_OBJECT ? "(a mapping)" : "(a list)")
                + " (expected: " + expected + ")");
        }
        return p.getText();
    }

    /** An IPv4 address as an {@code int}. */
    public static final class Ipv4 extends JsonDeserializer<Integer> {
        private static final String EXPECTED = "an IPv4 address like 192.168.1.254";

        @Override
        public Integer deserialize(final JsonParser p, final DeserializationContext ctxt) throws IOException {
            final String text = scalar(p, EXPECTED);
            final long a = Ipv4Address.parseOrMinusOne(text.trim());
            if (a < 0) {
                throw new BadValue(p, text + " (expected: " + EXPECTED + ")");
            }
            return (int) a;
        }
    }

    /**
     * A scalar a leaf parser reads ({@code parse} throws IllegalArgumentException with its house message, whose
     * leading {@code what: } is cut, since the path names the field).
     */
    abstract static class Parsed<T> extends JsonDeserializer<T> {
        private final String expected;
        private final Function<String, T> parse;

        Parsed(final String expected, final Function<String, T> parse) {
            this.expected = expected;
            this.parse = parse;
        }

        @Override
        public T deserialize(final JsonParser p, final DeserializationContext ctxt) throws IOException {
            final String text = scalar(p, expected);
            try {
                return parse.apply(text.trim());
            } catch (final IllegalArgumentException e) {
                throw new BadValue(p, withoutWhat(e.getMessage()));
            }
        }
    }

    /** A subnet {@code A.B.C.D/P}. */
    public static final class Cidr extends Parsed<Ipv4Cidr> {
        public Cidr() {
            super("address/prefix like 192.168.1.0/24", Ipv4Cidr::parse);
        }
    }

    /** A MAC address {@code 52:54:00:12:01:01}, as {@link MacAddress} parses it. */
    public static final class Mac extends Parsed<Long> {
        public Mac() {
            super("six hex octets like 52:54:00:12:01:01", MacAddress::parse);
        }
    }

    /** A duration in seconds: a number, or dnsmasq's {@code 45m}, {@code 12h}, {@code 1d}, {@code infinite}. */
    public static final class Seconds extends JsonDeserializer<Long> {
        private static final String EXPECTED = "seconds, or a time like 45m, 12h, 1d, infinite";

        @Override
        public Long deserialize(final JsonParser p, final DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getLongValue();
            }
            final String text = scalar(p, EXPECTED);
            final long s = seconds(text);
            if (s < 0) {
                throw new BadValue(p, text + " (expected: " + EXPECTED + ")");
            }
            return s;
        }
    }

    /**
     * DHCP options by code: {@code CODE: VALUE} with the code a number or a name of {@link DhcpOptionCode#parse}
     * and the value in the grammar of {@link OptionValue}, shared with {@code --dhcp-option}.
     */
    public static final class DhcpOptions extends JsonDeserializer<Map<Integer, byte[]>> {
        @Override
        public Map<Integer, byte[]> deserialize(final JsonParser p, final DeserializationContext ctxt)
            throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new BadValue(p, (p.currentToken() == JsonToken.START_ARRAY ? "(a list)" : p.getText())
                    + " (expected: a mapping CODE: VALUE)");
            }
            final Map<Integer, byte[]> options = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String name = p.currentName();
                p.nextToken();
                try {
                    final int code = DhcpOptionCode.parse(name);
                    if (code < 0) {
                        throw new BadValue(p, name + " (expected: " + DhcpOptionCode.expected() + ")");
                    }
                    final String text = scalar(p, "an option value: addresses, text or 0xHEX");
                    try {
                        options.put(code, OptionValue.parse(code, text));
                    } catch (final IllegalArgumentException e) {
                        throw new BadValue(p, text + " (" + e.getMessage() + ")");
                    }
                } catch (final BadValue e) {
                    e.prependPath(options, name);
                    throw e;
                }
            }
            return options;
        }
    }

    /**
     * dnsmasq's time: seconds, or a number with s, m, h, d or w, or {@code infinite} (RFC 2132 §9.2's 0xffffffff);
     * -1 for anything else, or a time not below infinite.
     */
    public static long seconds(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("infinite")) {
            return Scope.INFINITE;
        }
        final long unit = t.isEmpty() ? 0 : switch (t.charAt(t.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default -> 0;
        };
        try {
            final long n = Long.parseLong(unit == 0 ? t : t.substring(0, t.length() - 1));
            final long s = n * (unit == 0 ? 1 : unit);
            return n > 0 && s < Scope.INFINITE ? s : -1;
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    /** {@code cidr: 10.0.0/24 (expected: ...)} without the leading {@code cidr: }: the path names the field. */
    private static String withoutWhat(final String message) {
        final int colon = message.indexOf(": ");
        return colon > 0 && colon < message.indexOf(' ') + 1 ? message.substring(colon + 2) : message;
    }
}
