package io.jvde.app.console;

import io.jvde.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The management console under abuse: a 100 MB line, 10,000 connections at once, a client that never reads its
 * replies. Memory stays bounded and the other sessions keep being answered.
 */
class MgmtServerFaultTest {
    @TempDir
    Path tmp;

    private MgmtServer server;
    private ConsoleFixture fx;

    private void open(final long writeTimeoutMillis) throws IOException {
        final Path path = tmp.resolve("sw.mgmt");
        fx = new ConsoleFixture(path);
        server = MgmtServer.open(path, 0600, null, fx.console, fx.log::add, writeTimeoutMillis);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private void assertAnswers(final SocketClient c) throws IOException {
        c.send("ds/showinfo\n");
        assertEquals(fx.run("ds/showinfo") + "\nvde$ ", c.readUntil("vde$ "), "another session is answered");
    }

    private List<String> logLines(final String prefix) {
        synchronized (fx.log) {
            return fx.log.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void shouldKeepMemoryBoundedAndOthersAnsweredWhileOneSessionSendsA100MegabyteLine() throws Exception {
        open(MgmtServer.DEFAULT_WRITE_TIMEOUT_MILLIS);
        try (SocketClient other = new SocketClient(server.path());
             SocketChannel flood = SocketChannel.open(UnixDomainSocketAddress.of(server.path()))) {
            other.readUntil("vde$ ");
            final long baseline = usedAfterGc();
            final AtomicLong sent = new AtomicLong();
            final Thread writer = new Thread(() -> {
                final ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                try {
                    for (int i = 0; i < 100; i++) { // 100 MiB, no newline
                        java.util.Arrays.fill(chunk.clear().array(), (byte) 'x');
                        while (chunk.hasRemaining()) {
                            flood.write(chunk);
                        }
                        sent.addAndGet(1 << 20);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "flood");
            writer.start();
            Poll.until("half of the line sent", Duration.ofSeconds(60), () -> sent.get() >= 50L << 20);
            final long during = usedAfterGc() - baseline;
            assertTrue(during < 16L << 20, "heap grew by " + during + " bytes with 50 MiB of one line received");
            assertAnswers(other);
            writer.join(60_000);
            assertEquals(100L << 20, sent.get(), "the whole line was read by the server");
            flood.write(ByteBuffer.wrap("\nds/showinfo\n".getBytes(StandardCharsets.US_ASCII)));
            final String answer = readFrom(flood, fx.run("ds/showinfo") + "\nvde$ ");
            assertTrue(answer.contains("line too long") || answer.contains("1"), "the long line was refused: "
                + answer.substring(0, Math.min(200, answer.length())));
            assertTrue(answer.endsWith(fx.run("ds/showinfo") + "\nvde$ "), "the same session goes on");
        }
    }

    /** What arrives on {@code c} (blocking) until it ends with {@code suffix}; bounded by the test's timeout. */
    private static String readFrom(final SocketChannel c, final String suffix) throws IOException {
        final StringBuilder sb = new StringBuilder();
        final ByteBuffer b = ByteBuffer.allocate(65536);
        while (!sb.toString().endsWith(suffix)) {
            b.clear();
            if (c.read(b) < 0) {
                break;
            }
            sb.append(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void shouldRefuseConnectionsBeyondTheLimitAndKeepAnsweringWithTenThousandAtOnce() throws Exception {
        open(MgmtServer.DEFAULT_WRITE_TIMEOUT_MILLIS);
        final List<SocketChannel> crowd = new ArrayList<>();
        try (SocketClient first = new SocketClient(server.path())) {
            first.readUntil("vde$ ");
            final int threadsBefore = Thread.activeCount();
            try {
                for (int i = 0; i < 10_000; i++) {
                    crowd.add(SocketChannel.open(UnixDomainSocketAddress.of(server.path())));
                }
                assertAnswers(first);
                assertTrue(Thread.activeCount() <= threadsBefore + MgmtServer.MAX_SESSIONS,
                    "threads: " + Thread.activeCount() + " (before " + threadsBefore + ")");
                final List<String> refusals = logLines("mgmt: refused");
                assertTrue(!refusals.isEmpty() && refusals.size() <= 10, "refusals logged once per interval: "
                    + refusals.size() + " lines");
            } finally {
                for (final SocketChannel c : crowd) {
                    c.close();
                }
            }
            // the crowd's sessions end with their connections: a newcomer gets a session again
            Poll.until("a new session after the crowd left", Duration.ofSeconds(30), () -> {
                try (SocketClient late = new SocketClient(server.path())) {
                    return late.readUntil("vde$ ").endsWith("vde$ ");
                }
            });
            assertAnswers(first);
        }
    }

    @Test
    void shouldEndTheSessionOfAClientThatNeverReadsItsRepliesAndAnswerTheOthers() throws Exception {
        open(500);
        try (SocketClient other = new SocketClient(server.path());
             SocketChannel deaf = SocketChannel.open(UnixDomainSocketAddress.of(server.path()))) {
            other.readUntil("vde$ ");
            deaf.configureBlocking(false);
            final ByteBuffer commands = ByteBuffer.wrap("ds/showinfo\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII));
            // send commands and never read: the server's replies fill the socket, its write waits, then gives up
            Poll.until("the session of the client that reads nothing ended", Duration.ofSeconds(60), () -> {
                if (!logLines("mgmt: ended a session").isEmpty()) {
                    return true;
                }
                for (int i = 0; i < 64; i++) { // keep commands coming until the server stops reading them
                    if (!commands.hasRemaining()) {
                        commands.rewind();
                    }
                    if (deaf.write(commands) == 0) {
                        break;
                    }
                }
                return !logLines("mgmt: ended a session").isEmpty();
            });
            assertAnswers(other);
            assertEquals(1, logLines("mgmt: ended a session").size());
        }
    }
}
