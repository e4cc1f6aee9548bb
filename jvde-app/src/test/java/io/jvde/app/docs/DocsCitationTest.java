package io.jvde.app.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code docs/NAME.md §N} (or {@code Appendix X}) cited in a source file names a document under docs/ and a
 * section heading it has, and no source cites a document the repository does not hold.
 */
@Timeout(60)
class DocsCitationTest {
    private static final Pattern CITATION = Pattern.compile("docs/([a-z-]+\\.md) (§[0-9]+(?:\\.[0-9]+)*|Appendix [A-Z])");
    private static final Pattern FOREIGN = Pattern.compile(
        "(?<![/\\w-])(vde-protocol|dhcp|style|reach|java-native-io|lab-services)\\.md §");
    private static final Pattern HEADING = Pattern.compile("^#{2,4} (?:([0-9]+(?:\\.[0-9]+)*)\\.?|(Appendix [A-Z])\\.?) ");

    @Test
    void everyCitedSectionExistsUnderDocs() throws IOException {
        final Path root = repositoryRoot();
        final List<String> citations = new ArrayList<>();
        final List<String> foreign = new ArrayList<>();
        try (Stream<Path> files = sources(root)) {
            files.forEach(f -> {
                final String text = read(f);
                final Matcher m = CITATION.matcher(text);
                while (m.find()) {
                    citations.add(root.relativize(f) + " " + m.group(1) + " " + m.group(2));
                }
                final Matcher x = FOREIGN.matcher(text);
                while (x.find()) {
                    foreign.add(root.relativize(f) + ": " + x.group());
                }
            });
        }
        assertTrue(citations.size() > 50, "citations found: " + citations.size());
        final List<String> unresolved = new ArrayList<>();
        for (final String c : citations) {
            final String[] p = c.split(" ", 3);
            final Path doc = root.resolve("docs").resolve(p[1]);
            if (!Files.isRegularFile(doc) || !sections(doc).contains(p[2].replace("§", ""))) {
                unresolved.add(c);
            }
        }
        assertEquals(List.of(), unresolved, "citations without a section under docs/");
        assertEquals(List.of(), foreign, "citations of documents the repository does not hold");
    }

    private static Set<String> sections(final Path doc) {
        final Set<String> s = new HashSet<>();
        for (final String line : read(doc).split("\n")) {
            final Matcher m = HEADING.matcher(line);
            if (m.find()) {
                s.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return s;
    }

    private static Stream<Path> sources(final Path root) throws IOException {
        return Files.walk(root)
            .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/")
                && !p.toString().contains("/.cache/"))
            .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sh")
                || p.getFileName().toString().equals("pom.xml"))
            .filter(Files::isRegularFile);
    }

    private static String read(final Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("docs"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "no docs/ above " + Path.of("").toAbsolutePath());
        return p;
    }
}
