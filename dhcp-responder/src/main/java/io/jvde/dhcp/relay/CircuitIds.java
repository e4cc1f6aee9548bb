package io.jvde.dhcp.relay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Renders circuit-id templates (RFC 3046 §3.1: the circuit is opaque to the server, so it may be readable text). */
final class CircuitIds {
    /** Longest circuit-id the relay sends; a longer rendering (a long port description) is cut. */
    static final int MAX_CIRCUIT_ID = 128;
    private static final String[] PLACEHOLDERS = {"{switch}", "{port}", "{vlan}", "{desc}"};

    private CircuitIds() {
    }

    /** The first {@code {...}} token that is not a known placeholder, or null. */
    static String unknownPlaceholder(final String template) {
        int i = template.indexOf('{');
        while (i >= 0) {
            final int close = template.indexOf('}', i);
            if (close < 0) {
                return template.substring(i);
            }
            final String token = template.substring(i, close + 1);
            if (!Arrays.asList(PLACEHOLDERS).contains(token)) {
                return token;
            }
            i = template.indexOf('{', close);
        }
        return null;
    }

    static byte[] render(final String template, final String switchName, final int port, final int vid,
                         final String description) {
        final String text = template.replace("{switch}", switchName).replace("{port}", Integer.toString(port))
            .replace("{vlan}", Integer.toString(vid)).replace("{desc}", description == null ? "" : description);
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_CIRCUIT_ID ? bytes : Arrays.copyOf(bytes, MAX_CIRCUIT_ID);
    }
}
