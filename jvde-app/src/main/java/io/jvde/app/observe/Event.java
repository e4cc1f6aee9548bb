package io.jvde.app.observe;

import java.util.Map;

/** One event as the stream carries it: its type, its fields, and its JSON line (seq and time included). */
public record Event(long seq, String type, Map<String, Object> fields, String json) {
    /** A field as a string ({@code null} when absent). */
    public String field(final String name) {
        final Object v = fields.get(name);
        return v == null ? null : v.toString();
    }
}
