package io.jvde.app;

import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.SwitchStartException;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** A stand-in engine for lifecycle tests: records start/close in a shared event list. */
final class FakeSwitch implements RunningSwitch {
    private final SwitchSettings settings;
    private final List<String> events;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private FakeSwitch(final SwitchSettings settings, final List<String> events) {
        this.settings = settings;
        this.events = events;
    }

    /** A starter that records {@code switch started} and hands out the instance. */
    static SwitchStarter starter(final List<String> events, final AtomicReference<FakeSwitch> started) {
        return (settings, log) -> {
            final FakeSwitch sw = new FakeSwitch(settings, events);
            events.add("switch started");
            started.set(sw);
            return sw;
        };
    }

    /** A starter that fails like a switch whose directory cannot be made. */
    static SwitchStarter failing(final String message) {
        return (settings, log) -> {
            throw new SwitchStartException(message, false);
        };
    }

    boolean closed() {
        return closed;
    }

    /** The engine dies on its own. */
    void die() {
        stopped.countDown();
    }

    @Override
    public Path directory() {
        return settings.directory().toAbsolutePath();
    }

    @Override
    public SwitchSettings settings() {
        return settings;
    }

    @Override
    public long uptimeSeconds() {
        return 7;
    }

    @Override
    public <T> T call(final Function<SwitchControl, T> command) {
        throw new UnsupportedOperationException("the fake switch has no event loop");
    }

    @Override
    public void acceptClients() {
        events.add("clients accepted");
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            events.add("switch closed");
        }
        stopped.countDown();
    }
}
