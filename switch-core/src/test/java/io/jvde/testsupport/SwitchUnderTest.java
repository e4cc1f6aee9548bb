package io.jvde.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A switch started as a process for a test: Debian's real {@code vde_switch}, or jvde. Acceptance tests are
 * parameterised over {@link Kind} so that the same assertions run against both; the console is the switch's stdin
 * and stdout, held open as pipes for the switch's whole life (vde_switch exits on stdin EOF).
 */
public interface SwitchUnderTest extends AutoCloseable {
    /** Which implementation. */
    enum Kind {
        /** {@code /usr/bin/vde_switch} from Debian's vde-switch package (2.3.2), the reference. */
        VDE_SWITCH,
        /** This project: {@code bin/jvde switch} (see {@link JvdeSwitchProcess} for how it is launched). */
        JVDE
    }

    /**
     * Starts a switch of {@code kind} on {@code directory} with extra vde_switch-style {@code options}
     * (e.g. {@code "-n", "2"}) and returns once its {@code ctl} socket accepts connections.
     */
    static SwitchUnderTest start(final Kind kind, final Path directory, final String... options) {
        return start(kind, directory, null, options);
    }

    /** As {@link #start(Kind, Path, String...)}, inside network namespace {@code netns} (null: the test's own). */
    static SwitchUnderTest start(final Kind kind, final Path directory, final Netns netns, final String... options) {
        switch (kind) {
            case VDE_SWITCH:
                return VdeSwitchProcess.start(directory, netns, List.of(options));
            case JVDE:
                return JvdeSwitchProcess.start(directory, netns, List.of(options));
            default:
                throw new IllegalArgumentException("kind: " + kind);
        }
    }

    Kind kind();

    /** The switch directory (holding {@code ctl} and the data sockets). */
    Path directory();

    /** The process the test started (for jvde possibly a launcher script). */
    ManagedProcess process();

    /** PID of the switch itself: the vde_switch process, or jvde's JVM even when a launcher script started it. */
    long pid();

    boolean isAlive();

    /** Data sockets ({@code NNN.x}) now in the switch directory. */
    default Set<String> dataSockets() {
        return VdePlugPeer.dataSockets(directory());
    }

    /** Number of open file descriptors of the switch ({@code /proc/PID/fd}). */
    default int openDescriptors() {
        return ProcFs.openDescriptors(pid());
    }

    /**
     * Sends {@code command} to the stdin console and returns the stdout lines it produced, up to and including the
     * status line ({@code 1000 Success} or {@code 1EEE strerror}); fails after {@code timeout}.
     */
    List<String> console(String command, Duration timeout);

    /** Everything the switch wrote to stdout and stderr so far, for assertion messages. */
    default String output() {
        return process().output();
    }

    /** Stops the switch (SIGTERM, then SIGKILL after a grace period) by PID. */
    @Override
    void close();
}
