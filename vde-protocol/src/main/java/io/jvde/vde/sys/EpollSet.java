package io.jvde.vde.sys;

/**
 * An epoll instance with a pre-allocated event array. Each registration carries a 64-bit token chosen by the
 * caller (the event loop encodes kind and index in it), so dispatch needs no map lookup and no allocation.
 */
public final class EpollSet implements AutoCloseable {
    /** {@code struct epoll_event} is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere. */
    private static final boolean PACKED = isX86();
    public static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int EVENTS_OFFSET = 0;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;

    private final LibC libc = Native.libc();
    private final int epfd;
    private final NativeMemory events;
    private final NativeMemory ctlEvent = NativeMemory.allocate(16);
    private final int capacity;

    public EpollSet(final int capacity) {
        this.capacity = capacity;
        this.epfd = Native.check(libc.epoll_create1(Native.EPOLL_CLOEXEC), "epoll_create1");
        this.events = NativeMemory.allocate(capacity * EVENT_SIZE);
    }

    private static boolean isX86() {
        final String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }

    /** Registers {@code fd}; returns 0 or -errno. */
    public int add(final int fd, final int eventMask, final long token) {
        return ctl(Native.EPOLL_CTL_ADD, fd, eventMask, token);
    }

    /** Changes the interest set of {@code fd}; returns 0 or -errno. */
    public int modify(final int fd, final int eventMask, final long token) {
        return ctl(Native.EPOLL_CTL_MOD, fd, eventMask, token);
    }

    /** Removes {@code fd} (closing an fd also removes it); returns 0 or -errno. */
    public int remove(final int fd) {
        return ctl(Native.EPOLL_CTL_DEL, fd, 0, 0);
    }

    private int ctl(final int op, final int fd, final int eventMask, final long token) {
        ctlEvent.putIntLE(EVENTS_OFFSET, eventMask);
        ctlEvent.putLongLE(DATA_OFFSET, token);
        return libc.epoll_ctl(epfd, op, fd, ctlEvent.address()) < 0 ? -Native.errno() : 0;
    }

    /** Waits for events; returns how many are ready (0 on timeout or EINTR). */
    public int await(final int timeoutMillis) {
        final int n = libc.epoll_wait(epfd, events.address(), capacity, timeoutMillis);
        if (n < 0) {
            final int err = Native.errno();
            if (err == Native.EINTR) {
                return 0;
            }
            throw new NativeException("epoll_wait", err);
        }
        return n;
    }

    public int eventMask(final int i) {
        return events.getIntLE(i * EVENT_SIZE + EVENTS_OFFSET);
    }

    public long token(final int i) {
        return events.getLongLE(i * EVENT_SIZE + DATA_OFFSET);
    }

    @Override
    public void close() {
        libc.close(epfd);
        events.free();
        ctlEvent.free();
    }
}
