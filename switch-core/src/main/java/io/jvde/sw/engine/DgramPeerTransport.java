package io.jvde.sw.engine;

import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrUn;

import java.nio.ByteBuffer;

/**
 * One sender of a {@link DgramListener}'s socket: frames to it are sent from the shared socket to its address
 * (sendmmsg with a destination per message). It has no fd of its own; the listener receives for it.
 */
final class DgramPeerTransport implements Transport {
    private final DgramListener listener;
    private final NativeMemory address = NativeMemory.allocate(SockaddrUn.LENGTH);
    private final int addressLength;
    private final String description;
    private Attachment self;

    DgramPeerTransport(final DgramListener listener, final ByteBuffer names, final int offset, final int length,
                       final String path, final int id) {
        this.listener = listener;
        this.addressLength = length;
        address.buffer().put(0, names, offset, length);
        final String peer = SockaddrUn.path(address.buffer(), 0);
        this.description = "dgram unix:" + path + " peer " + (peer.isEmpty() ? "@" + id : peer);
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
        for (int k = 0; k < n; k++) {
            v.name(k, address.address(), addressLength);
        }
        int sent = 0;
        while (sent < n) {
            final int r = Native.libc().sendmmsg(listener.fd(), v.address(sent), n - sent,
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
        for (int k = 0; k < n; k++) {
            v.name(k, 0, 0); // the vector may be shared with connected sockets
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
    }
}
