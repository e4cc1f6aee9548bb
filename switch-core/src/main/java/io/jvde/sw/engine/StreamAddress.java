package io.jvde.sw.engine;

import io.jvde.vde.sys.InetSockets;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.UnixSockets;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where a stream socket listens or connects: a unix socket path ({@code PATH}, {@code unix:PATH} or
 * {@code stream:PATH}) or a TCP address ({@code tcp:PORT} on the loopback address, {@code tcp:HOST:PORT},
 * {@code tcp:[V6ADDR]:PORT}).
 */
public final class StreamAddress {
    private final String path;
    private final InetSocketAddress tcp;

    private StreamAddress(final String path, final InetSocketAddress tcp) {
        this.path = path;
        this.tcp = tcp;
    }

    /** @throws IllegalArgumentException naming the value and what was expected */
    public static StreamAddress parse(final String spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.startsWith("tcp:")) {
            return new StreamAddress(null, parseTcp(spec, spec.substring(4)));
        }
        final String p = spec.startsWith("unix:") ? spec.substring(5)
            : spec.startsWith("stream:") ? spec.substring(7) : spec;
        if (p.isEmpty()) {
            throw new IllegalArgumentException(spec + " (expected: PATH, unix:PATH, stream:PATH or tcp:[HOST:]PORT)");
        }
        if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            throw new IllegalArgumentException(spec + " (expected: a socket path of at most 107 bytes)");
        }
        return new StreamAddress(p, null);
    }

    private static InetSocketAddress parseTcp(final String spec, final String rest) {
        final int colon = rest.lastIndexOf(':');
        String host = colon < 0 ? null : rest.substring(0, colon);
        final String portText = colon < 0 ? rest : rest.substring(colon + 1);
        final int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(spec + " (expected: tcp:[HOST:]PORT with PORT 1..65535)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(spec + " (expected: tcp:[HOST:]PORT with PORT 1..65535)");
        }
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            final InetAddress a = host == null || host.isEmpty() ? InetAddress.getLoopbackAddress()
                : InetAddress.getByName(host);
            return new InetSocketAddress(a, port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(spec + " (expected: a resolvable host: " + e.getMessage() + ")");
        }
    }

    public boolean isTcp() {
        return tcp != null;
    }

    /** The unix socket path, or null for TCP. */
    public String path() {
        return path;
    }

    /** A listening non-blocking socket; a stale unix socket file is taken over. Returns fd or -errno. */
    int listen(final int backlog) {
        if (tcp != null) {
            return InetSockets.listen(tcp, backlog);
        }
        int fd = UnixSockets.listen(path, backlog);
        if (fd == -Native.EADDRINUSE && !UnixSockets.isListening(path)) {
            NativePaths.unlink(path); // stale: nobody answers, take it over
            fd = UnixSockets.listen(path, backlog);
        }
        return fd;
    }

    /** A new non-blocking socket for {@link #connect}; fd or -errno. */
    int socket() {
        return tcp != null ? InetSockets.socket(tcp) : UnixSockets.socket(Native.SOCK_STREAM | Native.SOCK_NONBLOCK);
    }

    /** Starts connecting {@code fd}: 0 when connected, -EINPROGRESS (TCP) while under way, else -errno. */
    int connect(final int fd) {
        return tcp != null ? InetSockets.connect(fd, tcp) : UnixSockets.connect(fd, path);
    }

    /** {@code unix:PATH} or {@code tcp:HOST:PORT}, as port/print and the log show it. */
    @Override
    public String toString() {
        if (tcp == null) {
            return "unix:" + path;
        }
        final String host = tcp.getAddress().getHostAddress();
        return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + tcp.getPort();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof StreamAddress && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
