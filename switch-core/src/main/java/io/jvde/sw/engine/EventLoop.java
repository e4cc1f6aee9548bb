package io.jvde.sw.engine;

import io.jvde.vde.sys.EpollSet;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The switch's one event-loop thread: epoll, a wake-up eventfd, the queue of commands from other threads and the
 * table of fd handlers. One turn ({@link #doWork}) waits on epoll, calls the handler of every ready fd, lets the
 * owner finish the batch ({@link Turn#afterEvents}), runs queued commands, then {@link Turn#afterCommands}.
 * Tests drive the loop turn by turn with {@link #doWork}; the switch's thread calls it until {@link #stop}.
 *
 * <p>A handler's key (its epoll token) is freed only at the end of the turn in which it was unregistered, so an
 * event already read for a closed fd can never reach a handler registered later in the same turn.
 */
final class EventLoop {
    /** Called on the loop thread when its fd is ready. */
    interface Handler {
        void onReady(int events);
    }

    /** What the owner does in every turn besides calling handlers. */
    interface Turn {
        /** After every ready fd was handled, before commands run: close batches, reap dead endpoints. */
        void afterEvents();

        /** After the commands ran: forward what they injected, timers. */
        void afterCommands();
    }

    private final LibC libc = Native.libc();
    private final EpollSet epoll = new EpollSet(256);
    private final int wakeFd;
    private final int wakeKey;
    private final NativeMemory wakeBuf = NativeMemory.allocate(8);
    private final NativeMemory wakeOne = NativeMemory.allocate(8);
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /**
     * Held to write to {@link #wakeFd} and to close it: a thread waking the loop while it closes must not write into
     * a closed fd, whose number the kernel may already have given to another file (8 bytes into a stranger's
     * socket or journal). Only other threads' commands and stop take it: never the forwarding path.
     */
    private final Object wakeLock = new Object();
    private boolean wakeClosed;
    private Handler[] handlers = new Handler[64];
    private int[] freeKeys = new int[64];
    private int freeKeyCount;
    private int[] retiredKeys = new int[64];
    private int retiredKeyCount;
    private int nextKey;
    private Turn turn;
    private volatile boolean running = true;
    /** The time of the current turn (System.nanoTime after epoll returned). */
    long nowNanos = System.nanoTime();

    EventLoop() {
        this.wakeFd = Native.check(libc.eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC), "eventfd");
        wakeOne.putLongLE(0, 1);
        wakeKey = register(wakeFd, Native.EPOLLIN, new Wake(this));
    }

    void turn(final Turn t) {
        this.turn = t;
    }

    /** Watches {@code fd} for {@code events}; returns the key to modify or unregister it with. */
    int register(final int fd, final int events, final Handler h) {
        final int key;
        if (freeKeyCount > 0) {
            key = freeKeys[--freeKeyCount];
        } else {
            if (nextKey == handlers.length) {
                handlers = Arrays.copyOf(handlers, handlers.length * 2);
            }
            key = nextKey++;
        }
        handlers[key] = h;
        epoll.add(fd, events, key);
        return key;
    }

    void modify(final int fd, final int events, final int key) {
        epoll.modify(fd, events, key);
    }

    /** Stops watching {@code fd}; the caller closes it. */
    void unregister(final int fd, final int key) {
        epoll.remove(fd);
        handlers[key] = null;
        if (retiredKeyCount == retiredKeys.length) {
            retiredKeys = Arrays.copyOf(retiredKeys, retiredKeyCount * 2);
        }
        retiredKeys[retiredKeyCount++] = key;
    }

    /**
     * One turn: waits up to {@code timeoutMillis} for ready fds, handles them, finishes the batch, runs the queued
     * commands. Returns the number of ready fds. Loop thread only (or a test that owns the loop).
     */
    int doWork(final int timeoutMillis) {
        final int n = epoll.await(timeoutMillis);
        nowNanos = System.nanoTime();
        for (int i = 0; i < n; i++) {
            final Handler h = handlers[(int) epoll.token(i)];
            if (h != null) {
                h.onReady(epoll.eventMask(i));
            }
        }
        turn.afterEvents();
        Runnable r;
        while ((r = commands.poll()) != null) {
            r.run();
        }
        turn.afterCommands();
        for (int i = 0; i < retiredKeyCount; i++) {
            if (freeKeyCount == freeKeys.length) {
                freeKeys = Arrays.copyOf(freeKeys, freeKeyCount * 2);
            }
            freeKeys[freeKeyCount++] = retiredKeys[i];
        }
        retiredKeyCount = 0;
        return n;
    }

    /**
     * Queues {@code command} to run on the loop thread and wakes the loop (any thread); false, with nothing queued,
     * once the loop has closed (the command would never run).
     */
    boolean submit(final Runnable command) {
        synchronized (wakeLock) {
            if (wakeClosed) {
                return false;
            }
            commands.add(command);
            wake();
            return true;
        }
    }

    /**
     * Makes the current or next epoll wait return at once (any thread; one eventfd write, no allocation); nothing
     * once the loop has closed (the fd number may already belong to another file).
     */
    void wake() {
        synchronized (wakeLock) {
            if (!wakeClosed) {
                libc.write(wakeFd, wakeOne.address(), 8);
            }
        }
    }

    /** The wake-up eventfd's number (tests check that nothing writes to it once closed). */
    int wakeFd() {
        return wakeFd;
    }

    boolean running() {
        return running;
    }

    /** Asks the loop to stop after the current turn (any thread). */
    void stop() {
        running = false;
        wake();
    }

    /** Closes epoll and the wake fd; commands still queued are dropped (their callers fail them, see VdeSwitch). */
    void close() {
        unregister(wakeFd, wakeKey);
        epoll.close();
        synchronized (wakeLock) {
            wakeClosed = true;
            libc.close(wakeFd);
            commands.clear();
        }
    }

    /** Drains the wake-up eventfd; a class, not a lambda, on the start path (docs/architecture.md §7). */
    private static final class Wake implements Handler {
        private final EventLoop loop;

        Wake(final EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void onReady(final int events) {
            loop.libc.read(loop.wakeFd, loop.wakeBuf.address(), 8);
        }
    }
}
