package io.jvde.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's outside world, injected so the lifecycle can be tested: console streams, where the prompt goes,
 * who hears that the switch is ready, and whether to take over SIGTERM/SIGINT/SIGHUP.
 *
 * @param stdin         console input
 * @param stdout        console answers
 * @param prompt        where {@code "\nvde$ "} goes (the terminal on fd 0), or null
 * @param readiness     told once ctl accepts connections, the rc file ran and the console is up
 * @param handleSignals true to install the signal handlers (only the real process)
 */
public record ProcessIo(InputStream stdin, OutputStream stdout, OutputStream prompt, Readiness readiness,
                        boolean handleSignals) {

    /** Told when the switch is ready; the daemon child tells its parent. */
    @FunctionalInterface
    public interface Readiness {
        void ready();
    }

    /** The real process: fd 0 and fd 1, the prompt on fd 0 only when it is a terminal, signals handled. */
    public static ProcessIo system(final Readiness readiness) {
        return new ProcessIo(System.in, new FileOutputStream(FileDescriptor.out), terminalOnStdin(), readiness,
                true);
    }

    /**
     * vde_switch writes the prompt to fd 0, which only works on a terminal. Java cannot write to fd 0, so reopen
     * the terminal it names; never reopen a pipe (that would hold its write end open and hide EOF).
     */
    static OutputStream terminalOnStdin() {
        try {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            if (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console")) {
                return new FileOutputStream(target);
            }
        } catch (final IOException | UnsupportedOperationException | SecurityException e) {
            // No /proc or no terminal: no prompt, as vde_switch on a pipe.
        }
        return null;
    }
}
