package io.jvde.vde.sys;

import com.kenai.jffi.LastError;

import java.nio.charset.StandardCharsets;

/** Loads {@link LibC} once and offers errno, strerror and the Linux constants the switch uses (x86-64/arm64 values). */
public final class Native {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int EINPROGRESS = 115;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;

    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_PEERCRED = 17;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    /** u32[] of socket memory counters (Linux 4.6); index {@link #SK_MEMINFO_DROPS} = the /proc/net/udp drops. */
    public static final int SO_MEMINFO = 55;
    public static final int SK_MEMINFO_VARS = 9;
    public static final int SK_MEMINFO_DROPS = 8;

    public static final int IPPROTO_IP = 0;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;

    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int SHUT_RDWR = 2;

    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;

    public static final int EFD_NONBLOCK = 04000;
    public static final int EFD_CLOEXEC = 02000000;

    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;

    public static final int R_OK = 4;
    public static final int W_OK = 2;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int EMSGSIZE = 90;
    public static final int EADDRINUSE = 98;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;
    public static final int ECONNREFUSED = 111;

    private static final LibC LIBC = load();
    private static final LastError LAST_ERROR = LastError.getInstance();

    private Native() {
    }

    /**
     * glibc by its soname: dlopen finds the copy the JVM has mapped already; then the unversioned name, for a libc
     * that is not glibc (the development symlink).
     */
    private static LibC load() {
        try {
            return new JffiLibC("libc.so.6");
        } catch (final UnsatisfiedLinkError e) {
            return new JffiLibC("libc.so");
        }
    }

    public static LibC libc() {
        return LIBC;
    }

    /** errno of the last call made through {@link LibC} on this thread. */
    public static int errno() {
        return LAST_ERROR.get();
    }

    /** Sets what {@link #errno()} returns on this thread: for a {@link LibC} decorator (tests) that fails a call. */
    public static void setErrno(final int errno) {
        LAST_ERROR.set(errno);
    }

    /** The C library's text for an errno value, e.g. "Connection refused" (control path only: allocates). */
    public static String strerror(final int errno) {
        final NativeMemory buf = NativeMemory.allocate(256);
        try {
            if (LIBC.__xpg_strerror_r(errno, buf.address(), 256) != 0) {
                return "errno " + errno;
            }
            final byte[] bytes = new byte[256];
            int n = 0;
            while (n < 255 && buf.buffer().get(n) != 0) {
                bytes[n] = buf.buffer().get(n);
                n++;
            }
            return new String(bytes, 0, n, StandardCharsets.UTF_8);
        } finally {
            buf.free();
        }
    }

    /** Numeric gid of a group name (NSS-aware, via getgrnam), or -1 when no such group exists. */
    public static int groupId(final String name) {
        final long p = NativePaths.getgrnam(name);
        return p == 0 ? -1 : com.kenai.jffi.MemoryIO.getInstance().getInt(p + 16);
    }

    /** Numeric uid of a user name (via getpwnam), or -1 when no such user exists. */
    public static int userId(final String name) {
        final long p = NativePaths.getpwnam(name);
        return p == 0 ? -1 : com.kenai.jffi.MemoryIO.getInstance().getInt(p + 16);
    }

    /** Name of user {@code uid}, or its number as text when it has no name. */
    public static String userName(final int uid) {
        final long pw = LIBC.getpwuid(uid);
        if (pw == 0) {
            return Integer.toString(uid);
        }
        final com.kenai.jffi.MemoryIO io = com.kenai.jffi.MemoryIO.getInstance();
        return new String(io.getZeroTerminatedByteArray(io.getAddress(pw)), StandardCharsets.UTF_8);
    }

    /** Whether user {@code uid} belongs to group {@code gid} (primary or supplementary, via NSS). */
    public static boolean isGroupMember(final int uid, final int gid) {
        final long pw = LIBC.getpwuid(uid);
        if (pw == 0) {
            return false;
        }
        final com.kenai.jffi.MemoryIO io = com.kenai.jffi.MemoryIO.getInstance();
        final int primary = io.getInt(pw + 20);
        if (primary == gid) {
            return true;
        }
        final long name = io.getAddress(pw);
        final NativeMemory groups = NativeMemory.allocate(4 * 1024 + 8);
        try {
            groups.putIntLE(4 * 1024, 1024);
            final int n = LIBC.getgrouplist(name, primary, groups.address(), groups.address() + 4 * 1024);
            for (int i = 0; i < Math.max(0, n); i++) {
                if (groups.getIntLE(4 * i) == gid) {
                    return true;
                }
            }
            return false;
        } finally {
            groups.free();
        }
    }

    /** Throws {@link NativeException} with the call name and strerror when {@code result} is negative. */
    public static int check(final int result, final String what) {
        if (result < 0) {
            final int err = errno();
            throw new NativeException(what, err);
        }
        return result;
    }
}
