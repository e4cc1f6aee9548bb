package io.jvde.sw.engine;

import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrUn;
import io.jvde.vde.sys.UnixSockets;

import java.nio.ByteBuffer;

/**
 * One sender of a {@link DgramListener}'s socket. The listener receives for it; frames to it leave through a socket
 * of its own connected to its address, so a peer that stops reading fills only that socket's budget, never the
 * listener's (datagrams waiting in a receiver's queue count against the socket that sent them). QEMU's
 * {@code -netdev dgram} accepts frames from any sender address. The transport's fd is not watched: the listener
 * retries a busy peer's queue every turn.
 */
final class DgramPeerTransport implements Transport {
    private final DgramListener listener;
    private final NativeMemory address = NativeMemory.allocate(SockaddrUn.LENGTH);
    private final int addressLength;
    private final String description;
    private Attachment self;
    /** Connected to the peer; -1 when it could not be (every send then fails and reaps the peer). */
    private final int fd;
    private final String connectError;

    DgramPeerTransport(final DgramListener listener, final ByteBuffer names, final int offset, final int length,
                       final String path, final int id) {
        this.listener = listener;
        this.addressLength = length;
        address.buffer().put(0, names, offset, length);
        final String peer = SockaddrUn.path(address.buffer(), 0);
        this.description = "dgram unix:" + path + " peer " + (peer.isEmpty() ? "@" + id : peer);
        int s = UnixSockets.socket(Native.SOCK_DGRAM | Native.SOCK_NONBLOCK);
        String error = s < 0 ? Native.strerror(-s) : null;
        if (s >= 0 && Native.libc().connect(s, address.address(), length) < 0) {
            error = Native.strerror(Native.errno());
            Native.libc().close(s);
            s = -1;
        }
        this.fd = s;
        this.connectError = error;
    }

    /** Peers cannot be told apart before a read: pausing one stops reading the listener's whole socket. */
    @Override
    public boolean pauseReading() {
        listener.pause();
        return true;
    }

    @Override
    public boolean resumeReading() {
        listener.resume();
        return true;
    }

    /** Whether the sender address at {@code names[offset..]} is this peer's. */
    boolean matches(final ByteBuffer names, final int offset, final int length) {
        if (length != addressLength) {
            return false;
        }
        final ByteBuffer a = address.buffer();
        for (int i = length - 1; i >= SockaddrUn.PATH_OFFSET; i--) { // paths differ at the end first (numbers)
            if (a.get(i) != names.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String module() {
        return "dgram";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public int receive(final RxBatch rx, final Attachment self) {
        return 0; // the listener receives for every peer
    }

    @Override
    public int send(final MmsgVector v, final int n, final Attachment self) {
        if (fd < 0) {
            self.kill("cannot reach the peer: " + connectError);
            return 0;
        }
        int sent = 0;
        while (sent < n) {
            final int r = Native.libc().sendmmsg(fd, v.address(sent), n - sent,
                Native.MSG_DONTWAIT | Native.MSG_NOSIGNAL);
            if (r > 0) {
                sent += r;
                continue;
            }
            final int err = Native.errno();
            if (err != Native.EAGAIN && err != Native.EINTR && err != Native.ENOBUFS) {
                self.kill("send: " + Native.strerror(err) + " (the peer's socket is gone)");
            }
            break;
        }
        return sent;
    }

    @Override
    public void attached(final Attachment self, final EventLoop loop) {
        this.self = self;
    }

    @Override
    public void close(final EventLoop loop) {
        listener.removed(self);
        address.free();
        if (fd >= 0) {
            Native.libc().close(fd);
        }
    }
}
