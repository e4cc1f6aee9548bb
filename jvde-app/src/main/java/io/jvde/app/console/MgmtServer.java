package io.jvde.app.console;

import io.jvde.sw.engine.SwitchLog;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code -M PATH} management socket (docs/protocol.md §5.7): a unix stream socket serving several sessions at
 * once, one thread each (sessions are few and commands rare). Each session gets the banner and the prompt, then
 * one answer plus prompt per line; {@code logout} and {@code shutdown} answer {@code 9999 END OF SESSION} and close.
 */
public final class MgmtServer implements AutoCloseable {
    /** Connections served at once; more are closed at accept (logged once per interval, with the count). */
    public static final int MAX_SESSIONS = 32;
    /** A session whose client reads no reply for this long is ended, so it cannot hold a session slot forever. */
    static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 10_000;
    private static final long REFUSAL_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final ServerSocketChannel server;
    private final Console console;
    private final SwitchLog log;
    private final Set<SocketChannel> sessions = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final long writeTimeoutMillis;
    private volatile boolean closed;
    private long refusedSinceLog;
    private long refusalLogAt;
    private boolean refusalLogged;

    private MgmtServer(final Path path, final ServerSocketChannel server, final Console console, final SwitchLog log,
                       final long writeTimeoutMillis) {
        this.path = path;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.server = server;
        this.console = console;
        this.log = log;
        this.acceptor = new Thread(this::acceptLoop, "jvde-mgmt");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code path}, applies {@code mode} (octal permission bits) and {@code group} (name or number, or null)
     * and starts accepting. A stale socket file left by a dead switch is replaced; a live one, or a file that is
     * not a socket, is an error (vde_switch would silently steal or delete it).
     */
    public static MgmtServer open(final Path path, final int mode, final String group, final Console console,
                                  final SwitchLog log) throws IOException {
        return open(path, mode, group, console, log, DEFAULT_WRITE_TIMEOUT_MILLIS);
    }

    /** As above, with the time a client may leave a reply unread before its session is ended (tests). */
    static MgmtServer open(final Path path, final int mode, final String group, final Console console,
                           final SwitchLog log, final long writeTimeoutMillis) throws IOException {
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(log, "log");
        final Path absolute = path.toAbsolutePath();
        removeStale(absolute);
        final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(absolute));
            Files.setPosixFilePermissions(absolute, permissions(mode));
            if (group != null) {
                final GroupPrincipal principal = absolute.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(group);
                Files.setAttribute(absolute, "posix:group", principal, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (final IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(absolute);
            throw e;
        }
        final MgmtServer mgmt = new MgmtServer(absolute, server, console, log, writeTimeoutMillis);
        mgmt.acceptor.start();
        return mgmt;
    }

    /** The absolute socket path (what showinfo prints). */
    public Path path() {
        return path;
    }

    /** Stops accepting, ends every session and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (final IOException e) {
            // Closing a listening socket cannot lose data.
        }
        for (final SocketChannel session : sessions) {
            closeQuietly(session);
        }
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            log.log("could not remove mgmt socket " + path + ": " + e.getMessage());
        }
    }

    private void acceptLoop() {
        while (!closed) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (final ClosedChannelException e) {
                return;
            } catch (final IOException e) {
                if (!closed) {
                    log.log("mgmt: accept failed: " + e.getMessage());
                }
                return;
            }
            if (sessions.size() >= MAX_SESSIONS) {
                closeQuietly(channel);
                refusedSinceLog++;
                final long now = System.nanoTime();
                if (!refusalLogged || now - refusalLogAt >= 0) {
                    refusalLogged = true;
                    log.log("mgmt: refused " + (refusedSinceLog == 1 ? "a connection" : refusedSinceLog
                        + " connections") + ": already " + MAX_SESSIONS + " sessions (the maximum; logged at most "
                        + "once per 10 s)");
                    refusedSinceLog = 0;
                    refusalLogAt = now + REFUSAL_LOG_INTERVAL_NANOS;
                }
                continue;
            }
            sessions.add(channel);
            final Thread thread = new Thread(() -> serve(channel), "jvde-mgmt-session");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(final SocketChannel channel) {
        final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.MGMT);
        // debug/add output arrives between answers, whole lines, written under the channel's lock
        session.asyncSender(() -> new LineSender("jvde-mgmt-debug", 1024, text -> write(channel, text), null, null));
        console.registry().debugBus().join(session);
        try {
            write(channel, Banner.TEXT + Console.PROMPT);
            final LineAssembler lines = new LineAssembler();
            final ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer.clear()) >= 0) {
                for (final LineAssembler.Line line : lines.feed(buffer.array(), 0, buffer.position())) {
                    if (!answer(channel, session, line)) {
                        return;
                    }
                }
            }
            // The client half-closed (e.g. `printf cmd | socat - UNIX-CONNECT:`): run what it sent last.
            final LineAssembler.Line last = lines.finish();
            if (last != null) {
                answer(channel, session, last);
            }
        } catch (final IOException e) {
            // The client went away; nothing to answer.
        } finally {
            // Request the shutdown before hanging up, so a client that saw the end of the session can rely on it.
            if (session.end() == ConsoleSession.End.SHUTDOWN) {
                console.shutdown();
            }
            console.registry().debugBus().leave(session);
            session.closeAsync();
            sessions.remove(channel);
            closeQuietly(channel);
        }
    }

    /** Answers one line; false when the session ended. */
    private boolean answer(final SocketChannel channel, final ConsoleSession session, final LineAssembler.Line line)
            throws IOException {
        final String answer = console.execute(line, session);
        if (session.end() != ConsoleSession.End.NONE) {
            write(channel, answer + Console.END_OF_SESSION);
            return false;
        }
        write(channel, answer + Console.PROMPT);
        return true;
    }

    /**
     * Writes the whole answer; a client that leaves it unread for the write timeout loses its session (an
     * {@link IOException} ends it), so the session's thread and slot are not held forever.
     */
    private void write(final SocketChannel channel, final String text) throws IOException {
        final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        synchronized (channel) { // debug/add events are written to the same channel from the event hub
            channel.configureBlocking(false);
            try {
                channel.write(bytes);
                if (!bytes.hasRemaining()) {
                    return;
                }
            } finally {
                if (!bytes.hasRemaining() && channel.isOpen()) {
                    channel.configureBlocking(true);
                }
            }
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_WRITE);
                final long deadline = System.nanoTime() + writeTimeoutMillis * 1_000_000L;
                while (bytes.hasRemaining()) {
                    final long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        log.log("mgmt: ended a session whose client read no reply for " + writeTimeoutMillis / 1000
                            + " s");
                        throw new IOException("client reads no replies");
                    }
                    selector.select(left);
                    selector.selectedKeys().clear();
                    channel.write(bytes);
                }
                channel.keyFor(selector).cancel();
                selector.selectNow(); // deregisters, so the channel may block again
            } finally {
                if (channel.isOpen()) {
                    channel.configureBlocking(true);
                }
            }
        }
    }

    private static void removeStale(final Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        final int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException("mgmt socket " + path + ": exists and is not a socket (expected: a free path)");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            live = true;
        } catch (final IOException e) {
            live = false;
        }
        if (live) {
            throw new IOException("mgmt socket " + path + ": Address already in use (another switch answers on it)");
        }
        Files.deleteIfExists(path);
    }

    private static Set<PosixFilePermission> permissions(final int mode) {
        final Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        final PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static void closeQuietly(final SocketChannel channel) {
        try {
            channel.close();
        } catch (final IOException e) {
            // Nothing left to flush on a console connection.
        }
    }
}
