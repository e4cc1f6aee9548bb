package io.jvde.app.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML configuration file bound to typed records by Jackson ({@link #bind}), refusing unknown fields, and the
 * line of every value by its path ({@code scopes[0].pool.start}) so that a refusal, by Jackson while binding or by
 * the checks after it ({@link #error}), reads {@code FILE:LINE: path: value (expected: ...)}.
 */
public final class ConfigFile {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));

    /** What a path holds in the file: its line, and the text of a scalar or the kind of a container. */
    private record Spot(int line, String shown, boolean list) {
    }

    private static final String NULL = "null";

    private final Path file;
    private final String text;
    private final Map<String, Spot> spots = new HashMap<>();

    private ConfigFile(final Path file, final String text) throws IOException {
        this.file = file;
        this.text = text;
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != null) {
                walk(p, "");
            }
        }
    }

    /** Reads {@code file}; unreadable: IllegalArgumentException {@code OPTION: FILE: cannot read (why)}. */
    public static ConfigFile read(final String option, final Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new IllegalArgumentException(option + ": " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses {@code text} ({@code file} names it in messages); a syntax error is {@code FILE:LINE: reason}. */
    public static ConfigFile parse(final Path file, final String text) {
        try {
            return new ConfigFile(file, text);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + line(e.getLocation(), 1) + ": "
                + e.getOriginalMessage().lines().findFirst().orElse("not YAML"), e);
        } catch (final IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** True for a file without a document, or whose document is null. */
    public boolean isEmpty() {
        final Spot root = spots.get("");
        return root == null || NULL.equals(root.shown());
    }

    /** True when the file has a value (or a field) at {@code path}. */
    public boolean has(final String path) {
        return spots.containsKey(path);
    }

    /** The document as {@code type}; a value Jackson cannot bind is refused as {@code FILE:LINE: path: reason}. */
    public <T> T bind(final Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (final JsonMappingException e) {
            throw refusal(e);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + line(e.getLocation(), 1) + ": "
                + e.getOriginalMessage().lines().findFirst().orElse("not YAML"), e);
        }
    }

    /**
     * The path of element {@code index} of the list at {@code at}: {@code at[index]}, or {@code at} itself where
     * the file has a single value that Jackson took as a list of one.
     */
    public String element(final String at, final int index) {
        final Spot s = spots.get(at);
        return s != null && !s.list() ? at : at + "[" + index + "]";
    }

    /** {@code name} under the path {@code at}. */
    public static String join(final String at, final String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    /**
     * The error {@code FILE:LINE: at: reason}, the line of {@code at} or, when it has none (a missing field), of the
     * nearest enclosing path that has one.
     */
    public IllegalArgumentException error(final String at, final String reason) {
        return error(at, lineOf(at), reason, null);
    }

    private IllegalArgumentException error(final String at, final int line, final String reason, final Exception e) {
        return new IllegalArgumentException(file + ":" + line + ": " + (at.isEmpty() ? "" : at + ": ") + reason, e);
    }

    private int lineOf(final String at) {
        String p = at;
        Spot s = spots.get(p);
        while (s == null && !p.isEmpty()) {
            final int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
            s = spots.get(p);
        }
        return s == null ? 1 : s.line();
    }

    /** Jackson's refusal in the house format: the path from its reference chain, the line from its location. */
    private IllegalArgumentException refusal(final JsonMappingException e) {
        final String at = path(e);
        // Jackson's location is the offending token's; for an unknown field of a record it is past the skipped
        // value, so there the field's own line is taken from the file
        final int line = e instanceof UnrecognizedPropertyException && has(at) ? lineOf(at)
            : line(e.getLocation(), lineOf(at));
        final String reason;
        if (e instanceof UnrecognizedPropertyException u) {
            reason = "unknown field (expected one of: " + sorted(u.getKnownPropertyIds()) + ")";
        } else if (e instanceof ConfigValues.BadValue) {
            reason = e.getOriginalMessage();
        } else if (e instanceof InvalidNullException) {
            reason = "null (expected: a value)";
        } else if (e.getCause() instanceof InputCoercionException) {
            reason = shown(at) + " (expected: a whole number in range)";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            reason = shown(at) + " (expected: " + expected(m.getTargetType()) + ")";
        } else {
            reason = shown(at) + " (expected: " + e.getOriginalMessage().lines().findFirst().orElse("a value") + ")";
        }
        return error(at, line, reason, e);
    }

    /** The path of Jackson's reference chain; {@code x[0]} of a single value taken as a list is {@code x}. */
    private String path(final JsonMappingException e) {
        final StringBuilder sb = new StringBuilder();
        for (final JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                final Spot list = spots.get(sb.toString());
                if (list == null || list.list()) {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        return sb.toString();
    }

    /** The value at {@code at} as the file shows it: {@code 'text'}, {@code (a mapping)} or {@code (a list)}. */
    private String shown(final String at) {
        final Spot s = spots.get(at);
        return s == null ? "missing" : s.shown();
    }

    private static String expected(final Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (type == String.class) {
            return "a value";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    private static String sorted(final Collection<Object> names) {
        return String.join(", ", names.stream().map(String::valueOf).sorted().toList());
    }

    private static int line(final JsonLocation at, final int otherwise) {
        return at == null || at.getLineNr() < 1 ? otherwise : at.getLineNr();
    }

    /** Records the line and text of the value under the parser and of everything inside it. */
    private void walk(final JsonParser p, final String at) throws IOException {
        final int line = p.currentTokenLocation().getLineNr();
        final JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            spots.putIfAbsent(at, new Spot(line, "(a mapping)", false));
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String here = join(at, p.currentName());
                final int fieldLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                walk(p, here);
                spots.computeIfPresent(here, (k, s) -> new Spot(fieldLine, s.shown(), s.list()));
            }
        } else if (t == JsonToken.START_ARRAY) {
            spots.putIfAbsent(at, new Spot(line, "(a list)", true));
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                walk(p, at + "[" + i++ + "]");
            }
        } else {
            spots.putIfAbsent(at, new Spot(line, t == JsonToken.VALUE_NULL ? NULL : "'" + p.getText() + "'", false));
        }
    }
}
