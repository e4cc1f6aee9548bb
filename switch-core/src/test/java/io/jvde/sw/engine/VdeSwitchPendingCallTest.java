package io.jvde.sw.engine;

import io.jvde.testsupport.Poll;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link VdeSwitch#call} whose command will never run, because the loop ended first, fails at once with
 * {@code IllegalStateException("switch has stopped")} instead of blocking its caller forever: the console thread,
 * an HTTP scrape or the relay's host uplink would otherwise hang on a switch that died.
 */
class VdeSwitchPendingCallTest {
    @TempDir
    Path tmp;
    VdeSwitch sw;

    @AfterEach
    void stop() {
        if (sw != null) {
            sw.close();
        }
    }

    /**
     * The loop thread dies (an Error out of a handler, as an OutOfMemoryError would) while a call is queued: the
     * call's caller gets the failure, and nothing stays pending.
     */
    @Test
    void shouldFailACallQueuedWhenTheLoopDies() throws Exception {
        final CountDownLatch inHandler = new CountDownLatch(1);
        final CountDownLatch die = new CountDownLatch(1);
        final List<String> lines = new CopyOnWriteArrayList<>();
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), line -> {
            lines.add(line);
            if (line.contains("attached") && inHandler.getCount() > 0) {
                inHandler.countDown(); // the loop thread is now inside a handler and reads no command
                await(die);
                throw new Error("test: the loop thread dies in a handler");
            }
        });
        final Thread client = new Thread(() -> {
            try (VdeClient c = VdeClient.connect(tmp.resolve("sw"), "victim")) {
                c.port();
            } catch (Exception | Error e) {
                // the switch died under the handshake: expected
            }
        }, "pending-call-client");
        client.setDaemon(true);
        client.start();
        assertTrue(inHandler.await(30, TimeUnit.SECONDS), "no attach logged: " + lines);
        final CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> sw.call(c -> 1));
        Poll.until("the call is queued", Duration.ofSeconds(30), sw::pendingCalls, n -> n == 1);
        die.countDown();
        final ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals("switch has stopped", failed.getCause().getMessage());
        assertEquals(0, sw.pendingCalls());
        assertFalse(sw.isRunning());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("event loop failed: java.lang.Error: test:")), lines
            .toString());
        assertThrows(IllegalStateException.class, () -> sw.call(c -> 2), "later calls fail at once");
    }

    /** Callers hammering the switch while it closes: every call returns its result or fails; none hangs. */
    @Test
    void shouldAnswerOrFailEveryCallMadeWhileTheSwitchCloses() throws Exception {
        for (int round = 0; round < 10; round++) {
            sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw" + round)).build(), line -> { });
            final AtomicLong answered = new AtomicLong();
            final List<Throwable> other = new CopyOnWriteArrayList<>();
            final List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                final Thread caller = new Thread(() -> {
                    while (true) {
                        try {
                            if (sw.call(c -> c.portCount()) >= 0) {
                                answered.incrementAndGet();
                            }
                        } catch (IllegalStateException e) {
                            if (!"switch has stopped".equals(e.getMessage())) {
                                other.add(e);
                            }
                            return;
                        } catch (RuntimeException | Error e) {
                            other.add(e);
                            return;
                        }
                    }
                }, "caller-" + t);
                caller.setDaemon(true);
                caller.start();
                callers.add(caller);
            }
            Poll.until("calls answered", Duration.ofSeconds(30), answered::get, n -> n > 100);
            sw.close();
            for (final Thread caller : callers) {
                caller.join(30_000);
                assertFalse(caller.isAlive(), "a call still blocks after the switch closed (round " + round + ")");
            }
            assertEquals(List.of(), other);
            assertEquals(0, sw.pendingCalls());
            sw = null;
        }
    }

    static void await(final CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
