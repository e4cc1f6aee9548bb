package io.jvde.sw.engine;

import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Waking the loop from another thread while it closes: once closed, neither {@link EventLoop#submit} nor
 * {@link EventLoop#stop} writes to the wake fd's number, which the kernel hands to the next file opened (here an
 * eventfd of the test's own, which would count the stray write).
 */
class EventLoopWakeTest {
    static final EventLoop.Turn NOTHING = new EventLoop.Turn() {
        @Override
        public void afterEvents() {
        }

        @Override
        public void afterCommands() {
        }
    };
    final LibC libc = Native.libc();

    @Test
    void shouldNotWriteToTheWakeFdsNumberOnceClosed() {
        final EventLoop loop = new EventLoop();
        loop.turn(NOTHING);
        final int old = loop.wakeFd();
        loop.close();
        // the kernel gives the lowest free numbers first (epoll's, then the wake fd's): open eventfds until one
        // has the old wake fd's number (bounded; another thread of this JVM may take it first)
        final List<Integer> opened = new ArrayList<>();
        int reused = -1;
        for (int i = 0; i < 16 && reused != old; i++) {
            reused = Native.check(libc.eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC), "eventfd");
            opened.add(reused);
        }
        final NativeMemory buf = NativeMemory.allocate(8);
        try {
            assumeTrue(reused == old, "fd " + old + " was taken by another thread first (got " + opened + ")");
            assertFalse(loop.submit(() -> { }), "a command after close is refused, not queued");
            loop.stop();
            final long n = libc.read(reused, buf.address(), 8);
            assertEquals(-1, n, "the closed loop wrote " + (n == 8 ? buf.getLongLE(0) : n) + " into a reused fd");
            assertEquals(Native.EAGAIN, Native.errno());
        } finally {
            opened.forEach(libc::close);
            buf.free();
        }
    }

    @Test
    void shouldRunOrRefuseEveryCommandSubmittedWhileTheLoopCloses() throws Exception {
        for (int round = 0; round < 20; round++) {
            final EventLoop loop = new EventLoop();
            loop.turn(NOTHING);
            final AtomicInteger ran = new AtomicInteger();
            final AtomicInteger accepted = new AtomicInteger();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch go = new CountDownLatch(1);
            final List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                final Thread s = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 2_000; i++) {
                            if (loop.submit(ran::incrementAndGet)) {
                                accepted.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                s.start();
                submitters.add(s);
            }
            go.countDown();
            for (int i = 0; i < 5; i++) {
                loop.doWork(1);
            }
            loop.close();
            for (final Thread s : submitters) {
                s.join(30_000);
                assertFalse(s.isAlive(), "a submitter hung");
            }
            assertNull(failure.get());
            // what was accepted either ran in a turn or was dropped by close: nothing ran after close
            assertTrue(ran.get() <= accepted.get(), ran + " ran of " + accepted + " accepted");
            final int before = ran.get();
            assertFalse(loop.submit(ran::incrementAndGet));
            assertEquals(before, ran.get());
        }
    }
}
