package io.jvde.app.dhcp;

import java.nio.file.Path;

/**
 * Where the lease journal lives: a given file, memory only, or the default beside the switch directory
 * ({@code DIR.dhcp-leases} for switch directory {@code DIR}), which survives restarts with the same {@code -s} and
 * is never inside the directory the switch removes at exit.
 *
 * @param path   the file when given (null otherwise)
 * @param memory true for {@code --dhcp-lease-file=memory}
 */
public record LeaseFile(Path path, boolean memory) {
    public static final String MEMORY = "memory";
    public static final String DEFAULT_SUFFIX = ".dhcp-leases";

    public static LeaseFile besideSwitch() {
        return new LeaseFile(null, false);
    }

    public static LeaseFile memoryOnly() {
        return new LeaseFile(null, true);
    }

    public static LeaseFile at(final Path file) {
        return new LeaseFile(file.toAbsolutePath(), false);
    }

    /** {@code memory} or a path. */
    public static LeaseFile parse(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--dhcp-lease-file: '" + text + "' (expected: a file path or memory)");
        }
        return MEMORY.equals(text) ? memoryOnly() : at(Path.of(text));
    }

    /** The journal path for switch directory {@code switchDir}, or null when leases stay in memory. */
    public Path resolve(final Path switchDir) {
        if (memory) {
            return null;
        }
        if (path != null) {
            return path;
        }
        final Path dir = switchDir.toAbsolutePath().normalize();
        return dir.resolveSibling(dir.getFileName() + DEFAULT_SUFFIX);
    }

    @Override
    public String toString() {
        return memory ? MEMORY : path != null ? path.toString() : "DIR" + DEFAULT_SUFFIX;
    }
}
