package io.jvde.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A pid file created with O_EXCL semantics (docs/protocol.md §5.9) and removed at exit. */
public final class Pidfile implements AutoCloseable {
    private final Path path;

    private Pidfile(final Path path) {
        this.path = path;
    }

    /**
     * Creates {@code path} containing {@code pid} and a newline.
     *
     * @throws java.nio.file.FileAlreadyExistsException when it exists (another switch may own it: never touched)
     */
    public static Pidfile create(final Path path, final long pid) throws IOException {
        Files.write(path, (pid + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Pidfile(path);
    }

    public Path path() {
        return path;
    }

    /** Removes the file this process created. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}
