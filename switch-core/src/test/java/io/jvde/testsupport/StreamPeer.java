package io.jvde.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A client of a stream transport speaking its framing (4-byte big-endian length, then the frame), as QEMU's
 * {@code -netdev stream} does: the test's own peer for jvde's {@code --stream} listener. Every wait is bounded.
 */
public final class StreamPeer implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 20);

    private StreamPeer(final SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        in.flip();
    }

    /** Connects to a unix stream socket. */
    public static StreamPeer connect(final Path path) throws IOException {
        return open(StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(path));
    }

    /** Connects to a TCP stream socket. */
    public static StreamPeer connect(final String host, final int port) throws IOException {
        return open(StandardProtocolFamily.INET, new InetSocketAddress(host, port));
    }

    private static StreamPeer open(final StandardProtocolFamily family, final SocketAddress a) throws IOException {
        final SocketChannel c = SocketChannel.open(family);
        c.connect(a);
        return new StreamPeer(c);
    }

    /** The framing of {@code frames}: each one preceded by its length. */
    public static byte[] framed(final List<byte[]> frames) {
        final ByteBuffer b = ByteBuffer.allocate(frames.stream().mapToInt(f -> f.length + 4).sum());
        for (final byte[] f : frames) {
            b.putInt(f.length).put(f);
        }
        return b.array();
    }

    /** Sends one frame with its length header. */
    public void send(final byte[] frame) throws IOException {
        sendRaw(framed(List.of(frame)));
    }

    /** Writes {@code bytes} as they are (several frames in one write, bad framing); blocks up to 10 s. */
    public void sendRaw(final byte[] bytes) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("peer did not take " + b.remaining() + " more bytes within 10 s");
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    /** The next frame, or null when none arrived within {@code timeoutMillis} (or the stream ended). */
    public byte[] receive(final int timeoutMillis) throws IOException {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            if (in.remaining() >= 4) {
                final int len = in.getInt(in.position());
                if (in.remaining() >= 4 + len) {
                    in.getInt();
                    final byte[] f = new byte[len];
                    in.get(f);
                    return f;
                }
            }
            final long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || fill(left) < 0) {
                return null;
            }
        }
    }

    /** Reads once within {@code millis}; -1 at EOF. */
    private int fill(final long millis) throws IOException {
        selector.select(Math.max(1, millis));
        selector.selectedKeys().clear();
        in.compact();
        try {
            return channel.read(in);
        } finally {
            in.flip();
        }
    }

    /** Whether the switch closed the connection within {@code timeoutMillis} (bytes before EOF are discarded). */
    public boolean awaitClosed(final int timeoutMillis) throws IOException {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            in.clear().flip();
            try {
                if (fill((deadline - System.nanoTime()) / 1_000_000L) < 0) {
                    return true;
                }
            } catch (IOException e) {
                return true; // reset by peer
            }
        }
        return false;
    }

    /** Bytes of the next frame compared with {@code expected}, for assertion messages. */
    public static String describe(final byte[] f) {
        return f == null ? "nothing" : f.length + " bytes " + Arrays.toString(Arrays.copyOf(f, Math.min(16, f.length)));
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // closing: nothing to do
        }
    }
}
