package io.jvde.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's root: the nearest directory, walking up from the working directory, with the parent POM. */
public final class RepoRoot {
    private static final String PARENT_ARTIFACT = "<artifactId>jvde-parent</artifactId>";
    private static volatile Path cached;

    private RepoRoot() {
    }

    /** The repository root; throws if the tests do not run inside a jvde checkout. */
    public static Path find() {
        Path root = cached;
        if (root == null) {
            root = search(Path.of("").toAbsolutePath());
            cached = root;
        }
        return root;
    }

    static Path search(final Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            final Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && isParentPom(pom)) {
                return dir;
            }
        }
        throw new IllegalStateException("no jvde parent pom.xml above " + start);
    }

    private static boolean isParentPom(final Path pom) {
        try {
            // Module POMs name jvde-parent too (in <parent>); only the root one lists modules.
            final String text = Files.readString(pom);
            return text.contains(PARENT_ARTIFACT) && text.contains("<modules>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
