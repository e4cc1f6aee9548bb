package io.jvde.build;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Re-versions the pre-Java-6 classes of a jar (class-file version below 50) to Java 8's (52), with the stack map
 * frames that version requires computed by ASM; nothing else in them changes. Why: the JVM's class-data sharing
 * refuses classes older than version 50 ("Pre JDK 6 class not supported by CDS"), and those that implement or
 * extend one, so picocli's 4.7 jar (version 49) stayed out of jvde.jsa/jvde.aot and was loaded, parsed and verified
 * by the old verifier on every start (docs/architecture.md §7). jvde-app's pom
 * runs this on target/jvde.jar between the shade goal and the archive's training run, from this build-only module
 * (an exec-maven-plugin dependency there), so the tool itself is not in the jar it rewrites.
 *
 * <p>Usage: {@code ClassFileUpgrade JAR PREFIX...}: only classes whose name starts with one of the prefixes
 * ({@code picocli/}) are rewritten; the jar is replaced atomically, its other entries copied byte for byte.
 */
public final class ClassFileUpgrade {
    /** Class-file version of Java 6: the first that CDS archives (and that may carry stack map frames). */
    static final int FIRST_SHARED_VERSION = Opcodes.V1_6;
    /** The version the rewritten classes get: Java 8's, the oldest the type-checking verifier requires. */
    static final int TARGET_VERSION = Opcodes.V1_8;

    private ClassFileUpgrade() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ClassFileUpgrade JAR PREFIX...");
        }
        final Path jar = Path.of(args[0]);
        final int n = upgrade(jar, List.of(args).subList(1, args.length));
        System.out.println("ClassFileUpgrade: " + n + " classes re-versioned to " + TARGET_VERSION + " in " + jar);
    }

    /**
     * Rewrites {@code jar} in place; returns how many classes were re-versioned.
     *
     * @throws IllegalStateException when a class's frames cannot be computed (a type missing from the jar and JDK)
     */
    public static int upgrade(final Path jar, final List<String> prefixes) throws IOException {
        final Map<String, byte[]> classes = new HashMap<>();
        final List<ZipEntry> entries = new ArrayList<>();
        final Map<String, byte[]> contents = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                final byte[] bytes = in.readAllBytes();
                entries.add(e);
                contents.put(e.getName(), bytes);
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    classes.put(e.getName().substring(0, e.getName().length() - ".class".length()), bytes);
                }
            }
        }
        final Hierarchy hierarchy = new Hierarchy(classes);
        int upgraded = 0;
        final Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".tmp");
        try {
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (final ZipEntry e : entries) {
                    byte[] bytes = contents.get(e.getName());
                    if (isCandidate(e.getName(), prefixes) && version(bytes) < FIRST_SHARED_VERSION) {
                        bytes = upgrade(bytes, hierarchy);
                        upgraded++;
                    }
                    final ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    out.write(bytes);
                    out.closeEntry();
                }
            }
            copyPermissions(jar, tmp);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return upgraded;
    }

    /** The temporary file is created private (0600); the jar keeps the mode it had. */
    private static void copyPermissions(final Path from, final Path to) throws IOException {
        if (Files.getFileStore(from).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }

    private static boolean isCandidate(final String entry, final List<String> prefixes) {
        if (!entry.endsWith(".class") || entry.startsWith("META-INF/")) {
            return false;
        }
        for (final String p : prefixes) {
            if (entry.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The class file's major version (bytes 6-7, JVMS §4.1). */
    static int version(final byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** One class re-versioned with its frames computed; {@code hierarchy} answers the common super classes. */
    static byte[] upgrade(final byte[] classFile, final Hierarchy hierarchy) {
        final ClassReader reader = new ClassReader(classFile);
        final ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(final String type1, final String type2) {
                return hierarchy.commonSuperClass(type1, type2);
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(final int version, final int access, final String name, final String signature,
                              final String superName, final String[] interfaces) {
                super.visit(TARGET_VERSION, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /**
     * Super classes and interface flags read from the class files themselves: the jar's, then the JDK's (as
     * resources), never by loading a class, so the answer is the jar's hierarchy whatever the build's class path.
     */
    static final class Hierarchy {
        private final Map<String, byte[]> jar;
        private final Map<String, ClassReader> read = new HashMap<>();

        Hierarchy(final Map<String, byte[]> jar) {
            this.jar = jar;
        }

        String commonSuperClass(final String type1, final String type2) {
            if (isInterface(type1) || isInterface(type2)) {
                // the verifier treats interface types as Object for assignments (JVMS §4.10.1.2)
                return "java/lang/Object";
            }
            final Set<String> supers1 = new HashSet<>();
            for (String t = type1; t != null; t = superName(t)) {
                supers1.add(t);
            }
            for (String t = type2; t != null; t = superName(t)) {
                if (supers1.contains(t)) {
                    return t;
                }
            }
            return "java/lang/Object";
        }

        private boolean isInterface(final String type) {
            return (reader(type).getAccess() & Opcodes.ACC_INTERFACE) != 0;
        }

        private String superName(final String type) {
            return reader(type).getSuperName();
        }

        private ClassReader reader(final String type) {
            return read.computeIfAbsent(type, t -> new ClassReader(bytes(t)));
        }

        private byte[] bytes(final String type) {
            final byte[] own = jar.get(type);
            if (own != null) {
                return own;
            }
            try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(type + ".class")) {
                if (in == null) {
                    throw new IllegalStateException("ClassFileUpgrade: " + type
                        + " is neither in the jar nor in the JDK; cannot compute stack map frames");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
