package io.jvde.bench.e2e;

import io.jvde.vde.client.VdeClient;
import io.jvde.vde.client.VdeHandshakeException;
import io.jvde.vde.sys.EpollSet;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UnixSockets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints the generator drives: {@code n} datagram sockets with a MAC address each. Port {@code 2i} sends,
 * port {@code 2i + 1} receives its unicast frames. Either VDE clients attached to a switch, or a direct wire:
 * {@code n / 2} pairs of unix datagram sockets connected to each other, with nothing in between (the transport's
 * ceiling).
 */
final class Ports implements AutoCloseable {
    private static final int SO_SNDTIMEO = 21;
    /** A blocked send gives up after this long, so a switch that stops reading cannot hang the generator. */
    private static final long SEND_TIMEOUT_MICROS = 100_000;

    final int[] fds;
    final long[] macs;
    private final List<VdeClient> clients = new ArrayList<>();
    private final List<String> wirePaths = new ArrayList<>();

    private Ports(final int n) {
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("ports: " + n + " (expected: an even number >= 2)");
        }
        fds = new int[n];
        macs = new long[n];
        for (int i = 0; i < n; i++) {
            macs[i] = 0x0200_0000_0000L | (i + 1);
        }
    }

    int count() {
        return fds.length;
    }

    /** {@code n} VDE clients attached to the switch in {@code dir}; each announces its MAC with a broadcast. */
    static Ports attach(final Path dir, final int n) throws VdeHandshakeException {
        final Ports p = new Ports(n);
        try {
            for (int i = 0; i < n; i++) {
                final VdeClient c = VdeClient.connect(dir, "jvde-bench port " + i);
                p.clients.add(c);
                p.fds[i] = c.dataFd();
            }
            p.prepare();
        } catch (VdeHandshakeException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** As {@link #attach}, the sending (even) ports on the switch in {@code send}, the receiving ones on {@code receive}. */
    static Ports attachSplit(final Path send, final Path receive, final int n) throws VdeHandshakeException {
        final Ports p = new Ports(n);
        try {
            for (int i = 0; i < n; i++) {
                final VdeClient c = VdeClient.connect(i % 2 == 0 ? send : receive, "jvde-bench port " + i);
                p.clients.add(c);
                p.fds[i] = c.dataFd();
            }
            p.prepare();
        } catch (VdeHandshakeException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** {@code n / 2} connected pairs of unix datagram sockets bound in {@code tmp}. */
    static Ports wire(final Path tmp, final int n) throws IOException {
        final Ports p = new Ports(n);
        try {
            for (int i = 0; i < n; i++) {
                final int fd = UnixSockets.socket(Native.SOCK_DGRAM);
                if (fd < 0) {
                    throw new IOException("socket: " + Native.strerror(-fd));
                }
                p.fds[i] = fd;
                final String path = tmp.resolve("wire-" + ProcessHandle.current().pid() + "-" + i).toString();
                NativePaths.unlink(path);
                check(UnixSockets.bind(fd, path), "bind " + path);
                p.wirePaths.add(path);
            }
            for (int i = 0; i < n; i++) {
                check(UnixSockets.connect(p.fds[i], p.wirePaths.get(i ^ 1)), "connect " + p.wirePaths.get(i ^ 1));
            }
            p.prepare();
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private static void check(final int r, final String what) throws IOException {
        if (r < 0) {
            throw new IOException(what + ": " + Native.strerror(-r));
        }
    }

    /** Send timeouts, then one broadcast per port so a switch learns every MAC, then drain what comes back. */
    private void prepare() {
        final NativeMemory tv = NativeMemory.allocate(16);
        tv.putLongLE(0, SEND_TIMEOUT_MICROS / 1_000_000);
        tv.putLongLE(8, SEND_TIMEOUT_MICROS % 1_000_000);
        for (final int fd : fds) {
            Native.libc().setsockopt(fd, Native.SOL_SOCKET, SO_SNDTIMEO, tv.address(), 16);
        }
        tv.free();
        for (int i = 0; i < fds.length; i++) {
            final byte[] f = new byte[60];
            Generator.writeHeader(java.nio.ByteBuffer.wrap(f), 0, Generator.BROADCAST, macs[i]);
            java.nio.ByteBuffer.wrap(f).putLong(Generator.SEQ_OFFSET, -1);
            UnixSockets.send(fds[i], f, 0, f.length, 0);
        }
        drain(30);
    }

    /** Reads and discards everything until no frame has arrived for {@code quietMillis}. */
    void drain(final int quietMillis) {
        final EpollSet epoll = new EpollSet(fds.length);
        final NativeMemory buf = NativeMemory.allocate(9300);
        try {
            for (int i = 0; i < fds.length; i++) {
                epoll.add(fds[i], Native.EPOLLIN, i);
            }
            final long limit = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < limit) {
                final int n = epoll.await(quietMillis);
                if (n == 0) {
                    return;
                }
                for (int k = 0; k < n; k++) {
                    final int fd = fds[(int) epoll.token(k)];
                    while (Native.libc().recv(fd, buf.address(), 9300, Native.MSG_DONTWAIT) >= 0) {
                        // discard
                    }
                }
            }
        } finally {
            epoll.close();
            buf.free();
        }
    }

    @Override
    public void close() {
        for (final VdeClient c : clients) {
            c.close();
        }
        if (clients.isEmpty()) {
            for (final int fd : fds) {
                if (fd > 0) {
                    Native.libc().close(fd);
                }
            }
        }
        for (final String path : wirePaths) {
            NativePaths.unlink(path);
        }
    }
}
