package io.jvde.sw.engine;

import io.jvde.sw.port.Port;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UnixSockets;
import io.jvde.vde.wire.ControlReply;
import io.jvde.vde.wire.ControlRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The switch directory and its {@code ctl} socket: start-up (directory, permissions, stale-socket takeover) and
 * the handshake of every client, run on the event-loop thread (docs/protocol.md §2).
 *
 * <p>Unlike vde_switch, the request is reassembled when it arrives in pieces, and every refusal closes the stream
 * at once with a log line saying why, so a client never hangs.
 */
final class ControlAcceptor {
    /** A client that connected but never completed its request is dropped after this long. */
    static final long HANDSHAKE_TIMEOUT_NANOS = 5_000_000_000L;
    /** Kernel send buffer per data socket: room for bursts before the overflow queue is needed. */
    static final int DATA_SNDBUF = 1 << 20;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int LISTEN_BACKLOG = 128;

    private final LibC libc = Native.libc();
    private final Path directory;
    private final boolean createdDirectory;
    private final String ctlPath;
    private final int listenFd;
    private final int socketMode;
    private final int groupId;
    private final int port0Mode;
    private final int port0GroupId;
    private final boolean root;
    private final int maxPorts;
    private final List<PendingHandshake> pending = new ArrayList<>();
    private final NativeMemory scratch = NativeMemory.allocate(256);
    private SwitchAgent agent;
    private PortRegistry registry;
    private int listenKey = -1;
    private boolean accepting;

    private static final class PendingHandshake implements EventLoop.Handler {
        final ControlAcceptor acceptor;
        final int fd;
        int key;
        final NativeMemory buf = NativeMemory.allocate(ControlRequest.MAX_LENGTH + 8);
        int received;
        final long deadline;

        PendingHandshake(final ControlAcceptor acceptor, final int fd, final long deadline) {
            this.acceptor = acceptor;
            this.fd = fd;
            this.deadline = deadline;
        }

        @Override
        public void onReady(final int events) {
            acceptor.onHandshakeReadable(this);
        }
    }

    private ControlAcceptor(final Path directory, final boolean createdDirectory, final int listenFd,
                            final int socketMode, final int groupId, final int port0Mode, final int port0GroupId,
                            final int maxPorts) {
        this.directory = directory;
        this.createdDirectory = createdDirectory;
        this.ctlPath = directory.resolve("ctl").toString();
        this.listenFd = listenFd;
        this.socketMode = socketMode;
        this.groupId = groupId;
        this.port0Mode = port0Mode;
        this.port0GroupId = port0GroupId;
        this.root = libc.geteuid() == 0;
        this.maxPorts = maxPorts;
    }

    /**
     * Creates the directory and binds {@code ctl} with vde_switch's permission rules (docs/protocol.md §2.1),
     * taking over a stale {@code ctl} but refusing to start when another switch answers on it.
     */
    static ControlAcceptor open(final SwitchSettings s) throws SwitchStartException {
        final int gid = resolveGroup(s.group());
        final int port0Gid = s.port0Group() == null ? gid : resolveGroup(s.port0Group());
        final int ctlMode = s.ctlMode() >= 0 ? s.ctlMode() : s.dirMode() >= 0 ? (s.dirMode() & 0666) : 0600;
        final int dirMode = s.dirMode() >= 0 ? s.dirMode() : s.ctlMode() >= 0 ? derivedDirMode(s.ctlMode()) : 02700;
        final Path given = s.directory().toAbsolutePath();
        boolean created = false;
        if (!Files.isDirectory(given)) {
            final int r = NativePaths.mkdir(given.toString(), 0777);
            if (r < 0 && Native.errno() != Native.EEXIST) {
                throw new SwitchStartException("Cannot create ctl directory '" + given + "': "
                    + Native.strerror(Native.errno()), false);
            }
            created = r == 0;
        }
        final Path dir;
        try {
            dir = given.toRealPath();
        } catch (IOException e) {
            throw new SwitchStartException("Cannot resolve ctl directory '" + given + "': " + e.getMessage(), false);
        }
        // Data socket names are <dir>/NNN.ID and must fit in sun_path (108 bytes) with room to spare.
        if (dir.toString().getBytes(StandardCharsets.UTF_8).length > 90) {
            throw new SwitchStartException("ctl directory path too long: '" + dir + "' ("
                + dir.toString().length() + " bytes, expected: <= 90 so socket names fit in 108)", false);
        }
        if (gid >= 0) {
            NativePaths.chown(dir.toString(), -1, gid);
        }
        NativePaths.chmod(dir.toString(), dirMode);
        final String ctl = dir.resolve("ctl").toString();
        int fd = UnixSockets.listen(ctl, LISTEN_BACKLOG);
        if (fd == -Native.EADDRINUSE) {
            if (UnixSockets.isListening(ctl)) {
                throw new SwitchStartException("Could not bind to socket '" + ctl + "': "
                    + Native.strerror(Native.EADDRINUSE), true);
            }
            NativePaths.unlink(ctl); // stale: nobody answers, take it over
            fd = UnixSockets.listen(ctl, LISTEN_BACKLOG);
        }
        if (fd < 0) {
            throw new SwitchStartException("Could not bind to socket '" + ctl + "': " + Native.strerror(-fd), false);
        }
        NativePaths.chmod(ctl, ctlMode);
        if (gid >= 0) {
            NativePaths.chown(ctl, -1, gid);
        }
        return new ControlAcceptor(dir, created, fd, ctlMode, gid,
            s.port0Mode() >= 0 ? s.port0Mode() : 0600, port0Gid, s.maxPorts());
    }

    /** vde_switch: -m M without --dirmode gives 02000 plus x for every class that has r or w in M. */
    static int derivedDirMode(final int mode) {
        int d = 02000 | (mode & 0777);
        for (int shift = 0; shift <= 6; shift += 3) {
            if (((mode >> shift) & 06) != 0) {
                d |= 1 << shift;
            }
        }
        return d;
    }

    private static int resolveGroup(final String group) throws SwitchStartException {
        if (group == null) {
            return -1;
        }
        final int gid = Native.groupId(group);
        if (gid < 0) {
            throw new SwitchStartException("No such group '" + group + "'", false);
        }
        return gid;
    }

    Path directory() {
        return directory;
    }

    int socketMode() {
        return socketMode;
    }

    void attach(final SwitchAgent a) {
        this.agent = a;
        this.registry = a.registry;
    }

    /**
     * Starts accepting connections on {@code ctl} (idempotent). Until then clients wait in the listen backlog, so
     * a start-up script can configure ports before any client attaches, as in vde_switch, whose rc file runs
     * before its event loop (docs/protocol.md §5.8).
     */
    void acceptClients() {
        if (!accepting) {
            accepting = true;
            // classes, not lambdas, on the start path: docs/architecture.md §7
            listenKey = agent.loop.register(listenFd, Native.EPOLLIN, new EventLoop.Handler() {
                @Override
                public void onReady(final int events) {
                    onAcceptable();
                }
            });
        }
    }

    boolean hasPendingHandshakes() {
        return !pending.isEmpty();
    }

    void onAcceptable() {
        while (true) {
            final int fd = libc.accept4(listenFd, 0, 0, Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC);
            if (fd < 0) {
                return; // EAGAIN, or a transient error such as EMFILE: try again on the next wake-up
            }
            final PendingHandshake h = new PendingHandshake(this, fd, agent.loop.nowNanos + HANDSHAKE_TIMEOUT_NANOS);
            pending.add(h);
            h.key = agent.loop.register(fd, Native.EPOLLIN | Native.EPOLLRDHUP, h);
        }
    }

    private void onHandshakeReadable(final PendingHandshake h) {
        if (!pending.contains(h)) {
            return;
        }
        final int fd = h.fd;
        while (true) {
            final int room = ControlRequest.MAX_LENGTH + 1 - h.received;
            if (room <= 0) {
                refuse(h, ControlRequest.Check.TOO_LONG.label());
                return;
            }
            final long n = libc.read(fd, h.buf.address() + h.received, room);
            if (n > 0) {
                h.received += (int) n;
                continue;
            }
            if (n == 0) {
                refuse(h, h.received == 0 ? "client closed the control stream before sending a request"
                    : "client closed the control stream after " + h.received + " bytes of its request");
                return;
            }
            final int err = Native.errno();
            if (err == Native.EINTR) {
                continue;
            }
            if (err != Native.EAGAIN) {
                refuse(h, "read: " + Native.strerror(err));
                return;
            }
            break;
        }
        final ControlRequest.Check check = ControlRequest.check(h.buf.buffer(), 0, h.received);
        if (check == ControlRequest.Check.INCOMPLETE) {
            return; // wait for the rest (vde_switch mis-parsed requests written in pieces)
        }
        if (check != ControlRequest.Check.OK) {
            refuse(h, describe(check, h));
            return;
        }
        complete(h);
    }

    private static String describe(final ControlRequest.Check check, final PendingHandshake h) {
        switch (check) {
            case BAD_MAGIC:
                return check.label() + ": 0x" + Integer.toHexString(ControlRequest.magic(h.buf.buffer(), 0));
            case BAD_VERSION:
                return check.label() + ": version " + ControlRequest.version(h.buf.buffer(), 0);
            case BAD_KIND:
                return check.label() + ": " + ControlRequest.kind(h.buf.buffer(), 0);
            default:
                return check.label();
        }
    }

    void expireHandshakes(final long now) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            final PendingHandshake h = pending.get(i);
            if (now - h.deadline >= 0) {
                refuse(h, "no complete request within " + HANDSHAKE_TIMEOUT_NANOS / 1_000_000_000L + " s");
            }
        }
    }

    private void finish(final PendingHandshake h) {
        pending.remove(h);
        agent.loop.unregister(h.fd, h.key);
        h.buf.free();
    }

    private void refuse(final PendingHandshake h, final String why) {
        finish(h);
        libc.close(h.fd);
        agent.log.log("ctl: refused a client: " + why);
    }

    private void complete(final PendingHandshake h) {
        final java.nio.ByteBuffer req = h.buf.buffer();
        final int kind = ControlRequest.kind(req, 0);
        final int requested = ControlRequest.port(req, 0);
        final String clientPath = ControlRequest.clientPath(req, 0);
        final String description = ControlRequest.description(req, 0, h.received);
        final String who = description.isEmpty() ? clientPath : description;
        int user = -1;
        if (!clientPath.isEmpty()) {
            if (NativePaths.access(clientPath, Native.R_OK | Native.W_OK) < 0) {
                refuse(h, who + ": client socket '" + clientPath + "': " + Native.strerror(Native.errno()));
                return;
            }
            try {
                user = (Integer) Files.getAttribute(Path.of(clientPath), "unix:uid");
            } catch (IOException | RuntimeException e) {
                refuse(h, who + ": client socket '" + clientPath + "': " + e.getMessage());
                return;
            }
        }
        final int port;
        if (kind == ControlRequest.KIND_NEW_PORT0 || requested < 0) {
            port = 0;
        } else if (requested > 0) {
            if (requested >= maxPorts) {
                refuse(h, who + ": port " + requested + " out of range (expected: 1.." + (maxPorts - 1) + ")");
                return;
            }
            registry.growPorts(Math.min(maxPorts, Math.max(requested + 1, registry.portCount)));
            port = requested;
        } else {
            port = registry.autoPort();
            if (port < 0) {
                refuse(h, who + ": no free port (all " + (maxPorts - 1) + " ports in use)");
                return;
            }
        }
        final Port p = registry.ports[port];
        if (p.active() && p.currentUser() != user) {
            refuse(h, who + ": port " + port + " is in use by uid " + p.currentUser() + ", not uid " + user);
            return;
        }
        if (!aclAllows(p, user)) {
            refuse(h, who + ": port " + port + " access denied for uid " + user);
            return;
        }
        final int fd = UnixSockets.socket(Native.SOCK_DGRAM | Native.SOCK_NONBLOCK);
        if (fd < 0) {
            refuse(h, who + ": socket: " + Native.strerror(-fd));
            return;
        }
        int r = UnixSockets.connect(fd, clientPath);
        if (r < 0) {
            libc.close(fd);
            refuse(h, who + ": connecting to client data socket '" + clientPath + "': " + Native.strerror(-r));
            return;
        }
        final int id = registry.nextEndpointId();
        final String dataPath = directory.resolve(dataSocketName(port, id)).toString();
        NativePaths.unlink(dataPath);
        r = UnixSockets.bind(fd, dataPath);
        if (r < 0) {
            libc.close(fd);
            refuse(h, who + ": bind '" + dataPath + "': " + Native.strerror(-r));
            return;
        }
        applySocketPermissions(dataPath, port, user);
        if (UnixSockets.setIntOption(fd, Native.SOL_SOCKET, SO_SNDBUFFORCE, DATA_SNDBUF) < 0) {
            UnixSockets.setIntOption(fd, Native.SOL_SOCKET, Native.SO_SNDBUF, DATA_SNDBUF);
        }
        final int replyLen = ControlReply.encode(scratch.buffer(), 0, dataPath);
        final long w = libc.send(h.fd, scratch.address(), replyLen, MSG_NOSIGNAL | Native.MSG_DONTWAIT);
        if (w != replyLen) {
            libc.close(fd);
            NativePaths.unlink(dataPath);
            refuse(h, who + ": writing the reply: " + (w < 0 ? Native.strerror(Native.errno()) : "short write"));
            return;
        }
        finish(h);
        final VdeDatagramTransport t = new VdeDatagramTransport(fd, h.fd, dataPath, description, this);
        registry.attach(registry.newAttachment(id, port, t, user, SwitchAgent.QUEUE_CAPACITY));
        agent.log.log("port " + port + ": endpoint " + id + " attached: " + who);
    }

    private boolean aclAllows(final Port p, final int user) {
        if (p.aclUser() == Port.ANY && p.aclGroup() == Port.ANY) {
            return true;
        }
        if (user == 0 || (p.aclUser() != Port.ANY && p.aclUser() == user)) {
            return true;
        }
        return p.aclGroup() != Port.ANY && Native.isGroupMember(user, p.aclGroup());
    }

    /**
     * vde_switch: as root with a known client user the data socket is chmod(mode &amp; 0700) and chown'd to the
     * client; otherwise chmod(mode) and only the group changes. Port 0 uses the management mode and group.
     */
    private void applySocketPermissions(final String path, final int port, final int user) {
        final int mode = port == 0 ? port0Mode : socketMode;
        final int gid = port == 0 ? port0GroupId : groupId;
        if (root && user >= 0) {
            NativePaths.chmod(path, mode & 0700);
            NativePaths.chown(path, user, gid);
        } else {
            NativePaths.chmod(path, mode);
            if (gid >= 0) {
                NativePaths.chown(path, -1, gid);
            }
        }
    }

    /** Why a post-handshake control stream became readable: EOF, an error, or stray bytes. */
    String describeCtlEvent(final int ctlFd) {
        final long n = libc.recv(ctlFd, scratch.address(), 1, Native.MSG_DONTWAIT);
        if (n == 0) {
            return "client closed its control stream";
        }
        if (n > 0) {
            return "unexpected data on the control stream after the handshake";
        }
        return "control stream: " + Native.strerror(Native.errno());
    }

    /** Closes pending handshakes and {@code ctl}; removes {@code ctl} and the directory if we created it. */
    void close() {
        for (final PendingHandshake h : new ArrayList<>(pending)) {
            finish(h);
            libc.close(h.fd);
        }
        if (listenKey >= 0) {
            agent.loop.unregister(listenFd, listenKey);
        }
        libc.close(listenFd);
        NativePaths.unlink(ctlPath);
        if (createdDirectory) {
            if (NativePaths.rmdir(directory.toString()) < 0 && agent != null) {
                agent.log.log("Could not remove ctl dir '" + directory + "': " + Native.strerror(Native.errno()));
            }
        }
        scratch.free();
    }

    /**
     * vde_switch's data socket name, {@code PPP.ID} (port zero-padded to three digits). Not {@code String.format}:
     * the first call loads the formatter and the locale data, ~10 ms of the first handshake (BENCHMARKS.md, start-up).
     */
    static String dataSocketName(final int port, final int id) {
        final String p = Integer.toString(port);
        return "000".substring(Math.min(3, p.length())) + p + "." + id;
    }
}
