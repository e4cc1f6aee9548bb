package io.jvde.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a process's state from /proc: open descriptors, for leak checks. */
public final class ProcFs {
    private ProcFs() {
    }

    /** Number of entries in {@code /proc/PID/fd}. */
    public static int openDescriptors(final long pid) {
        return descriptorTargets(pid).size();
    }

    /** Targets of {@code /proc/PID/fd/*} links ({@code socket:[123]}, {@code /path}, ...), for leak messages. */
    public static List<String> descriptorTargets(final long pid) {
        final List<String> targets = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (final Path fd : fds) {
                try {
                    targets.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    // Closed between listing and reading: not open any more.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list descriptors of pid " + pid, e);
        }
        return targets;
    }
}
