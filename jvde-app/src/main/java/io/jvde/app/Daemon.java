package io.jvde.app;

import io.jvde.sw.engine.SwitchLog;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code -d/--daemon}. A JVM cannot fork, so the parent re-runs its own java command detached (new session, stdin
 * from /dev/null, no terminal) with {@value #READY_ENV} naming a unix socket it listens on. The child forwards its
 * log lines there until it is ready (ctl accepting connections, rc file run), then writes {@code READY} and hangs
 * up. The parent exits 0 on READY, or prints what the child said and exits with the child's status.
 */
public final class Daemon {
    /** Environment variable that marks the daemon child and names the parent's socket. */
    public static final String READY_ENV = "JVDE_DAEMON_READY";
    /** How long the parent waits for the child (a cold JVM on a loaded machine takes seconds). */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static final String READY = "READY";
    private static final String LOG = "LOG ";

    private Daemon() {
    }

    /** True in the re-executed child. */
    public static boolean isChild(final Map<String, String> env) {
        return env.containsKey(READY_ENV);
    }

    /**
     * Parent side: starts {@code command} as the daemon and waits until it is ready.
     *
     * @param err where the child's start-up messages and failures are printed
     * @return {@link ExitCodes#OK} once the child is ready; otherwise its exit status, or
     *         {@link ExitCodes#START_FAILED} when it neither got ready nor exited within {@code timeout}
     */
    public static int spawn(final String program, final List<String> command, final PrintWriter err,
                            final Duration timeout) throws IOException {
        final Path dir = Files.createTempDirectory("jvde-daemon-");
        final Path socket = dir.resolve("ready");
        final Path childErr = dir.resolve("stderr");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            final ProcessBuilder builder = new ProcessBuilder(detached(command))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(childErr.toFile());
            builder.environment().put(READY_ENV, socket.toString());
            final Process child = builder.start();
            final CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> listen(server, err));
            try {
                CompletableFuture.anyOf(ready, child.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (ready.isDone() && ready.join()) {
                    return ExitCodes.OK;
                }
                // The child hung up without READY: it is exiting; let its last lines through, take its status.
                awaitQuietly(ready);
                final int status = child.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS).exitValue();
                printFile(childErr, err);
                return status == ExitCodes.OK ? ExitCodes.OK : status;
            } catch (final TimeoutException e) {
                child.destroyForcibly();
                printFile(childErr, err);
                err.println(program + ": the daemon did not get ready within " + timeout.toSeconds() + " s");
                return ExitCodes.START_FAILED;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                child.destroyForcibly();
                return ExitCodes.START_FAILED;
            } catch (final ExecutionException e) {
                child.destroyForcibly();
                err.println(program + ": " + e.getCause());
                return ExitCodes.SOFTWARE;
            }
        } finally {
            err.flush();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(childErr);
            Files.deleteIfExists(dir);
        }
    }

    /** Reads the child's lines; true when it said READY. */
    private static Boolean listen(final ServerSocketChannel server, final PrintWriter err) {
        try (SocketChannel channel = server.accept();
             var reader = new java.io.BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals(READY)) {
                    return true;
                }
                if (line.startsWith(LOG)) {
                    err.println(line.substring(LOG.length()));
                    err.flush();
                }
            }
            return false;
        } catch (final IOException e) {
            return false;
        }
    }

    private static void awaitQuietly(final CompletableFuture<Boolean> ready) {
        try {
            ready.get(500, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException | TimeoutException e) {
            // It never connected: its stderr file says the rest.
        }
    }

    /** Runs the child in a new session (no controlling terminal, not killed with the parent's process group). */
    private static List<String> detached(final List<String> command) {
        final List<String> full = new ArrayList<>(command.size() + 1);
        for (final String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                full.add(setsid);
                break;
            }
        }
        full.addAll(command);
        return full;
    }

    private static void printFile(final Path file, final PrintWriter err) {
        try {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!text.isEmpty()) {
                err.print(text);
            }
        } catch (final IOException e) {
            // Nothing more to tell.
        }
    }

    /**
     * The exact java command line of this process, to re-run it as the daemon: /proc's view when available,
     * otherwise rebuilt from java.home, the JVM options and the class path.
     */
    public static List<String> currentJavaCommand(final String mainClass, final List<String> args) {
        final ProcessHandle.Info info = ProcessHandle.current().info();
        final Optional<String> exe = info.command();
        final Optional<String[]> argv = info.arguments();
        final List<String> command = new ArrayList<>();
        if (exe.isPresent() && argv.isPresent()) {
            command.add(exe.get());
            command.addAll(List.of(argv.get()));
            return command;
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Child side: connects to the parent named by {@value #READY_ENV}. */
    public static Child child(final Map<String, String> env) {
        final String path = env.get(READY_ENV);
        SocketChannel channel = null;
        if (path != null) {
            try {
                channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
            } catch (final IOException e) {
                // The parent gave up; run anyway, logging to syslog only.
            }
        }
        return new Child(channel);
    }

    /** The child's end: forwards log lines until {@link #ready()}. */
    public static final class Child implements ProcessIo.Readiness {
        private SocketChannel channel;

        private Child(final SocketChannel channel) {
            this.channel = channel;
        }

        /** A log that writes to {@code syslog} and, until ready, to the waiting parent as well. */
        public SwitchLog tee(final SwitchLog syslog, final String program) {
            return line -> {
                syslog.log(line);
                send(LOG + program + ": " + line);
            };
        }

        @Override
        public synchronized void ready() {
            send(READY);
            close();
        }

        private synchronized void send(final String line) {
            if (channel == null) {
                return;
            }
            try {
                final ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (final IOException e) {
                close();
            }
        }

        private void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (final IOException e) {
                // The parent has what it needs.
            }
            channel = null;
        }
    }
}
