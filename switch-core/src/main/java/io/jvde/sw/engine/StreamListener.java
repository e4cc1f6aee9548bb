package io.jvde.sw.engine;

import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.UnixSockets;

/**
 * {@code --stream ADDRESS}: a listening stream socket (unix or TCP); every accepted connection becomes a
 * {@link StreamTransport} endpoint on the lowest free port (as a VDE client asking for no particular port), and
 * the port is released to the pool when the connection closes.
 */
final class StreamListener implements EventLoop.Handler {
    private static final int BACKLOG = 128;

    private final LibC libc = Native.libc();
    private final StreamAddress address;
    private final int fd;
    private final SwitchAgent agent;
    private int key = -1;

    private StreamListener(final StreamAddress address, final int fd, final SwitchAgent agent) {
        this.address = address;
        this.fd = fd;
        this.agent = agent;
    }

    /** Binds and listens; {@link #start} begins accepting. */
    static StreamListener open(final StreamAddress address, final SwitchAgent agent) throws SwitchStartException {
        final int fd = address.listen(BACKLOG);
        if (fd < 0) {
            throw new SwitchStartException("--stream " + address + ": cannot listen: " + Native.strerror(-fd), false);
        }
        return new StreamListener(address, fd, agent);
    }

    void start() {
        if (key < 0) {
            key = agent.loop.register(fd, Native.EPOLLIN, this);
        }
    }

    @Override
    public void onReady(final int events) {
        while (true) {
            final int c = libc.accept4(fd, 0, 0, Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC);
            if (c < 0) {
                return; // EAGAIN, or a transient error such as EMFILE: try again on the next wake-up
            }
            final PortRegistry registry = agent.registry;
            final int port = registry.autoPort();
            if (port < 0) {
                libc.close(c);
                agent.log.log("stream " + address + ": refused a connection: no free port");
                continue;
            }
            final int user = address.isTcp() ? -1 : peerUid(c);
            if (address.isTcp()) {
                UnixSockets.setIntOption(c, Native.IPPROTO_TCP, Native.TCP_NODELAY, 1);
            }
            final int id = registry.nextEndpointId();
            final String who = "stream " + address + " connection " + id;
            registry.attach(registry.newAttachment(id, port, new StreamTransport(c, "stream", who, null), user,
                SwitchAgent.QUEUE_CAPACITY));
            agent.log.log("port " + port + ": endpoint " + id + " attached: " + who);
        }
    }

    private static int peerUid(final int fd) {
        final int[] cred = UnixSockets.peerCredentials(fd);
        return cred == null ? -1 : cred[1];
    }

    void close() {
        if (key >= 0) {
            agent.loop.unregister(fd, key);
        }
        libc.close(fd);
        if (!address.isTcp()) {
            NativePaths.unlink(address.path());
        }
    }
}
