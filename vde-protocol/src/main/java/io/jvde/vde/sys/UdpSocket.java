package io.jvde.vde.sys;

/**
 * Opening and configuring an IPv4 UDP socket (control path: allocates a little per call). The data path uses the
 * returned fd with recvmmsg/sendmmsg and its own pre-laid-out {@link SockaddrIn}s. Every method throws
 * {@link NativeException} with the call and the system's reason.
 */
public final class UdpSocket {
    private UdpSocket() {
    }

    /** A non-blocking, close-on-exec UDP socket bound to {@code address}:{@code port} (SO_REUSEADDR set). */
    public static int open(final int address, final int port) {
        final LibC libc = Native.libc();
        final int fd = Native.check(libc.socket(Native.AF_INET,
            Native.SOCK_DGRAM | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC, 0), "socket");
        try {
            setInt(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, 1, "SO_REUSEADDR");
            final NativeMemory sa = NativeMemory.allocate(SockaddrIn.LENGTH);
            try {
                SockaddrIn.write(sa.buffer(), 0, address, port);
                Native.check(libc.bind(fd, sa.address(), SockaddrIn.LENGTH),
                    "bind " + SockaddrIn.text(address) + ":" + port);
            } finally {
                sa.free();
            }
            return fd;
        } catch (NativeException e) {
            libc.close(fd);
            throw e;
        }
    }

    /** setsockopt with an int value; throws naming {@code what} when the kernel refuses it. */
    public static void setInt(final int fd, final int level, final int option, final int value, final String what) {
        final int r = UnixSockets.setIntOption(fd, level, option, value);
        if (r < 0) {
            throw new NativeException("setsockopt " + what, -r);
        }
    }

    /**
     * Sets a socket buffer size: beyond net.core.[rw]mem_max with root or CAP_NET_ADMIN (SO_*BUFFORCE), else as far
     * as the limit allows. Returns the size the kernel reports now.
     */
    public static int setBuffer(final int fd, final boolean receive, final int bytes) {
        final LibC libc = Native.libc();
        final NativeMemory v = NativeMemory.allocate(8);
        try {
            v.putIntLE(0, bytes);
            if (libc.setsockopt(fd, Native.SOL_SOCKET, receive ? Native.SO_RCVBUFFORCE : Native.SO_SNDBUFFORCE,
                v.address(), 4) < 0) {
                libc.setsockopt(fd, Native.SOL_SOCKET, receive ? Native.SO_RCVBUF : Native.SO_SNDBUF, v.address(), 4);
            }
            v.putIntLE(4, 4);
            libc.getsockopt(fd, Native.SOL_SOCKET, receive ? Native.SO_RCVBUF : Native.SO_SNDBUF, v.address(),
                v.address() + 4);
            return v.getIntLE(0);
        } finally {
            v.free();
        }
    }

    /**
     * Joins IPv4 multicast {@code group} on interface {@code ifindex} (0 = chosen by routing), sends multicast out
     * of it with {@code ttl}, and turns multicast loopback off (our own packets are not read back).
     */
    public static void joinGroup(final int fd, final int group, final int ifindex, final int ttl) {
        // struct ip_mreqn { in_addr imr_multiaddr; in_addr imr_address; int imr_ifindex; }
        final NativeMemory m = NativeMemory.allocate(12);
        try {
            m.buffer().putInt(0, group);
            m.buffer().putInt(4, 0);
            m.putIntLE(8, ifindex);
            Native.check(Native.libc().setsockopt(fd, Native.IPPROTO_IP, Native.IP_ADD_MEMBERSHIP, m.address(), 12),
                "join group " + SockaddrIn.text(group));
            if (ifindex != 0) {
                Native.check(Native.libc().setsockopt(fd, Native.IPPROTO_IP, Native.IP_MULTICAST_IF, m.address(), 12),
                    "setsockopt IP_MULTICAST_IF");
            }
        } finally {
            m.free();
        }
        setInt(fd, Native.IPPROTO_IP, Native.IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
        setInt(fd, Native.IPPROTO_IP, Native.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
    }

    /** Multicast sending only (no membership): out of {@code ifindex} (0 = routing), {@code ttl}, no loopback. */
    public static void multicastSender(final int fd, final int ifindex, final int ttl) {
        if (ifindex != 0) {
            final NativeMemory m = NativeMemory.allocate(12);
            try {
                m.putIntLE(8, ifindex);
                Native.check(Native.libc().setsockopt(fd, Native.IPPROTO_IP, Native.IP_MULTICAST_IF, m.address(), 12),
                    "setsockopt IP_MULTICAST_IF");
            } finally {
                m.free();
            }
        }
        setInt(fd, Native.IPPROTO_IP, Native.IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
        setInt(fd, Native.IPPROTO_IP, Native.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
    }

    /** The UDP port a socket is bound to (getsockname), or -1. */
    public static int localPort(final int fd) {
        final NativeMemory sa = NativeMemory.allocate(SockaddrIn.LENGTH + 4);
        try {
            sa.putIntLE(SockaddrIn.LENGTH, SockaddrIn.LENGTH);
            if (Native.libc().getsockname(fd, sa.address(), sa.address() + SockaddrIn.LENGTH) < 0) {
                return -1;
            }
            return SockaddrIn.port(sa.buffer(), 0);
        } finally {
            sa.free();
        }
    }

    /** Index of interface {@code name}; throws when there is none. */
    public static int interfaceIndex(final String name) {
        final int i = NativePaths.ifNameToIndex(name);
        if (i <= 0) {
            throw new NativeException("interface " + name, Native.errno());
        }
        return i;
    }
}
