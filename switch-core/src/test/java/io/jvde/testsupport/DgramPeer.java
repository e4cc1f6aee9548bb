package io.jvde.testsupport;

import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.UnixSockets;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A unix datagram socket bound at its own path and connected to a switch's {@code --dgram} socket, one frame per
 * datagram, as QEMU's {@code -netdev dgram,local.type=unix,...,remote.type=unix,...} sends: the test's own peer.
 */
public final class DgramPeer implements AutoCloseable {
    private final int fd;
    private final Path path;

    private DgramPeer(final int fd, final Path path) {
        this.fd = fd;
        this.path = path;
    }

    public static DgramPeer open(final Path own, final Path switchSocket) {
        final int fd = UnixSockets.socket(Native.SOCK_DGRAM);
        if (fd < 0) {
            throw new IllegalStateException("socket: " + Native.strerror(-fd));
        }
        int r = UnixSockets.bind(fd, own.toString());
        if (r == 0) {
            r = UnixSockets.connect(fd, switchSocket.toString());
        }
        if (r < 0) {
            UnixSockets.close(fd);
            throw new IllegalStateException("dgram peer " + own + ": " + Native.strerror(-r));
        }
        return new DgramPeer(fd, own);
    }

    public int send(final byte[] frame) {
        return UnixSockets.send(fd, frame, 0, frame.length, 0);
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
        Native.libc().unlink(path.toString());
    }
}
