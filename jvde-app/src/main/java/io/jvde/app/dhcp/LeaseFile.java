package io.jvde.app.dhcp;

import java.nio.file.Path;

/**
 * Where the lease journal lives: a given file, memory only, or the default beside the switch directory
 * ({@code DIR.dhcp-leases} for switch directory {@code DIR}), which survives restarts with the same {@code -s} and
 * is never inside the directory the switch removes at exit.
 *
 * @param path   the file when given (null otherwise)
 * @param memory true for {@code --dhcp-lease-file=memory}
 * @param fsync  false for {@code --dhcp-lease-sync write}: each batch of leases is written before its ACKs leave,
 *               not fsynced (see {@code FileLeaseJournal#fsyncEachBatch})
 */
public record LeaseFile(Path path, boolean memory, boolean fsync) {
    public static final String MEMORY = "memory";
    public static final String DEFAULT_SUFFIX = ".dhcp-leases";

    public static final String SYNC_FSYNC = "fsync";
    public static final String SYNC_WRITE = "write";

    public static LeaseFile besideSwitch() {
        return new LeaseFile(null, false, true);
    }

    public static LeaseFile memoryOnly() {
        return new LeaseFile(null, true, true);
    }

    public static LeaseFile at(final Path file) {
        return new LeaseFile(file.toAbsolutePath(), false, true);
    }

    /** The same file, its batches fsynced ({@value #SYNC_FSYNC}) or only written ({@value #SYNC_WRITE}). */
    public LeaseFile withFsync(final boolean on) {
        return new LeaseFile(path, memory, on);
    }

    /** {@code fsync} or {@code write}, the value of {@code --dhcp-lease-sync}: true for fsync. */
    public static boolean parseSync(final String text) {
        if (SYNC_FSYNC.equals(text)) {
            return true;
        }
        if (SYNC_WRITE.equals(text)) {
            return false;
        }
        throw new IllegalArgumentException("--dhcp-lease-sync: '" + text + "' (expected: " + SYNC_FSYNC + " or "
            + SYNC_WRITE + ")");
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
