package io.jvde.vde.sys;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Control-path helpers for TCP sockets (IPv4 and IPv6), in the style of {@link UnixSockets}: they allocate a
 * sockaddr per call and return file descriptors or {@code -errno}.
 */
public final class InetSockets {
    private InetSockets() {
    }

    /** A non-blocking, close-on-exec TCP socket of {@code address}'s family; fd or -errno. */
    public static int socket(final InetSocketAddress address) {
        final int family = address.getAddress() instanceof Inet6Address ? Native.AF_INET6 : Native.AF_INET;
        final int fd = Native.libc().socket(family, Native.SOCK_STREAM | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC,
            0);
        return fd < 0 ? -Native.errno() : fd;
    }

    /** A listening non-blocking TCP socket bound at {@code address} (SO_REUSEADDR); fd or -errno. */
    public static int listen(final InetSocketAddress address, final int backlog) {
        final int fd = socket(address);
        if (fd < 0) {
            return fd;
        }
        UnixSockets.setIntOption(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, 1);
        int r = withAddress(address, (addr, len) -> Native.libc().bind(fd, addr, len));
        if (r == 0) {
            r = Native.libc().listen(fd, backlog) < 0 ? -Native.errno() : 0;
        }
        if (r < 0) {
            Native.libc().close(fd);
            return r;
        }
        return fd;
    }

    /** Starts connecting {@code fd}: 0 when connected, -EINPROGRESS while under way, else -errno. */
    public static int connect(final int fd, final InetSocketAddress address) {
        return withAddress(address, (addr, len) -> Native.libc().connect(fd, addr, len));
    }

    private interface AddressCall {
        int call(long addr, int len);
    }

    private static int withAddress(final InetSocketAddress a, final AddressCall call) {
        final NativeMemory m = NativeMemory.allocate(28);
        try {
            final byte[] ip = a.getAddress().getAddress();
            final int len;
            if (ip.length == 4) {
                m.putShortLE(0, (short) Native.AF_INET);
                m.buffer().put(4, ip);
                len = 16;
            } else {
                m.putShortLE(0, (short) Native.AF_INET6);
                m.buffer().put(8, ip);
                m.putIntLE(24, ((Inet6Address) a.getAddress()).getScopeId());
                len = 28;
            }
            m.buffer().put(2, (byte) (a.getPort() >>> 8));
            m.buffer().put(3, (byte) a.getPort());
            return call.call(m.address(), len) < 0 ? -Native.errno() : 0;
        } finally {
            m.free();
        }
    }
}
