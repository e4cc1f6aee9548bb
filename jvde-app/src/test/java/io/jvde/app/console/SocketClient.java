package io.jvde.app.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A raw test client for a unix stream console: exact bytes in, exact bytes out, bounded waits. */
final class SocketClient implements AutoCloseable {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean eof;

    SocketClient(final Path path) throws IOException {
        channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    void send(final String text) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Everything received until the text ends with {@code suffix} (or 5 s / EOF pass); the buffer is then reset. */
    String readUntil(final String suffix) throws IOException {
        final long deadline = System.nanoTime() + WAIT_NANOS;
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (!text().endsWith(suffix) && !eof && System.nanoTime() < deadline) {
            selector.select(50);
            selector.selectedKeys().clear();
            final int n = channel.read(buffer.clear());
            if (n < 0) {
                eof = true;
            } else {
                received.write(buffer.array(), 0, n);
            }
        }
        final String text = text();
        received.reset();
        return text;
    }

    /** True once the server closed the connection (waits up to 5 s). */
    boolean awaitEof() throws IOException {
        readUntil("\u0000never");
        return eof;
    }

    private String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
