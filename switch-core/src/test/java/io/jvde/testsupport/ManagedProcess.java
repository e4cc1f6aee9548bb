package io.jvde.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A child process a test started: its output captured line by line into a bounded buffer, waits with deadlines,
 * and {@link #close()} that ends it by its own PID (SIGTERM, then SIGKILL after a grace period). Processes still
 * alive when the JVM exits are ended the same way by a shutdown hook; nothing is ever killed by name.
 */
public final class ManagedProcess implements AutoCloseable {
    /** Lines kept per process; older ones are dropped (their numbers stay valid, they just are not returned). */
    public static final int MAX_LINES = 20_000;
    /** Characters kept of one line; the rest of a longer line is dropped. */
    public static final int MAX_LINE_CHARS = 8_192;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(3);

    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (final ManagedProcess p : List.copyOf(LIVE)) {
                p.process.destroyForcibly();
            }
        }, "managed-process-reaper"));
    }

    /** Which output stream a captured line came from. */
    public enum Stream { STDOUT, STDERR }

    /** A captured line: its number (0-based, counted over both streams) and text. */
    public record Line(int number, Stream stream, String text) {
        @Override
        public String toString() {
            return (stream == Stream.STDERR ? "[err] " : "[out] ") + text;
        }
    }

    /** Outcome of {@link #run}: exit code (-1 after a timeout) and the merged output. */
    public record Result(int exitCode, String output, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Duration grace;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final List<Thread> pumps = new ArrayList<>();
    private int nextLine;
    private int openStreams;
    private boolean closed;

    private ManagedProcess(final Builder b) {
        this.name = b.name != null ? b.name : Path.of(b.command.get(0)).getFileName().toString();
        this.command = List.copyOf(b.command);
        this.grace = b.grace;
        final ProcessBuilder pb = new ProcessBuilder(command);
        if (b.directory != null) {
            pb.directory(b.directory.toFile());
        }
        pb.environment().putAll(b.environment);
        if (b.stdinFromNull) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        LIVE.add(this);
        if (!b.binaryStdout) {
            pump(process.getInputStream(), Stream.STDOUT);
        }
        pump(process.getErrorStream(), Stream.STDERR);
    }

    public static Builder builder(final String... command) {
        return new Builder(List.of(command));
    }

    public static Builder builder(final List<String> command) {
        return new Builder(command);
    }

    /** Starts {@code command} with stdin as an open pipe and both output streams captured. */
    public static ManagedProcess start(final String... command) {
        return builder(command).start();
    }

    /** Runs {@code command} to completion (stdin from /dev/null), ending it after {@code timeout}. */
    public static Result run(final Duration timeout, final String... command) {
        return run(timeout, List.of(command));
    }

    public static Result run(final Duration timeout, final List<String> command) {
        try (ManagedProcess p = builder(command).stdinFromNull().start()) {
            final boolean exited = p.awaitExit(timeout);
            if (!exited) {
                p.close();
                return new Result(-1, p.text(), true);
            }
            p.joinPumps(Duration.ofSeconds(2));
            return new Result(p.process.exitValue(), p.text(), false);
        }
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's stdin (a pipe unless {@link Builder#stdinFromNull()} was used). */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The child's raw stdout; only for processes built with {@link Builder#binaryStdout()}. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** Closes the child's stdin (many tools, vde_switch among them, exit on stdin EOF). */
    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already gone: nothing left to close.
        }
    }

    /** Writes {@code text} to stdin and flushes. */
    public void write(final String text) {
        try {
            final OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot write to stdin" + describeExit(), e);
        }
    }

    /** Number of lines captured so far: a cursor for {@link #waitForLine(Stream, Pattern, int, Duration)}. */
    public synchronized int lineCount() {
        return nextLine;
    }

    /** Captured lines still in the buffer, oldest first. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Everything captured, one line each, prefixed with the stream, for assertion messages. */
    public synchronized String output() {
        final StringBuilder sb = new StringBuilder();
        for (final Line l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    /** Captured lines of both streams without prefixes, in arrival order. */
    public synchronized String text() {
        final StringBuilder sb = new StringBuilder();
        for (final Line l : lines) {
            sb.append(l.text()).append('\n');
        }
        return sb.toString();
    }

    /** First captured line (either stream, from the start) matching {@code pattern}; fails after {@code timeout}. */
    public String waitForLine(final Pattern pattern, final Duration timeout) {
        return waitForLine(null, pattern, 0, timeout).text();
    }

    /**
     * First line numbered {@code from} or later, of {@code stream} (null = either), matching {@code pattern}
     * (find, not full match). Throws {@link AssertionError} with the captured output when the deadline passes or
     * the process's output ends first.
     */
    public synchronized Line waitForLine(final Stream stream, final Pattern pattern, final int from,
                                       final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int scanned = from;
        while (true) {
            for (final Line l : lines) {
                if (l.number() >= scanned && (stream == null || l.stream() == stream)
                    && pattern.matcher(l.text()).find()) {
                    return l;
                }
            }
            scanned = Math.max(scanned, nextLine);
            final long left = deadline - System.nanoTime();
            if (openStreams == 0) {
                throw new AssertionError(name + ": output ended without a line matching /" + pattern + "/"
                    + describeExit() + "\n" + output());
            }
            if (left <= 0) {
                throw new AssertionError(name + ": no line matching /" + pattern + "/ within " + timeout.toMillis()
                    + " ms\n" + output());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(name + ": interrupted while waiting for /" + pattern + "/");
            }
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    public boolean awaitExit(final Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exit code, waiting up to {@code timeout}; fails the test if the process is still running then. */
    public int exitCode(final Duration timeout) {
        if (!awaitExit(timeout)) {
            throw new AssertionError(name + " still running after " + timeout.toMillis() + " ms\n" + output());
        }
        joinPumps(Duration.ofSeconds(2));
        return process.exitValue();
    }

    /** Ends the process if it still runs: SIGTERM, then SIGKILL after the grace period, both by its PID. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (process.isAlive()) {
                // SIGTERM through the handle, not Process.destroy(): the JDK's destroy() also closes the pipes at
                // once, so a process that writes while it shuts down (udhcpc logs "sending release" before it
                // sends it) dies of SIGPIPE half-way through its exit path. Measured: udhcpc -R released 8 times
                // of 12 ended by Process.destroy(), 12 of 12 by ProcessHandle.destroy().
                process.toHandle().destroy();
                if (!awaitExit(grace)) {
                    process.destroyForcibly();
                    awaitExit(Duration.ofSeconds(10));
                }
            }
            closeStdin();
            joinPumps(Duration.ofSeconds(2));
            closeOutputs(); // a child that outlived the process may still hold the pipes open
        } finally {
            LIVE.remove(this);
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }

    private String describeExit() {
        return process.isAlive() ? "" : " (exited with status " + process.exitValue() + ")";
    }

    private void closeOutputs() {
        try {
            process.getInputStream().close();
            process.getErrorStream().close();
        } catch (IOException e) {
            // Already closed: nothing left to release.
        }
    }

    private void joinPumps(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (final Thread t : pumps) {
            final long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            try {
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pump(final InputStream in, final Stream stream) {
        synchronized (this) {
            openStreams++;
        }
        final Thread t = new Thread(() -> {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            final byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            add(stream, line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else if (line.size() < MAX_LINE_CHARS) {
                            line.write(buf[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // Stream closed under us (process ended): keep what was read.
            } finally {
                if (line.size() > 0) {
                    add(stream, line.toString(StandardCharsets.UTF_8));
                }
                synchronized (this) {
                    openStreams--;
                    notifyAll();
                }
            }
        }, name + "-" + stream.name().toLowerCase());
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    private synchronized void add(final Stream stream, final CharSequence text) {
        // Lines are decoded as UTF-8 (jvde's console and log write UTF-8, e.g. "RFC 3046 §2.1"); binary noise
        // becomes replacement characters and cannot break the pump.
        String s = text.toString();
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        lines.addLast(new Line(nextLine++, stream, s));
        while (lines.size() > MAX_LINES) {
            lines.removeFirst();
        }
        notifyAll();
    }

    /** Options for {@link ManagedProcess}; {@link #start()} launches it. */
    public static final class Builder {
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String name;
        private Path directory;
        private boolean binaryStdout;
        private boolean stdinFromNull;
        private Duration grace = DEFAULT_GRACE;

        private Builder(final List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("command: empty (expected: program and arguments)");
            }
            this.command = List.copyOf(command);
        }

        /** Name used in thread names and messages (default: the program's file name). */
        public Builder name(final String v) { name = Objects.requireNonNull(v); return this; }
        public Builder directory(final Path v) { directory = v; return this; }
        public Builder env(final String key, final String value) { environment.put(key, value); return this; }
        /** Leaves stdout uncaptured, for the caller to read as bytes through {@link ManagedProcess#stdout()}. */
        public Builder binaryStdout() { binaryStdout = true; return this; }
        public Builder stdinFromNull() { stdinFromNull = true; return this; }
        /** Time between SIGTERM and SIGKILL in {@link ManagedProcess#close()}. */
        public Builder grace(final Duration v) { grace = Objects.requireNonNull(v); return this; }

        public ManagedProcess start() {
            return new ManagedProcess(this);
        }
    }
}
