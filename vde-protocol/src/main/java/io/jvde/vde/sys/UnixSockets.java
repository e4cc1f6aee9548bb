package io.jvde.vde.sys;

import java.nio.charset.StandardCharsets;

/**
 * Control-path helpers for AF_UNIX sockets by path. They allocate a little (a sockaddr per call) and return
 * file descriptors or {@code -errno}; the data path never calls them.
 */
public final class UnixSockets {
    private UnixSockets() {
    }

    /** A new unix socket of {@code type} (SOCK_STREAM or SOCK_DGRAM, optionally | SOCK_NONBLOCK), close-on-exec. */
    public static int socket(final int type) {
        final int fd = Native.libc().socket(Native.AF_UNIX, type | Native.SOCK_CLOEXEC, 0);
        return fd < 0 ? -Native.errno() : fd;
    }

    public static int bind(final int fd, final String path) {
        return withAddress(fd, path, false);
    }

    public static int connect(final int fd, final String path) {
        return withAddress(fd, path, true);
    }

    /** Sends {@code data} on a connected socket; returns bytes sent or -errno. */
    public static int send(final int fd, final byte[] data, final int offset, final int length, final int flags) {
        final NativeMemory msg = NativeMemory.allocate(Math.max(1, length));
        try {
            msg.buffer().put(0, data, offset, length);
            final long n = Native.libc().send(fd, msg.address(), length, flags);
            return n < 0 ? -Native.errno() : (int) n;
        } finally {
            msg.free();
        }
    }

    /** Waits up to {@code timeoutMillis} for {@code fd} to become readable; true if it is. */
    public static boolean awaitReadable(final int fd, final int timeoutMillis) {
        final NativeMemory pfd = NativeMemory.allocate(8);
        try {
            pfd.putIntLE(0, fd);
            pfd.putShortLE(4, (short) 0x001); // POLLIN
            final int n = Native.libc().poll(pfd.address(), 1, timeoutMillis);
            return n > 0;
        } finally {
            pfd.free();
        }
    }

    /**
     * Receives into {@code data}; returns bytes (a datagram longer than the array is cut), 0 for EOF/empty
     * datagram, or -errno.
     */
    public static int recv(final int fd, final byte[] data, final int flags) {
        final NativeMemory msg = NativeMemory.allocate(Math.max(1, data.length));
        try {
            final long n = Native.libc().recv(fd, msg.address(), data.length, flags);
            if (n < 0) {
                return -Native.errno();
            }
            msg.buffer().get(0, data, 0, (int) Math.min(n, data.length));
            return (int) n;
        } finally {
            msg.free();
        }
    }

    /** Listening stream socket bound at {@code path}, non-blocking; returns fd or -errno. */
    public static int listen(final String path, final int backlog) {
        final int fd = socket(Native.SOCK_STREAM | Native.SOCK_NONBLOCK);
        if (fd < 0) {
            return fd;
        }
        int r = bind(fd, path);
        if (r == 0) {
            r = Native.libc().listen(fd, backlog) < 0 ? -Native.errno() : 0;
        }
        if (r < 0) {
            Native.libc().close(fd);
            return r;
        }
        return fd;
    }

    /** Connects a fresh stream socket to {@code path} and closes it: true if something is listening there. */
    public static boolean isListening(final String path) {
        final int fd = socket(Native.SOCK_STREAM);
        if (fd < 0) {
            return false;
        }
        try {
            return connect(fd, path) == 0;
        } finally {
            Native.libc().close(fd);
        }
    }

    /** Numeric uid and gid of the peer of a connected unix stream socket (SO_PEERCRED), or null. */
    public static int[] peerCredentials(final int fd) {
        final NativeMemory cred = NativeMemory.allocate(16);
        try {
            cred.putIntLE(12, 12);
            if (Native.libc().getsockopt(fd, Native.SOL_SOCKET, Native.SO_PEERCRED, cred.address(),
                cred.address() + 12) < 0) {
                return null;
            }
            return new int[] {cred.getIntLE(0), cred.getIntLE(4), cred.getIntLE(8)};
        } finally {
            cred.free();
        }
    }

    public static int setIntOption(final int fd, final int level, final int option, final int value) {
        final NativeMemory v = NativeMemory.allocate(4);
        try {
            v.putIntLE(0, value);
            return Native.libc().setsockopt(fd, level, option, v.address(), 4) < 0 ? -Native.errno() : 0;
        } finally {
            v.free();
        }
    }

    public static int getIntOption(final int fd, final int level, final int option) {
        final NativeMemory v = NativeMemory.allocate(8);
        try {
            v.putIntLE(4, 4);
            if (Native.libc().getsockopt(fd, level, option, v.address(), v.address() + 4) < 0) {
                return -Native.errno();
            }
            return v.getIntLE(0);
        } finally {
            v.free();
        }
    }

    public static void close(final int fd) {
        if (fd >= 0) {
            Native.libc().close(fd);
        }
    }

    /** Bytes of a path as sun_path holds them; a path that does not fit gives EINVAL-style -22 from callers. */
    static boolean fits(final String path) {
        return path.getBytes(StandardCharsets.UTF_8).length < SockaddrUn.PATH_LENGTH;
    }

    /** bind(2) or connect(2) to {@code path}: a flag, not a lambda, on the start path (docs/architecture.md §7). */
    private static int withAddress(final int fd, final String path, final boolean connect) {
        if (!fits(path)) {
            return -Native.EINVAL;
        }
        final NativeMemory addr = NativeMemory.allocate(SockaddrUn.LENGTH);
        try {
            SockaddrUn.write(addr.buffer(), 0, path);
            final int r = connect ? Native.libc().connect(fd, addr.address(), SockaddrUn.LENGTH)
                : Native.libc().bind(fd, addr.address(), SockaddrUn.LENGTH);
            return r < 0 ? -Native.errno() : r;
        } finally {
            addr.free();
        }
    }
}
