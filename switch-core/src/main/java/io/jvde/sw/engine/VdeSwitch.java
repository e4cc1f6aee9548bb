package io.jvde.sw.engine;

import io.jvde.vde.sys.NativeException;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.Function;

/**
 * A running switch: its directory, {@code ctl} socket and event-loop thread.
 * {@link #start} returns once {@code ctl} accepts connections; {@link #close} removes every socket file it made.
 */
public final class VdeSwitch implements AutoCloseable {
    private final SwitchAgent agent;
    private final AgentControl control;
    private final Thread thread;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Calls waiting for the loop; each removes itself when done, the loop's end fails those left. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    private VdeSwitch(final SwitchAgent agent) {
        this.agent = agent;
        this.control = new AgentControl(agent);
        this.thread = new Thread(new Loop(this), "jvde-switch");
    }

    /** The event-loop thread's body: runs the agent, then fails what still waits for it. */
    private void runLoop() {
        try {
            agent.run();
        } finally {
            terminated.complete(null);
            failPending();
        }
    }

    /** Creates the directory and {@code ctl}, opens taps, starts the event loop; returns when clients can attach. */
    public static VdeSwitch start(final SwitchSettings settings, final SwitchLog log) throws SwitchStartException {
        final VdeSwitch sw = startHeld(settings, log);
        sw.acceptClients();
        return sw;
    }

    /**
     * As {@link #start}, but clients that connect to {@code ctl} wait (in the listen backlog) until
     * {@link #acceptClients()}: the event loop already runs {@link #call commands}, so a start-up script can create
     * and configure ports before the first client attaches to them, as vde_switch's rc file does (§5.8).
     */
    public static VdeSwitch startHeld(final SwitchSettings settings, final SwitchLog log)
            throws SwitchStartException {
        final ControlAcceptor control = ControlAcceptor.open(settings);
        final SwitchAgent agent;
        try {
            agent = new SwitchAgent(settings, log, control);
        } catch (RuntimeException e) {
            control.close();
            throw new SwitchStartException("cannot start the event loop: " + e.getMessage(), false);
        }
        for (final String tap : settings.taps()) {
            try {
                agent.attachTap(tap);
            } catch (NativeException | IllegalArgumentException e) {
                agent.closeWithoutRunning();
                throw new SwitchStartException(e.getMessage(), false);
            }
        }
        try {
            agent.openListeners();
        } catch (SwitchStartException e) {
            agent.closeWithoutRunning();
            throw e;
        }
        if (settings.vxlan() != null) {
            try {
                agent.attachVxlan(settings.vxlan());
            } catch (NativeException | IllegalArgumentException e) {
                agent.closeWithoutRunning();
                throw new SwitchStartException("vxlan: " + e.getMessage(), false);
            }
        }
        final VdeSwitch sw = new VdeSwitch(agent);
        sw.thread.start();
        return sw;
    }

    /**
     * Lets clients attach: handshakes waiting since {@link #startHeld} are served from now on, the {@code --stream}
     * and {@code --dgram} sockets accept, and the {@code --link} ports start connecting. Idempotent.
     */
    public void acceptClients() {
        call(new AcceptClients(agent));
    }

    /** The absolute switch directory (what ds/showinfo prints). */
    public Path directory() {
        return agent.control.directory();
    }

    public SwitchSettings settings() {
        return agent.settings;
    }

    /** Whole seconds since start. */
    public long uptimeSeconds() {
        return (System.nanoTime() - agent.startNanos) / 1_000_000_000L;
    }

    /** Id of the event-loop thread (tests measure its allocation). */
    long loopThreadId() {
        return thread.getId();
    }

    /** Whether the event loop is still running. */
    public boolean isRunning() {
        return !terminated.isDone();
    }

    /** Runs {@code command} on the event-loop thread and returns its result; rethrows what it threw. */
    public <T> T call(final Function<SwitchControl, T> command) {
        if (Thread.currentThread() == thread) {
            return command.apply(control);
        }
        if (!isRunning()) {
            throw new IllegalStateException("switch has stopped");
        }
        final CompletableFuture<T> result = new CompletableFuture<>();
        pending.add(result);
        // The loop may have ended (and failed what was pending) between the check above and the add.
        if (!isRunning()) {
            pending.remove(result);
            throw new IllegalStateException("switch has stopped");
        }
        final boolean queued = agent.submit(new Call<>(command, control, result));
        if (!queued) { // the loop closed after the check above: the command would never run
            pending.remove(result);
            throw new IllegalStateException("switch has stopped");
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        } finally {
            pending.remove(result);
        }
    }

    /** Fails the calls whose commands will never run: nothing is retained per call once it returns. */
    private void failPending() {
        for (final CompletableFuture<?> result : pending) {
            result.completeExceptionally(new IllegalStateException("switch has stopped"));
        }
    }

    /** Calls waiting for the loop now (tests check that none is retained). */
    int pendingCalls() {
        return pending.size();
    }

    /** Completes when the switch has stopped (after {@link #close} or a fatal error). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Blocks until the switch has stopped. */
    public void awaitTermination() throws InterruptedException {
        try {
            terminated.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the loop, closes every endpoint and tap, removes data sockets, {@code ctl} and the directory it created. */
    @Override
    public void close() {
        agent.stop();
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // Classes, not lambdas, on the start path: docs/architecture.md §7.

    private static final class Loop implements Runnable {
        private final VdeSwitch sw;

        Loop(final VdeSwitch sw) {
            this.sw = sw;
        }

        @Override
        public void run() {
            sw.runLoop();
        }
    }

    private static final class AcceptClients implements Function<SwitchControl, Object> {
        private final SwitchAgent agent;

        AcceptClients(final SwitchAgent agent) {
            this.agent = agent;
        }

        @Override
        public Object apply(final SwitchControl c) {
            agent.acceptClients();
            return null;
        }
    }

    /** One {@link #call} on the loop thread: completes {@code result} with what the command returned or threw. */
    private static final class Call<T> implements Runnable {
        private final Function<SwitchControl, T> command;
        private final SwitchControl control;
        private final CompletableFuture<T> result;

        Call(final Function<SwitchControl, T> command, final SwitchControl control, final CompletableFuture<T> result) {
            this.command = command;
            this.control = control;
            this.result = result;
        }

        @Override
        public void run() {
            try {
                result.complete(command.apply(control));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }
}
