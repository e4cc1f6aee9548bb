package io.jvde.app;

import io.jvde.app.console.BuiltinCommands;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.Console;
import io.jvde.app.console.ConsoleException;
import io.jvde.app.console.ConsoleSession;
import io.jvde.app.console.MgmtServer;
import io.jvde.app.console.Scripts;
import io.jvde.app.console.StdinConsole;
import io.jvde.app.console.SwitchCommands;
import io.jvde.app.console.SwitchFacts;
import io.jvde.app.console.VxlanCommands;
import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.vde.sys.Native;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One switch process from start to exit (docs/protocol.md §5.9): pid file, engine, console commands (built-ins,
 * then hash/port/vlan), extensions, management socket, rc file, clients, stdin console; then it waits for the
 * first shutdown request (stdin EOF, a signal, {@code shutdown}, the engine stopping) and undoes everything in
 * reverse order.
 */
public final class SwitchProcess {
    private final ProcessSettings settings;
    private final SwitchStarter starter;
    private final SwitchLog log;
    private final ProcessIo io;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();

    public SwitchProcess(final ProcessSettings settings, final SwitchStarter starter, final SwitchLog log,
                         final ProcessIo io) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.log = Objects.requireNonNull(log, "log");
        this.io = Objects.requireNonNull(io, "io");
    }

    /** Asks the process to clean up and exit with {@code exitCode}; the first request wins and logs {@code why}. */
    public void requestShutdown(final int exitCode, final String why) {
        // Log before completing: the main thread exits the JVM as soon as the future completes.
        if (shutdownRequested.compareAndSet(false, true)) {
            log.log(why);
            exit.complete(exitCode);
        }
    }

    /** Runs the switch until a shutdown request; returns the exit status. */
    public int run() {
        Pidfile pidfile = null;
        RunningSwitch sw = null;
        MgmtServer mgmt = null;
        final Deque<AutoCloseable> extensions = new ArrayDeque<>();
        if (io.handleSignals()) {
            // First: a signal that arrives once ctl exists must find our handler, not the JVM's exit(143).
            Signals.install(this);
        }
        try {
            if (settings.pidFile() != null) {
                try {
                    pidfile = Pidfile.create(settings.pidFile(), pid());
                } catch (final FileAlreadyExistsException e) {
                    log.log("Error in pidfile creation: File exists (" + settings.pidFile() + ")");
                    return ExitCodes.PIDFILE;
                } catch (final IOException e) {
                    log.log("Error in pidfile creation: " + e.getMessage());
                    return ExitCodes.PIDFILE;
                }
            }
            try {
                sw = starter.start(settings.switchSettings(), log);
            } catch (final SwitchStartException e) {
                log.log(e.getMessage());
                return ExitCodes.START_FAILED;
            }
            final CommandRegistry registry = BuiltinCommands.register(new CommandRegistry(), facts(sw));
            SwitchCommands.register(registry, sw);
            if (settings.switchSettings().vxlan() != null) {
                VxlanCommands.register(registry, sw);
            }
            final Console console = new Console(registry, log,
                new ShutdownRequest(this, ExitCodes.OK, "Shutdown from mgmt command"));
            for (final ProcessExtension extension : settings.extensions()) {
                try {
                    extensions.push(extension.start(sw, registry, log));
                } catch (final SwitchStartException e) {
                    log.log(e.getMessage());
                    return ExitCodes.START_FAILED;
                }
            }
            if (settings.mgmtPath() != null) {
                try {
                    mgmt = MgmtServer.open(settings.mgmtPath(), settings.mgmtMode(), settings.mgmtGroup(), console,
                            log);
                } catch (final IOException e) {
                    log.log("Could not open mgmt socket '" + settings.mgmtPath() + "': " + e.getMessage());
                    return ExitCodes.START_FAILED;
                }
            }
            runRcFile(console);
            sw.acceptClients();
            watch(sw);
            io.readiness().ready();
            CdsTraining.attachOnceIfTraining(settings.switchSettings().directory());
            if (settings.stdinConsole()) {
                new StdinConsole(console, io.stdin(), io.stdout(), io.prompt(),
                    new ShutdownRequest(this, ExitCodes.OK, "EOF on stdin, cleaning up and exiting")).start();
            }
            return exit.join();
        } finally {
            if (mgmt != null) {
                mgmt.close();
            }
            while (!extensions.isEmpty()) {
                closeQuietly(extensions.pop());
            }
            if (sw != null) {
                sw.close();
            }
            if (pidfile != null) {
                closeQuietly(pidfile);
            }
        }
    }

    private void runRcFile(final Console console) {
        if (settings.rcFile() == null) {
            return;
        }
        try {
            final ConsoleSession session = Scripts.runRcFile(console, settings.rcFile(),
                failure -> log.log("rcfile " + failure));
            if (session.end() == ConsoleSession.End.SHUTDOWN) {
                requestShutdown(ExitCodes.OK, "Shutdown from mgmt command");
            }
        } catch (final ConsoleException e) {
            // vde_switch ignores an unreadable rc file silently; say so and keep running.
            log.log("rcfile not run: " + e.reason());
        }
    }

    /** The engine stopping on its own (a fatal error) ends the process too. */
    private void watch(final RunningSwitch sw) {
        final Thread watcher = new Thread(new EngineWatch(this, sw), "jvde-engine-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private SwitchFacts facts(final RunningSwitch sw) {
        final SwitchSettings s = sw.settings();
        return new SwitchFacts(pid(), s.switchMac(), settings.priority(), sw.directory(),
                s.ctlMode() < 0 ? 0600 : s.ctlMode(), settings.mgmtPath(), settings.mgmtMode(), new Uptime(sw));
    }

    /**
     * The switch binds libc anyway; {@code ProcessHandle.current()} would initialise the JDK's process classes, whose
     * static initialiser links lambdas and builds an executor (docs/architecture.md §7).
     */
    private static long pid() {
        return Native.libc().getpid();
    }

    private void closeQuietly(final AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (final Exception e) {
            log.log("cleanup: " + e.getMessage());
        }
    }

    // Classes, not lambdas, on the start path: docs/architecture.md §7.

    /** Requests shutdown with a fixed status and reason (the console's {@code shutdown}, stdin's EOF). */
    private static final class ShutdownRequest implements Runnable {
        private final SwitchProcess process;
        private final int exitCode;
        private final String why;

        ShutdownRequest(final SwitchProcess process, final int exitCode, final String why) {
            this.process = process;
            this.exitCode = exitCode;
            this.why = why;
        }

        @Override
        public void run() {
            process.requestShutdown(exitCode, why);
        }
    }

    /** Waits for the engine to stop and then ends the process. */
    private static final class EngineWatch implements Runnable {
        private final SwitchProcess process;
        private final RunningSwitch sw;

        EngineWatch(final SwitchProcess process, final RunningSwitch sw) {
            this.process = process;
            this.sw = sw;
        }

        @Override
        public void run() {
            try {
                sw.awaitTermination();
                process.requestShutdown(ExitCodes.SOFTWARE, "the switch engine stopped, exiting");
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Uptime implements LongSupplier {
        private final RunningSwitch sw;

        Uptime(final RunningSwitch sw) {
            this.sw = sw;
        }

        @Override
        public long getAsLong() {
            return sw.uptimeSeconds();
        }
    }
}
