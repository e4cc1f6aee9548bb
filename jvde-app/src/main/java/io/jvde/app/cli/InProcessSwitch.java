package io.jvde.app.cli;

import io.jvde.app.ProcessExtension;
import io.jvde.app.ProcessIo;
import io.jvde.app.ProcessSettings;
import io.jvde.app.RunningSwitch;
import io.jvde.app.SwitchProcess;
import io.jvde.app.SwitchStarter;
import io.jvde.app.dhcp.DhcpExtension;
import io.jvde.app.observe.Observability;
import io.jvde.sw.engine.SwitchLog;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole {@code jvde switch} — engine, console commands, DHCP server, relay and guard, management socket, rc file —
 * running inside this JVM, started from the same arguments as the command line and parsed by the same picocli
 * model, so an embedded switch is configured exactly like a separate one. There is no stdin console and no signal
 * handling; {@link #close} shuts it down the way {@code shutdown} does.
 */
public final class InProcessSwitch implements AutoCloseable {
    private final ProcessSettings settings;
    private final SwitchProcess process;
    private final RunningSwitch engine;
    private final CompletableFuture<Integer> exit;
    private final Thread thread;

    private InProcessSwitch(final ProcessSettings settings, final SwitchProcess process, final RunningSwitch engine,
                            final CompletableFuture<Integer> exit, final Thread thread) {
        this.settings = settings;
        this.process = process;
        this.engine = engine;
        this.exit = exit;
        this.thread = thread;
    }

    /**
     * Starts a switch with {@code jvde switch} arguments ({@code --nostdin} is implied; {@code -d} is refused) and
     * returns once clients can attach.
     *
     * @throws IllegalArgumentException when the arguments are refused (the message is what the command line says)
     * @throws IllegalStateException    when the switch does not start (the log has said why) or not in time
     */
    public static InProcessSwitch start(final List<String> args, final SwitchLog log, final Duration timeout) {
        final ProcessSettings settings = parse(args);
        final AtomicReference<RunningSwitch> engine = new AtomicReference<>();
        final SwitchStarter starter = (s, l) -> {
            final RunningSwitch sw = SwitchStarter.engine().start(s, l);
            engine.set(sw);
            return sw;
        };
        final CountDownLatch ready = new CountDownLatch(1);
        final ProcessIo io = new ProcessIo(InputStream.nullInputStream(), OutputStream.nullOutputStream(), null,
            ready::countDown, false);
        final SwitchProcess process = new SwitchProcess(settings, starter, log, io);
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Thread thread = new Thread(() -> {
            try {
                exit.complete(process.run());
            } catch (RuntimeException | Error e) {
                exit.completeExceptionally(e);
            } finally {
                ready.countDown();
            }
        }, "jvde-process");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.requestShutdown(0, "not ready within " + timeout.toMillis() + " ms, stopping");
                throw new IllegalStateException("jvde switch not ready within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.requestShutdown(0, "interrupted while starting, stopping");
            throw new IllegalStateException("interrupted while starting", e);
        }
        if (exit.isDone()) {
            throw new IllegalStateException("jvde switch did not start (exit status " + exit.getNow(-1)
                + "; the log says why)");
        }
        return new InProcessSwitch(settings, process, engine.get(), exit, thread);
    }

    private static ProcessSettings parse(final List<String> args) {
        final AtomicReference<ProcessSettings> parsed = new AtomicReference<>();
        final CliContext context = new CliContext(System.getenv(), CliContext.effectiveUidIsRoot(), (s, err) -> {
            parsed.set(s);
            return 0;
        });
        final List<String> all = new ArrayList<>(List.of("switch", "--nostdin"));
        all.addAll(args);
        final StringWriter text = new StringWriter();
        final PrintWriter writer = new PrintWriter(text);
        final int status = JvdeMain.run(context, all, writer, writer);
        writer.flush();
        if (status != 0 || parsed.get() == null) {
            throw new IllegalArgumentException(text.toString().strip());
        }
        if (parsed.get().daemon()) {
            throw new IllegalArgumentException("jvde switch: -d/--daemon cannot run in-process");
        }
        return parsed.get();
    }

    /** The settings the arguments gave. */
    public ProcessSettings settings() {
        return settings;
    }

    /** The engine, for {@code call}. */
    public RunningSwitch engine() {
        return engine;
    }

    /** The DHCP part (server, relay, guard), unless {@code --no-dhcp} or no DHCP option was given. */
    public Optional<DhcpExtension> dhcp() {
        for (final ProcessExtension e : settings.extensions()) {
            if (e instanceof DhcpExtension) {
                return Optional.of((DhcpExtension) e);
            }
        }
        return Optional.empty();
    }

    /** The event hub and captures ({@code jvde switch} always has them). */
    public Observability observability() {
        for (final ProcessExtension e : settings.extensions()) {
            if (e instanceof Observability o) {
                return o;
            }
        }
        throw new IllegalStateException("no observability extension");
    }

    /** True until the switch has stopped (closed, {@code shutdown}, or a fatal engine error). */
    public boolean isRunning() {
        return !exit.isDone();
    }

    /** Stops the switch, removes its sockets and waits for it (at most 30 s). Idempotent. */
    @Override
    public void close() {
        process.requestShutdown(0, "closed by the embedding application");
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
