package io.jvde.bench.e2e;

import io.jvde.vde.sys.UnixSockets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A switch process this benchmark started. Every child is written to a pid file (so {@code bench/e2e.sh} can stop
 * it by PID from its trap even if this JVM dies) and stopped in {@link #close} or by a shutdown hook: SIGTERM,
 * then SIGKILL after 5 s.
 */
final class Child implements AutoCloseable {
    private static final List<Child> LIVE = new ArrayList<>();
    private static Path pidFile;

    private final Process process;
    private final String label;
    /** {@link System#nanoTime()} just before the exec. */
    final long startNanos;
    private long exitNanos;

    private Child(final Process process, final String label, final long startNanos) {
        this.process = process;
        this.label = label;
        this.startNanos = startNanos;
    }

    /** Children's PIDs are appended to {@code file}; a shutdown hook stops the ones still running. */
    static synchronized void trackIn(final Path file) {
        pidFile = file;
        Runtime.getRuntime().addShutdownHook(new Thread(Child::closeAll, "bench-children"));
    }

    /**
     * Starts {@code command}; stdout and stderr go to {@code log}. Standard input is a pipe this JVM holds open
     * (vde_switch without {@code --nostdin}, and jvde's console, would exit on end of input).
     */
    static Child start(final List<String> command, final String label, final Path log) throws IOException {
        return start(command, Map.of(), label, log);
    }

    /** As {@link #start(List, String, Path)}, with {@code env} added to this JVM's environment. */
    static Child start(final List<String> command, final Map<String, String> env, final String label,
                       final Path log) throws IOException {
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        final long t0 = System.nanoTime();
        final Process p = pb.start();
        final Child c = new Child(p, label, t0);
        synchronized (Child.class) {
            LIVE.add(c);
            if (pidFile != null) {
                Files.writeString(pidFile, p.pid() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            }
        }
        return c;
    }

    long pid() {
        return process.pid();
    }

    String label() {
        return label;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit; false if it is still running after {@code timeoutMillis}. */
    boolean waitFor(final long timeoutMillis) throws InterruptedException {
        final boolean done = process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
        if (done && exitNanos == 0) {
            exitNanos = System.nanoTime();
        }
        return done;
    }

    /** {@link System#nanoTime()} when {@link #waitFor} first saw the exit. */
    long exitNanos() {
        return exitNanos;
    }

    /** Closes the child's standard input (a clean exit for {@code SwitchMain --exit-on-eof}) and waits. */
    boolean closeStdinAndWait(final long timeoutMillis) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Polls {@code dir/ctl} every millisecond until a connect succeeds.
     *
     * @return nanoseconds from exec to the first accepted connection
     * @throws IOException if the process died or {@code timeoutMillis} passed first
     */
    long awaitCtl(final Path dir, final long timeoutMillis) throws IOException, InterruptedException {
        final String ctl = dir.resolve("ctl").toString();
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (UnixSockets.isListening(ctl)) {
                return System.nanoTime() - startNanos;
            }
            if (!process.isAlive()) {
                throw new IOException(label + " exited with status " + process.exitValue() + " before " + ctl
                    + " accepted a connection");
            }
            Thread.sleep(1);
        }
        throw new IOException(label + ": " + ctl + " did not accept a connection within " + timeoutMillis + " ms");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (Child.class) {
            LIVE.remove(this);
        }
    }

    private static void closeAll() {
        final List<Child> live;
        synchronized (Child.class) {
            live = new ArrayList<>(LIVE);
        }
        for (final Child c : live) {
            c.close();
        }
    }
}
