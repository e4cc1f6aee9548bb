package io.jvde.sw.engine;

import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;

/**
 * A libvdeplug client: a connected datagram socket (one frame per datagram, recvmmsg/sendmmsg) plus the control
 * stream of its handshake, which stays silent afterwards: any byte or EOF on it ends the endpoint completely
 * (vde_switch left a zombie endpoint here, docs/protocol.md §2.8).
 */
final class VdeDatagramTransport implements Transport {
    private final LibC libc = Native.libc();
    private final int dataFd;
    private final int ctlFd;
    private final String dataPath;
    private final String description;
    private final ControlAcceptor control;
    private int ctlKey = -1;

    VdeDatagramTransport(final int dataFd, final int ctlFd, final String dataPath, final String description,
                         final ControlAcceptor control) {
        this.dataFd = dataFd;
        this.ctlFd = ctlFd;
        this.dataPath = dataPath;
        this.description = description;
        this.control = control;
    }

    @Override
    public String module() {
        return "unix prog";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int fd() {
        return dataFd;
    }

    @Override
    public void attached(final Attachment self, final EventLoop loop) {
        ctlKey = loop.register(ctlFd, Native.EPOLLIN | Native.EPOLLRDHUP, new CtlWatch(this, self));
    }

    /**
     * The client's control stream: anything on it (EOF, a hang-up, bytes) ends the endpoint. A class, not a lambda,
     * on the start path (docs/architecture.md §7).
     */
    private static final class CtlWatch implements EventLoop.Handler {
        private final VdeDatagramTransport transport;
        private final Attachment self;

        CtlWatch(final VdeDatagramTransport transport, final Attachment self) {
            this.transport = transport;
            this.self = self;
        }

        @Override
        public void onReady(final int events) {
            if (!self.dead) {
                self.kill(transport.control.describeCtlEvent(transport.ctlFd));
            }
        }
    }

    @Override
    public int receive(final RxBatch rx, final Attachment self) {
        final MmsgVector v = rx.vector;
        for (int i = 0; i < RxBatch.SLOTS; i++) {
            v.clearFlags(i);
        }
        final int n = libc.recvmmsg(dataFd, v.address(0), RxBatch.SLOTS, Native.MSG_DONTWAIT, 0);
        if (n < 0) {
            final int err = Native.errno();
            if (err != Native.EAGAIN && err != Native.EINTR) {
                self.kill("receive: " + Native.strerror(err));
            }
            return 0;
        }
        for (int i = 0; i < n; i++) {
            if ((v.flags(i) & Native.MSG_TRUNC) != 0) {
                rx.truncated(i, v.length(i));
            } else {
                rx.length(i, v.length(i));
            }
        }
        return n;
    }

    @Override
    public int send(final MmsgVector v, final int n, final Attachment self) {
        int sent = 0;
        while (sent < n) {
            final int r = libc.sendmmsg(dataFd, v.address(sent), n - sent, Native.MSG_DONTWAIT);
            if (r > 0) {
                sent += r;
                continue;
            }
            final int err = Native.errno();
            if (err != Native.EAGAIN && err != Native.EINTR && err != Native.ENOBUFS) {
                self.kill("send: " + Native.strerror(err));
            }
            break;
        }
        return sent;
    }

    @Override
    public void close(final EventLoop loop) {
        libc.close(dataFd);
        if (ctlKey >= 0) {
            loop.unregister(ctlFd, ctlKey);
        }
        libc.close(ctlFd);
        NativePaths.unlink(dataPath);
    }
}
