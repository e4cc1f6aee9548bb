package io.jvde.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A YAML file read as a tree, with the line of every value by its path ({@code scopes[0].pool.start}), so that a
 * configuration error names {@code FILE:LINE: path: reason}. The tree comes from Jackson; the lines from a first
 * pass of Jackson's streaming parser, since a tree node does not keep its location.
 */
public final class YamlLines {
    private final Path file;
    private final Map<String, Integer> lines = new HashMap<>();
    private final JsonNode root;

    private YamlLines(final Path file, final String text) throws IOException {
        this.file = file;
        final ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            if (p.nextToken() != null) {
                walk(p, "");
            }
        }
        this.root = mapper.readTree(text);
    }

    /** Parses {@code text}; a syntax error is an IllegalArgumentException {@code FILE:LINE: reason}. */
    public static YamlLines parse(final Path file, final String text) {
        try {
            return new YamlLines(file, text);
        } catch (final JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + ":" + (at == null ? 1 : at.getLineNr()) + ": "
                + e.getOriginalMessage().lines().findFirst().orElse("not YAML"), e);
        } catch (final IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The text of {@code file}; unreadable: IllegalArgumentException {@code OPTION: FILE: cannot read (why)}. */
    public static String read(final String option, final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new IllegalArgumentException(option + ": " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Refuses a {@code node} that is not a mapping, or that has a field not in {@code names}, naming its line. */
    public void known(final JsonNode node, final String at, final Set<String> names) {
        if (!node.isObject()) {
            throw error(at, "expected a mapping");
        }
        for (final Iterator<String> it = node.fieldNames(); it.hasNext();) {
            final String n = it.next();
            if (!names.contains(n)) {
                throw error(join(at, n), "unknown field (expected one of: "
                    + String.join(", ", names.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The document's root, or null (or a missing/null node) for an empty file. */
    public JsonNode root() {
        return root;
    }

    public Path file() {
        return file;
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
        String p = at;
        Integer line = lines.get(p);
        while (line == null && !p.isEmpty()) {
            final int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
            line = lines.get(p);
        }
        return new IllegalArgumentException(file + ":" + (line == null ? 1 : line) + ": "
            + (at.isEmpty() ? "" : at + ": ") + reason);
    }

    /** Records the line of the value under the parser and of everything inside it. */
    private void walk(final JsonParser p, final String at) throws IOException {
        lines.putIfAbsent(at, p.currentTokenLocation().getLineNr());
        final JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String here = join(at, p.currentName());
                lines.putIfAbsent(here, p.currentTokenLocation().getLineNr());
                p.nextToken();
                walk(p, here);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                walk(p, at + "[" + i++ + "]");
            }
        }
    }
}
