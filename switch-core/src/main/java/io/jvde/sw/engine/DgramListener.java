package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrUn;
import io.jvde.vde.sys.UnixSockets;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --dgram PATH}: one unix datagram socket, one frame per datagram, as QEMU's {@code -netdev dgram} sends
 * them. Each distinct sender address becomes a {@link DgramPeerTransport} endpoint on the lowest free port; the
 * switch answers it at that address (from a socket of the peer's own). A peer is reaped when a send to it is refused
 * (its socket is gone) or when it stalls for the stall timeout. A frame for a busy peer waits in that peer's queue,
 * retried every turn while non-empty. Back-pressure: peers share the receiving socket and cannot be told apart
 * before a read, so when {@link BackPressure} pauses one of them the socket is not read at all until every pause
 * is lifted (the receiver drained, or was released as stalled); meanwhile the kernel queues the datagrams and
 * blocks (or refuses with EAGAIN) every sender.
 */
final class DgramListener implements EventLoop.Handler {
    private final LibC libc = Native.libc();
    private final String path;
    private final int fd;
    private final SwitchAgent agent;
    /** One sockaddr_un per receive slot: the senders of the batch. */
    private final NativeMemory names = NativeMemory.allocate(RxBatch.SLOTS * SockaddrUn.LENGTH);
    private final List<Attachment> peers = new ArrayList<>();
    private int key = -1;
    /** Peers paused by back-pressure; the socket is read only while this is 0. */
    private int paused;
    private boolean loggedUnnamed;

    private DgramListener(final String path, final int fd, final SwitchAgent agent) {
        this.path = path;
        this.fd = fd;
        this.agent = agent;
    }

    static DgramListener open(final String path, final SwitchAgent agent) throws SwitchStartException {
        final int fd = UnixSockets.socket(Native.SOCK_DGRAM | Native.SOCK_NONBLOCK);
        if (fd < 0) {
            throw new SwitchStartException("--dgram " + path + ": socket: " + Native.strerror(-fd), false);
        }
        NativePaths.unlink(path); // a datagram socket file cannot be in use by another bound socket we could ask
        final int r = UnixSockets.bind(fd, path);
        if (r < 0) {
            Native.libc().close(fd);
            throw new SwitchStartException("--dgram " + path + ": bind: " + Native.strerror(-r), false);
        }
        UnixSockets.setIntOption(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, 1 << 20);
        UnixSockets.setIntOption(fd, Native.SOL_SOCKET, Native.SO_SNDBUF, 1 << 20);
        return new DgramListener(path, fd, agent);
    }

    void start() {
        if (key < 0) {
            key = agent.loop.register(fd, Native.EPOLLIN, this);
        }
    }

    void pause() {
        if (paused++ == 0 && key >= 0) {
            agent.loop.modify(fd, 0, key);
        }
    }

    void resume() {
        if (paused > 0 && --paused == 0 && key >= 0) {
            agent.loop.modify(fd, Native.EPOLLIN, key);
        }
    }

    @Override
    public void onReady(final int events) {
        if (paused > 0) {
            return; // an event reported before the pause in this turn
        }
        final RxBatch rx = agent.rx;
        final MmsgVector v = rx.vector;
        for (int i = 0; i < RxBatch.SLOTS; i++) {
            v.clearFlags(i);
            v.name(i, names.address() + (long) i * SockaddrUn.LENGTH, SockaddrUn.LENGTH);
        }
        final int n = libc.recvmmsg(fd, v.address(0), RxBatch.SLOTS, Native.MSG_DONTWAIT, 0);
        if (n < 0) {
            final int err = Native.errno();
            clearNames(v);
            if (err != Native.EAGAIN && err != Native.EINTR) {
                agent.log.log("dgram " + path + ": receive: " + Native.strerror(err));
            }
            return;
        }
        Attachment last = null;
        for (int i = 0; i < n; i++) {
            final Attachment peer = peer(i, v.nameLength(i));
            if (peer == null) {
                continue;
            }
            if ((v.flags(i) & Native.MSG_TRUNC) != 0) {
                rx.truncated(i, v.length(i));
            } else {
                rx.length(i, v.length(i));
            }
            agent.ingress.frame(peer, i);
            last = peer;
        }
        clearNames(v);
        if (last != null) {
            agent.batcher.flush(last);
        }
    }

    private static void clearNames(final MmsgVector v) {
        for (int i = 0; i < RxBatch.SLOTS; i++) {
            v.name(i, 0, 0); // the vector is shared with connected sockets, which take no address
        }
    }

    /** The endpoint of the sender in slot {@code i}, attached on first sight; null for an unnamed sender. */
    private Attachment peer(final int i, final int nameLength) {
        final int off = i * SockaddrUn.LENGTH;
        if (nameLength <= SockaddrUn.PATH_OFFSET) {
            if (!loggedUnnamed) {
                loggedUnnamed = true;
                agent.log.log("dgram " + path + ": ignoring frames from a socket without an address (it cannot be"
                    + " answered; bind it, as QEMU's local.path does; logged once)");
            }
            return null;
        }
        final ByteBuffer nb = names.buffer();
        for (int p = 0, m = peers.size(); p < m; p++) {
            final Attachment a = peers.get(p);
            if (((DgramPeerTransport) a.transport).matches(nb, off, nameLength)) {
                return a;
            }
        }
        final PortRegistry registry = agent.registry;
        final int port = registry.autoPort();
        if (port < 0) {
            agent.registry.drop(registry.ports[0], DropReason.DST_PORT_INACTIVE.ordinal());
            return null;
        }
        final int id = registry.nextEndpointId();
        final DgramPeerTransport t = new DgramPeerTransport(this, nb, off, nameLength, path, id);
        final Attachment a = registry.newAttachment(id, port, t, -1, SwitchAgent.QUEUE_CAPACITY);
        peers.add(a);
        registry.attach(a);
        agent.log.log("port " + port + ": endpoint " + id + " attached: " + t.description());
        return a;
    }

    void removed(final Attachment a) {
        peers.remove(a);
    }

    /** Every turn: retry the queues of busy peers (the shared socket says nothing about one peer's room). */
    void everyTurn() {
        for (int p = peers.size() - 1; p >= 0; p--) {
            final Attachment a = peers.get(p);
            if (a.dead) {
                continue;
            }
            if (a.stalled) {
                a.kill("peer stopped reading for " + agent.settings.stallTimeoutMillis() + " ms");
            } else if (a.queueCount > 0) {
                agent.backPressure.drain(a);
            }
        }
    }

    void close() {
        if (key >= 0) {
            agent.loop.unregister(fd, key);
        }
        libc.close(fd);
        NativePaths.unlink(path);
        names.free();
    }
}
