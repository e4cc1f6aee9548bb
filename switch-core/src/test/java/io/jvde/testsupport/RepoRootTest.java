package io.jvde.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepoRootTest {
    @TempDir
    Path tmp;

    @Test
    void shouldSkipModulePomsThatOnlyNameTheParent() throws Exception {
        Files.writeString(tmp.resolve("pom.xml"),
            "<project><artifactId>jvde-parent</artifactId><modules><module>switch-core</module></modules></project>");
        final Path module = Files.createDirectories(tmp.resolve("switch-core/src/test"));
        Files.writeString(tmp.resolve("switch-core/pom.xml"),
            "<project><parent><artifactId>jvde-parent</artifactId></parent></project>");
        assertEquals(tmp, RepoRoot.search(module));
    }

    @Test
    void shouldFailOutsideACheckout() {
        assertThrows(IllegalStateException.class, () -> RepoRoot.search(tmp));
    }

    @Test
    void shouldFindTheCheckoutTheseTestsRunIn() {
        assertTrue(Files.isRegularFile(RepoRoot.find().resolve("switch-core").resolve("pom.xml")));
    }
}
