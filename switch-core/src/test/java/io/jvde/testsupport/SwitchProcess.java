package io.jvde.testsupport;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What both switch processes share: start-up readiness, the stdin console and shutdown by PID. */
abstract class SwitchProcess implements SwitchUnderTest {
    /** A JVM start plus, on a loaded 2-core machine, some slack. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Pattern STATUS_LINE = Pattern.compile("^1\\d{3} ");

    private final Kind kind;
    private final Path directory;
    private final ManagedProcess process;
    private long switchPid;

    SwitchProcess(final Kind kind, final Path directory, final ManagedProcess process) {
        this.kind = kind;
        this.directory = directory;
        this.process = process;
        this.switchPid = process.pid();
    }

    /** Builds the full command, wrapped for {@code netns} when given. */
    static List<String> command(final Netns netns, final List<String> command) {
        return netns == null ? command : netns.wrap(command);
    }

    static ManagedProcess launch(final String name, final Netns netns, final List<String> command) {
        final ManagedProcess.Builder b = ManagedProcess.builder(command(netns, command)).name(name).grace(STOP_GRACE);
        return netns == null ? b.start() : netns.start(b);
    }

    /** Waits until {@code ctl} accepts a connection; on failure stops the process and fails with its output. */
    final void awaitReady() {
        final Path ctl = directory.resolve("ctl");
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "ctl not created";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                last = "exited with status " + process.process().exitValue();
                break;
            }
            if (Files.exists(ctl)) {
                try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(ctl))) {
                    switchPid = findSwitchPid();
                    return;
                } catch (IOException e) {
                    last = "connect " + ctl + ": " + e.getMessage();
                }
            }
            sleep(20);
        }
        close();
        throw new AssertionError(kind + " on " + directory + " did not become ready (limit "
            + READY_TIMEOUT.toSeconds() + " s): " + last + "\ncommand: " + String.join(" ", process.command())
            + "\n" + process.output());
    }

    /**
     * The process that owns the switch: the started one, unless that is a shell launcher, in which case its java
     * descendant.
     */
    private long findSwitchPid() {
        final ProcessHandle started = process.process().toHandle();
        final String cmd = started.info().command().orElse("");
        if (!cmd.endsWith("/bash") && !cmd.endsWith("/sh") && !cmd.endsWith("/dash")) {
            return started.pid();
        }
        return started.descendants()
            .filter(h -> h.info().command().orElse("").endsWith("/java"))
            .map(ProcessHandle::pid)
            .findFirst()
            .orElse(started.pid());
    }

    @Override
    public final Kind kind() {
        return kind;
    }

    @Override
    public final Path directory() {
        return directory;
    }

    @Override
    public final ManagedProcess process() {
        return process;
    }

    @Override
    public final long pid() {
        return switchPid;
    }

    @Override
    public final boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public final List<String> console(final String command, final Duration timeout) {
        final int from = process.lineCount();
        process.write(command + "\n");
        final ManagedProcess.Line status = process.waitForLine(ManagedProcess.Stream.STDOUT, STATUS_LINE, from,
            timeout);
        final List<String> out = new ArrayList<>();
        for (final ManagedProcess.Line l : process.lines()) {
            if (l.number() >= from && l.number() <= status.number() && l.stream() == ManagedProcess.Stream.STDOUT) {
                out.add(l.text());
            }
        }
        return out;
    }

    /** SIGTERM to the switch itself (a launcher script's java child first), SIGKILL after the grace period. */
    @Override
    public final void close() {
        if (switchPid != process.pid()) {
            ProcessHandle.of(switchPid).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        process.close();
    }

    @Override
    public String toString() {
        return kind + "[" + directory + ", pid " + switchPid + "]";
    }

    static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
