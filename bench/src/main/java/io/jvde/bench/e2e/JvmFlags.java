package io.jvde.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The JVM option steps the start-up and footprint section measures, each adding to the one before, so the report
 * shows what every step buys. The throughput runs use {@link #recommended}.
 *
 * <p>One step is about jffi, through which libc is called: {@code jffi.boot.library.path} loads jffi's JNI library
 * from a directory instead of extracting it from the jar to a temporary file on every start.
 */
final class JvmFlags {
    static final List<String> SERIAL_GC = List.of("-XX:+UseSerialGC");
    static final List<String> SMALL_HEAP = List.of("-Xms16m", "-Xmx256m");
    static final List<String> SMALL_STACKS_NO_PERFDATA = List.of("-Xss512k", "-XX:-UsePerfData");
    static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");
    /**
     * bin/jvde's start-up flags (BENCHMARKS.md, start-up round 7): compile after 10x the default counts, a 10 MB
     * young generation to start with, the heap in transparent huge pages (the launcher adds the last only where the
     * kernel offers them, as this variant does).
     */
    static List<String> launcherStartFlags() {
        final List<String> f = new ArrayList<>(List.of("-XX:CompileThresholdScaling=10", "-XX:NewSize=10m"));
        if (transparentHugePages()) {
            f.add("-XX:+UseTransparentHugePages");
        }
        return f;
    }

    /** Whether the kernel offers transparent huge pages ("always" or "madvise"), as bin/jvde checks. */
    static boolean transparentHugePages() {
        try {
            final String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            return mode.contains("[") && !mode.contains("[never]");
        } catch (final IOException e) {
            return false;
        }
    }

    /** One step: a label and the complete list of JVM options. */
    static final class Step {
        final String label;
        final List<String> options;

        Step(final String label, final List<String> options) {
            this.label = label;
            this.options = List.copyOf(options);
        }
    }

    private final Path nativeDir;
    private Path archive;

    /** @param nativeDir directory holding jffi's extracted JNI library, or null */
    JvmFlags(final Path nativeDir) {
        this.nativeDir = nativeDir;
    }

    /** Sets the AppCDS archive the later steps use (null: none). */
    void archive(final Path archive) {
        this.archive = archive;
    }

    Path archive() {
        return archive;
    }

    /** bin/jvde's options as of this benchmark. */
    static List<String> launcher() {
        return concat(SERIAL_GC, SMALL_HEAP, SMALL_STACKS_NO_PERFDATA);
    }

    List<String> jffiBootPath() {
        return nativeDir == null ? List.of() : List.of("-Djffi.boot.library.path=" + nativeDir);
    }

    /** The launcher's options plus jffi's library directory, without the archive (used to build it). */
    List<String> beforeArchive() {
        return concat(launcher(), jffiBootPath());
    }

    /** What this benchmark recommends for bin/jvde. */
    List<String> recommended() {
        return archive == null ? beforeArchive() : concat(beforeArchive(), List.of("-XX:SharedArchiveFile=" + archive));
    }

    /** The cumulative steps. */
    List<Step> steps() {
        final List<Step> steps = new ArrayList<>();
        steps.add(new Step("JVM defaults (G1, heap sized from RAM)", List.of()));
        steps.add(new Step("+ -XX:+UseSerialGC", SERIAL_GC));
        steps.add(new Step("+ -Xms16m -Xmx256m", concat(SERIAL_GC, SMALL_HEAP)));
        steps.add(new Step("+ -Xss512k -XX:-UsePerfData (= bin/jvde today)", launcher()));
        if (nativeDir != null) {
            steps.add(new Step("+ -Djffi.boot.library.path=DIR", beforeArchive()));
        }
        if (archive != null) {
            steps.add(new Step("+ AppCDS archive (-XX:SharedArchiveFile)", recommended()));
        }
        steps.add(new Step("+ -XX:TieredStopAtLevel=1 (C1 only)", concat(recommended(), C1_ONLY)));
        return steps;
    }

    /** The label of the {@link #recommended()} step (the one before C1 only). */
    String recommendedLabel() {
        final List<Step> steps = steps();
        return steps.get(steps.size() - 2).label;
    }

    /**
     * Extracts jffi's JNI library for this platform from {@code jar} into {@code dir} (what a launcher would do
     * once at install time). Returns {@code dir}, or null if the jar has no library for this platform.
     */
    static Path extractJffi(final Path jar, final Path dir) throws IOException {
        final String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        final String entry = "jni/" + arch + "-Linux/libjffi-1.2.so";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            final ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                return null;
            }
            Files.createDirectories(dir);
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, dir.resolve("libjffi-1.2.so"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    @SafeVarargs
    static List<String> concat(final List<String>... lists) {
        final List<String> all = new ArrayList<>();
        for (final List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
