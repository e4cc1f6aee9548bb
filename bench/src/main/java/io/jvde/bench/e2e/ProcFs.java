package io.jvde.bench.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time and resident memory of a process, read from Linux {@code /proc}. */
final class ProcFs {
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private ProcFs() {
    }

    /**
     * CPU time the process has used, user plus system, in nanoseconds: the sum of {@code /proc/PID/task/TID/schedstat}
     * over its threads (nanosecond resolution; the same quantity as utime + stime in {@code /proc/PID/stat}, which
     * counts in 10 ms ticks and is the fallback). Threads that have already exited are not counted; the switches
     * measured here keep their threads.
     */
    static long cpuNanos(final long pid) {
        final Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long sum = 0;
        boolean any = false;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (final Path task : dir) {
                try {
                    final String s = Files.readString(task.resolve("schedstat")).trim();
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                    any = true;
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return any ? sum : statCpuNanos(pid);
    }

    /** utime + stime from {@code /proc/PID/stat} (fields 14 and 15), in nanoseconds; -1 if the process is gone. */
    static long statCpuNanos(final long pid) {
        try {
            final String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            final String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime is field 14, stime field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time, user plus system, of this process's children that have ended and been waited for (cutime + cstime,
     * fields 16 and 17 of {@code /proc/self/stat}), in nanoseconds; -1 if unreadable.
     */
    static long reapedChildrenCpuNanos() {
        try {
            final String s = Files.readString(Path.of("/proc/self/stat"));
            final String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * CLOCK_TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS in kB from {@code /proc/PID/status}, or -1. */
    static long rssKb(final long pid) {
        return statusKb(pid, "VmRSS:");
    }

    /** A {@code kB} field of {@code /proc/PID/status} (VmRSS:, RssAnon:, RssFile:, VmHWM:), or -1. */
    static long statusKb(final long pid, final String field) {
        try {
            final List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (final String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Number of threads of the process, or -1. */
    static int threads(final long pid) {
        return (int) statusKb(pid, "Threads:");
    }
}
