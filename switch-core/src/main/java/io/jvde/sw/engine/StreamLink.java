package io.jvde.sw.engine;

import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.UnixSockets;

/**
 * An outbound link ({@code --link}, {@code port/connect}): the switch connects to a stream server (another
 * switch's {@code --stream}, passt, QEMU's {@code -netdev stream,server=on}) and attaches the connection as a
 * {@link StreamTransport} endpoint on its own port. When the connection fails or goes away it reconnects after
 * a back-off that doubles from {@link #FIRST_RETRY_NANOS} up to {@link #MAX_RETRY_NANOS} and starts over once
 * connected. The port stays allocated and out of automatic selection while the link exists.
 */
final class StreamLink {
    static final long FIRST_RETRY_NANOS = 100_000_000L;
    static final long MAX_RETRY_NANOS = 5_000_000_000L;

    private enum State { CONNECTING, CONNECTED, WAITING, STOPPED }

    final StreamAddress target;
    final int port;
    private final SwitchAgent agent;
    private State state = State.WAITING;
    private long retryAt;
    private long backoff = FIRST_RETRY_NANOS;
    private String lastError;
    private int pendingFd = -1;
    private int pendingKey = -1;
    private Attachment attachment;
    private int connects;
    /** What the event stream was last told: null (nothing yet), up or down; events go out on changes only. */
    private Boolean reported;

    StreamLink(final StreamAddress target, final int port, final SwitchAgent agent) {
        this.target = target;
        this.port = port;
        this.agent = agent;
    }

    /** Connects now (the first attempt); later attempts come from {@link #tick}. */
    void start() {
        connect();
    }

    void tick(final long now) {
        if (state == State.WAITING && now - retryAt >= 0) {
            connect();
        }
    }

    private void connect() {
        final int fd = target.socket();
        if (fd < 0) {
            failed(Native.strerror(-fd));
            return;
        }
        final int r = target.connect(fd);
        if (r == 0) {
            connected(fd);
        } else if (r == -Native.EINPROGRESS) {
            state = State.CONNECTING;
            pendingFd = fd;
            pendingKey = agent.loop.register(fd, Native.EPOLLOUT, events -> connectDone());
        } else {
            Native.libc().close(fd);
            failed(Native.strerror(-r));
        }
    }

    private void connectDone() {
        final int fd = pendingFd;
        agent.loop.unregister(fd, pendingKey);
        pendingFd = -1;
        pendingKey = -1;
        final int err = UnixSockets.getIntOption(fd, Native.SOL_SOCKET, Native.SO_ERROR);
        if (err == 0) {
            connected(fd);
        } else {
            Native.libc().close(fd);
            failed(Native.strerror(err < 0 ? -err : err));
        }
    }

    private void connected(final int fd) {
        if (target.isTcp()) {
            UnixSockets.setIntOption(fd, Native.IPPROTO_TCP, Native.TCP_NODELAY, 1);
        }
        state = State.CONNECTED;
        backoff = FIRST_RETRY_NANOS;
        lastError = null;
        connects++;
        final PortRegistry registry = agent.registry;
        final int id = registry.nextEndpointId();
        final String who = "link " + target;
        attachment = registry.newAttachment(id, port, new StreamTransport(fd, "link", who, this::closed), -1,
            SwitchAgent.QUEUE_CAPACITY);
        registry.attach(attachment);
        agent.log.log("port " + port + ": endpoint " + id + " attached: " + who + " connected"
            + (connects > 1 ? " again" : ""));
        report(true, null);
    }

    /** Tells the switch's observer when the link's state changed (loop thread; once per change). */
    private void report(final boolean up, final String reason) {
        if (reported == null || reported != up) {
            reported = up;
            agent.registry.observer.link(port, "link", target.toString(), up, reason);
        }
    }

    /** The link's endpoint was torn down (its transport closed): try again after the back-off. */
    private void closed() {
        attachment = null;
        if (state == State.STOPPED) {
            return;
        }
        state = State.WAITING;
        retryAt = agent.loop.nowNanos + backoff;
        agent.log.log("port " + port + ": link " + target + " lost; reconnecting in " + backoff / 1_000_000
            + " ms, then backing off up to " + MAX_RETRY_NANOS / 1_000_000 + " ms");
        report(false, "lost; reconnecting");
        backoff = Math.min(backoff * 2, MAX_RETRY_NANOS);
    }

    private void failed(final String why) {
        state = State.WAITING;
        retryAt = agent.loop.nowNanos + backoff;
        if (!why.equals(lastError)) {
            agent.log.log("port " + port + ": link " + target + ": cannot connect: " + why + "; retrying every "
                + backoff / 1_000_000 + " ms, backing off up to " + MAX_RETRY_NANOS / 1_000_000
                + " ms (logged once per reason)");
        }
        lastError = why;
        backoff = Math.min(backoff * 2, MAX_RETRY_NANOS);
        report(false, "cannot connect: " + why + "; reconnecting");
    }

    /** Ends the link: closes its connection (or attempt) and stops reconnecting. */
    void stop(final String reason) {
        state = State.STOPPED;
        if (pendingFd >= 0) {
            agent.loop.unregister(pendingFd, pendingKey);
            Native.libc().close(pendingFd);
            pendingFd = -1;
        }
        if (attachment != null) {
            attachment.deathReason = reason;
            agent.registry.detach(attachment);
        }
        if (reported == Boolean.TRUE) {
            reported = false;
            agent.registry.observer.link(port, "link", target.toString(), false, reason);
        }
    }

    /** One line for port/print: target and state. */
    String describe(final long now) {
        switch (state) {
            case CONNECTED:
                return "link " + target + " connected";
            case CONNECTING:
                return "link " + target + " connecting";
            case WAITING:
                return "link " + target + " reconnecting in " + Math.max(0, (retryAt - now) / 1_000_000) + " ms"
                    + (lastError != null ? " (" + lastError + ")" : "");
            default:
                return "link " + target + " stopped";
        }
    }
}
