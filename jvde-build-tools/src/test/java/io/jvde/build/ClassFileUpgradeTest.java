package io.jvde.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build step that re-versions picocli's Java 5 class files so class-data sharing takes them. */
class ClassFileUpgradeTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReversionEveryPicocliClassToJava8AndLeaveTheOtherEntriesAsTheyWere() throws Exception {
        final Path jar = picocliJarCopy();
        final Map<String, byte[]> before = entries(jar);
        final long old = before.entrySet().stream()
            .filter(e -> e.getKey().endsWith(".class") && ClassFileUpgrade.version(e.getValue()) < 50).count();
        assertTrue(old > 100, "picocli's jar is expected to hold Java 5 classes; found " + old);

        final int n = ClassFileUpgrade.upgrade(jar, List.of("picocli/"));

        assertEquals(old, n);
        final Map<String, byte[]> after = entries(jar);
        assertEquals(List.copyOf(before.keySet()), List.copyOf(after.keySet()), "same entries, same order");
        for (final Map.Entry<String, byte[]> e : after.entrySet()) {
            if (e.getKey().startsWith("picocli/") && e.getKey().endsWith(".class")) {
                assertEquals(ClassFileUpgrade.TARGET_VERSION, ClassFileUpgrade.version(e.getValue()), e.getKey());
            } else {
                assertArrayEquals(before.get(e.getKey()), e.getValue(), e.getKey() + " copied byte for byte");
            }
        }
    }

    @Test
    void shouldLeaveClassesOutsideThePrefixesAlone() throws Exception {
        final Path jar = picocliJarCopy();
        final Map<String, byte[]> before = entries(jar);

        assertEquals(0, ClassFileUpgrade.upgrade(jar, List.of("org/example/")));

        final Map<String, byte[]> after = entries(jar);
        for (final Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey());
        }
    }

    /**
     * Every rewritten class loads, links — which runs the type-checking verifier on each method against the
     * computed frames (the default -Xverify verifies every class not loaded by the boot loader) — and
     * initialises; then picocli, loaded from the rewritten jar only, parses a command line and prints usage.
     */
    @Test
    void shouldVerifyLoadAndRunTheRewrittenClasses() throws Exception {
        final Path jar = picocliJarCopy();
        ClassFileUpgrade.upgrade(jar, List.of("picocli/"));
        final List<String> names = new ArrayList<>();
        for (final String entry : entries(jar).keySet()) {
            if (entry.startsWith("picocli/") && entry.endsWith(".class")) {
                names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
            for (final String name : names) {
                final Class<?> c = Class.forName(name, true, loader);
                assertSame(loader, c.getClassLoader(), name + " comes from the rewritten jar");
            }
            final Class<?> cl = Class.forName("picocli.CommandLine", true, loader);
            final Object help = Class.forName("picocli.CommandLine$HelpCommand", true, loader)
                .getConstructor().newInstance();
            final Object commandLine = cl.getConstructor(Object.class).newInstance(help);
            final StringWriter text = new StringWriter();
            cl.getMethod("setOut", PrintWriter.class).invoke(commandLine, new PrintWriter(text, true));
            final Object status = cl.getMethod("execute", String[].class)
                .invoke(commandLine, (Object) new String[] {"--help"});
            assertEquals(0, status);
            assertTrue(text.toString().contains("Usage: help"), text.toString());
        }
    }

    @Test
    void shouldComputeCommonSuperClassesFromTheJarAndTheJdk() throws Exception {
        final ClassFileUpgrade.Hierarchy h = new ClassFileUpgrade.Hierarchy(classes(picocliJarCopy()));
        assertEquals("java/lang/RuntimeException", h.commonSuperClass("picocli/CommandLine$PicocliException",
            "java/lang/IllegalStateException"));
        assertEquals("picocli/CommandLine$ParameterException", h.commonSuperClass(
            "picocli/CommandLine$MissingParameterException", "picocli/CommandLine$UnmatchedArgumentException"));
        assertEquals("java/lang/Object", h.commonSuperClass("picocli/CommandLine$IVersionProvider",
            "java/lang/String"));
    }

    private Path picocliJarCopy() throws IOException, URISyntaxException {
        final Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertFalse(Files.isDirectory(original), "picocli is expected as a jar on the test class path");
        final Path copy = tmp.resolve("picocli-" + System.nanoTime() + ".jar");
        Files.copy(original, copy);
        return copy;
    }

    private static Map<String, byte[]> classes(final Path jar) throws IOException {
        final Map<String, byte[]> classes = new TreeMap<>();
        entries(jar).forEach((name, bytes) -> {
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                classes.put(name.substring(0, name.length() - ".class".length()), bytes);
            }
        });
        return classes;
    }

    private static Map<String, byte[]> entries(final Path jar) throws IOException {
        final Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
