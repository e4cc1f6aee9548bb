package io.jvde.vde.client;

import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UnixSockets;
import io.jvde.vde.wire.ControlReply;
import io.jvde.vde.wire.ControlRequest;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A VDE client that speaks the same handshake as libvdeplug (docs/protocol.md §2.2): a stream to {@code ctl}, its
 * own bound datagram socket, one v3 request, a 110-byte reply naming the switch's data socket. Frames then travel
 * one per datagram. Blocking and simple: for tests and tools, not for the switch's data path.
 */
public final class VdeClient implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final int ctlFd;
    private final int dataFd;
    private final String clientPath;
    private final String switchDataPath;
    private boolean closed;

    private VdeClient(final int ctlFd, final int dataFd, final String clientPath, final String switchDataPath) {
        this.ctlFd = ctlFd;
        this.dataFd = dataFd;
        this.clientPath = clientPath;
        this.switchDataPath = switchDataPath;
    }

    /** Attaches to any free port. */
    public static VdeClient connect(final Path switchDir, final String description) throws VdeHandshakeException {
        return builder(switchDir).description(description).connect();
    }

    public static Builder builder(final Path switchDir) {
        return new Builder(switchDir);
    }

    /** Path of the switch-side data socket the reply named. */
    public String switchDataPath() {
        return switchDataPath;
    }

    /** Port number encoded in the reply name ({@code NNN.x}), or -1 if the name has another form. */
    public int port() {
        final String name = Path.of(switchDataPath).getFileName().toString();
        final int dot = name.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? name : name.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public int dataFd() {
        return dataFd;
    }

    public int ctlFd() {
        return ctlFd;
    }

    /** Sends one frame (blocking, like libvdeplug); returns bytes sent or -errno. */
    public int send(final byte[] frame) {
        return send(frame, 0, frame.length);
    }

    public int send(final byte[] frame, final int offset, final int length) {
        return UnixSockets.send(dataFd, frame, offset, length, 0);
    }

    /** Receives one frame into {@code buf}; returns its length, or -1 when nothing arrived within the timeout. */
    public int receive(final byte[] buf, final int timeoutMillis) {
        if (!UnixSockets.awaitReadable(dataFd, timeoutMillis)) {
            return -1;
        }
        final int n = UnixSockets.recv(dataFd, buf, Native.MSG_DONTWAIT);
        return n < 0 ? -1 : n;
    }

    /** True when the switch closed {@code ctl} (or anything arrived on it) within the timeout. */
    public boolean awaitCtlClosed(final int timeoutMillis) {
        return UnixSockets.awaitReadable(ctlFd, timeoutMillis);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        UnixSockets.close(dataFd);
        UnixSockets.close(ctlFd);
        NativePaths.unlink(clientPath);
    }

    /** Options for unusual handshakes (explicit port, port 0, split writes) used by conformance tests. */
    public static final class Builder {
        private final Path switchDir;
        private String description = "jvde-client";
        private int kind = ControlRequest.KIND_NEW_CONTROL;
        private int port;
        private int replyTimeoutMillis = 5000;
        private int splitAt = -1;
        private int splitPauseMillis;
        private Path clientDir;

        private Builder(final Path switchDir) {
            this.switchDir = switchDir.toAbsolutePath();
        }

        public Builder description(final String v) { description = v; return this; }
        /** Requests exactly this port (0 = any). */
        public Builder port(final int v) { port = v; return this; }
        /** REQ_NEW_PORT0: the management port 0. */
        public Builder portZero() { kind = ControlRequest.KIND_NEW_PORT0; return this; }
        public Builder replyTimeoutMillis(final int v) { replyTimeoutMillis = v; return this; }
        /** Writes the request in two pieces, the first {@code at} bytes long, pausing between them. */
        public Builder splitRequest(final int at, final int pauseMillis) {
            splitAt = at;
            splitPauseMillis = pauseMillis;
            return this;
        }
        /** Binds the client socket in this directory instead of the switch directory. */
        public Builder clientDir(final Path v) { clientDir = v; return this; }

        public VdeClient connect() throws VdeHandshakeException {
            final String ctlPath = switchDir.resolve("ctl").toString();
            final Path dir = clientDir != null ? clientDir : switchDir;
            final String clientPath = dir.resolve(".jvde-" + ProcessHandle.current().pid() + "-"
                + SEQUENCE.getAndIncrement()).toString();
            final int ctl = UnixSockets.socket(Native.SOCK_STREAM);
            final int data = UnixSockets.socket(Native.SOCK_DGRAM);
            boolean ok = false;
            try {
                if (ctl < 0 || data < 0) {
                    throw new VdeHandshakeException("socket: " + Native.strerror(-Math.min(ctl, data)));
                }
                int r = UnixSockets.connect(ctl, ctlPath);
                if (r < 0) {
                    throw new VdeHandshakeException("connect " + ctlPath + ": " + Native.strerror(-r));
                }
                NativePaths.unlink(clientPath);
                r = UnixSockets.bind(data, clientPath);
                if (r < 0) {
                    throw new VdeHandshakeException("bind " + clientPath + ": " + Native.strerror(-r));
                }
                final byte[] request = request(clientPath);
                writeRequest(ctl, request);
                final String reply = readReply(ctl);
                r = UnixSockets.connect(data, reply);
                if (r < 0) {
                    throw new VdeHandshakeException("connect " + reply + ": " + Native.strerror(-r));
                }
                ok = true;
                return new VdeClient(ctl, data, clientPath, reply);
            } finally {
                if (!ok) {
                    UnixSockets.close(ctl);
                    UnixSockets.close(data);
                    NativePaths.unlink(clientPath);
                }
            }
        }

        private byte[] request(final String clientPath) {
            final NativeMemory m = NativeMemory.allocate(ControlRequest.MAX_LENGTH);
            try {
                final int len = ControlRequest.encode(m.buffer(), 0, kind, port, clientPath, description);
                final byte[] bytes = new byte[len];
                m.buffer().get(0, bytes);
                return bytes;
            } finally {
                m.free();
            }
        }

        private void writeRequest(final int ctl, final byte[] request) throws VdeHandshakeException {
            if (splitAt > 0 && splitAt < request.length) {
                sendAll(ctl, request, 0, splitAt);
                try {
                    Thread.sleep(splitPauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VdeHandshakeException("interrupted");
                }
                sendAll(ctl, request, splitAt, request.length - splitAt);
            } else {
                sendAll(ctl, request, 0, request.length);
            }
        }

        private static void sendAll(final int fd, final byte[] b, final int off, final int len)
            throws VdeHandshakeException {
            final int n = UnixSockets.send(fd, b, off, len, 0);
            if (n != len) {
                throw new VdeHandshakeException("write request: " + (n < 0 ? Native.strerror(-n) : "short write"));
            }
        }

        private String readReply(final int ctl) throws VdeHandshakeException {
            final byte[] reply = new byte[ControlReply.LENGTH];
            int got = 0;
            final long deadline = System.nanoTime() + replyTimeoutMillis * 1_000_000L;
            while (got < reply.length) {
                final long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || !UnixSockets.awaitReadable(ctl, (int) left)) {
                    throw new VdeHandshakeException("no reply from switch within " + replyTimeoutMillis + " ms");
                }
                final byte[] chunk = new byte[reply.length - got];
                final int n = UnixSockets.recv(ctl, chunk, 0);
                if (n <= 0) {
                    throw new VdeHandshakeException("switch closed the control stream without a reply");
                }
                System.arraycopy(chunk, 0, reply, got, n);
                got += n;
            }
            final NativeMemory m = NativeMemory.allocate(reply.length);
            try {
                m.buffer().put(0, reply);
                return ControlReply.dataSocketPath(m.buffer(), 0);
            } finally {
                m.free();
            }
        }
    }
}
