package io.jvde.app.observe;

import io.jvde.sw.engine.SwitchLog;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * A unix stream socket that hands each connection to {@code handler} on its own thread. The socket file is made
 * owner-only (0600: what it serves shows the lab's traffic and state) and removed on {@link #close}. A stale socket
 * file nobody answers on is replaced; a live one is refused.
 */
final class UnixListener implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final SwitchLog log;
    private volatile boolean closed;

    private UnixListener(final Path path, final ServerSocketChannel server, final String name,
                         final Consumer<SocketChannel> handler, final SwitchLog log) {
        this.path = path;
        this.server = server;
        this.log = log;
        this.acceptor = new Thread(new Acceptor(this, name, handler), name);
        acceptor.setDaemon(true);
    }

    static UnixListener open(final Path path, final String name, final Consumer<SocketChannel> handler,
                             final SwitchLog log) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            boolean live;
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                live = true;
            } catch (IOException e) {
                live = false;
            }
            if (live) {
                throw new IOException(path + ": Address already in use (another switch answers on it)");
            }
            Files.delete(path);
        }
        final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        final UnixListener l = new UnixListener(path, server, name, handler, log);
        l.acceptor.start();
        return l;
    }

    Path path() {
        return path;
    }

    private void accept(final String name, final Consumer<SocketChannel> handler) {
        while (!closed) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.log(name + ": accept failed: " + e.getMessage());
                }
                return;
            }
            final Thread t = new Thread(() -> handler.accept(channel), name + "-client");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.log("could not remove " + path + ": " + e.getMessage());
        }
    }

    /** The acceptor thread's body; a class, not a lambda, on the start path (docs/architecture.md §7). */
    private static final class Acceptor implements Runnable {
        private final UnixListener listener;
        private final String name;
        private final Consumer<SocketChannel> handler;

        Acceptor(final UnixListener listener, final String name, final Consumer<SocketChannel> handler) {
            this.listener = listener;
            this.name = name;
            this.handler = handler;
        }

        @Override
        public void run() {
            listener.accept(name, handler);
        }
    }
}
