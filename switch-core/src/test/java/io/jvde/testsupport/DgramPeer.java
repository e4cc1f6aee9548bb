package io.jvde.testsupport;

import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrUn;
import io.jvde.vde.sys.UnixSockets;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A unix datagram socket bound at its own path that sends to a switch's {@code --dgram} socket (sendto, not
 * connected, so it accepts frames from any sender), one frame per datagram, as QEMU's
 * {@code -netdev dgram,local.type=unix,...,remote.type=unix,...} does: the test's own peer.
 */
public final class DgramPeer implements AutoCloseable {
    private final int fd;
    private final Path path;
    private final NativeMemory to = NativeMemory.allocate(SockaddrUn.LENGTH);
    private final int toLength;

    private DgramPeer(final int fd, final Path path, final Path switchSocket) {
        this.fd = fd;
        this.path = path;
        this.toLength = SockaddrUn.write(to.buffer(), 0, switchSocket.toString());
    }

    public static DgramPeer open(final Path own, final Path switchSocket) {
        final int fd = UnixSockets.socket(Native.SOCK_DGRAM);
        if (fd < 0) {
            throw new IllegalStateException("socket: " + Native.strerror(-fd));
        }
        final int r = UnixSockets.bind(fd, own.toString());
        if (r < 0) {
            UnixSockets.close(fd);
            throw new IllegalStateException("dgram peer " + own + ": " + Native.strerror(-r));
        }
        return new DgramPeer(fd, own, switchSocket);
    }

    /** Sends one frame to the switch; returns the bytes sent or -errno. */
    public int send(final byte[] frame) {
        final NativeMemory m = NativeMemory.allocate(Math.max(1, frame.length));
        final MmsgVector v = new MmsgVector(1, 1);
        try {
            m.buffer().put(0, frame);
            v.iov(0, 0, m.address(), frame.length);
            v.name(0, to.address(), toLength);
            return Native.libc().sendmmsg(fd, v.address(0), 1, 0) == 1 ? v.length(0) : -Native.errno();
        } finally {
            v.free();
            m.free();
        }
    }

    /** The next frame, or null within {@code timeoutMillis}. */
    public byte[] receive(final int timeoutMillis) {
        if (!UnixSockets.awaitReadable(fd, timeoutMillis)) {
            return null;
        }
        final byte[] buf = new byte[65_536];
        final int n = UnixSockets.recv(fd, buf, Native.MSG_DONTWAIT);
        return n < 0 ? null : Arrays.copyOf(buf, n);
    }

    @Override
    public void close() {
        UnixSockets.close(fd);
        NativePaths.unlink(path.toString());
        to.free();
    }
}
