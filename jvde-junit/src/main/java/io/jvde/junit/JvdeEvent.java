package io.jvde.junit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One event of the switch's structured event stream, the same events {@code jvde events} prints as JSON lines
 * (README, Debugging a lab): {@code port.created}, {@code port.removed}, {@code endpoint.connected},
 * {@code endpoint.disconnected}, {@code vlan.created}, {@code vlan.removed}, {@code vlan.membership},
 * {@code mac.learned}, {@code mac.moved}, {@code mac.aged}, {@code link.up}, {@code link.down},
 * {@code lease.offered}, {@code lease.bound}, {@code lease.renewed}, {@code lease.released},
 * {@code lease.declined}, {@code lease.nak}, {@code lease.expired}, {@code dhcp.violation}.
 *
 * @param seq    the stream's sequence number (events of the state at subscription share the seq before them)
 * @param time   when the switch emitted it
 * @param type   the event type, e.g. {@code lease.bound}
 * @param fields its fields (numbers as {@code Integer}/{@code Long}, MACs lower case with colons, IPs dotted)
 * @param json   the JSON line {@code jvde events} prints for it
 */
public record JvdeEvent(long seq, Instant time, String type, Map<String, Object> fields, String json) {
    public JvdeEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A field as text, or null when absent. */
    public String field(final String name) {
        final Object v = fields.get(name);
        return v == null ? null : v.toString();
    }

    /** The {@code port} field (every port, endpoint, MAC and lease event has one), or -1. */
    public int port() {
        return fields.get("port") instanceof Number n ? n.intValue() : -1;
    }

    /** The {@code mac} field (MAC and lease events), lower case with colons, or null. */
    public String mac() {
        return field("mac");
    }

    /** The {@code ip} field (lease events), or null. */
    public String ip() {
        return field("ip");
    }

    /** True for an event that describes the state when the listener came, not a change. */
    public boolean snapshot() {
        return Boolean.TRUE.equals(fields.get("snapshot"));
    }

    /** Whether this is an event of {@code type}, or of a family when it ends with a dot ({@code "lease."}). */
    public boolean is(final String type) {
        return type.endsWith(".") ? this.type.startsWith(type) : this.type.equals(type);
    }

    /** A predicate for {@link Jvde#awaitEvent}: events of {@code type} (or of a family, {@code "lease."}). */
    public static Predicate<JvdeEvent> ofType(final String type) {
        return e -> e.is(type);
    }
}
