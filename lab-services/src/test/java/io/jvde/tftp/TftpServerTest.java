package io.jvde.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TFTP server driven packet by packet, with its file reads run inline; one RFC rule per test. */
class TftpServerTest {
    static final long NOW = 1_000_000L;

    @TempDir
    Path root;

    record Sent(int localPort, byte[] payload) {
        int opcode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        int block() {
            return ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
        }

        String text() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.US_ASCII);
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final ByteBuf outBuf = Unpooled.buffer(4096);
    final TftpOut out = new TftpOut() {
        @Override
        public ByteBuf buffer() {
            return outBuf;
        }

        @Override
        public int begin() {
            return 100;
        }

        @Override
        public void send(final TftpPeer to, final int localPort, final int length) {
            final byte[] p = new byte[length];
            outBuf.getBytes(100, p);
            sent.add(new Sent(localPort, p));
        }
    };
    final TftpPeer client = new TftpPeer().set(3, 0, 0x525400000001L, 0x0a000001, 40000, 0x0a0000fe);
    TftpServer server;
    final java.util.ArrayDeque<Runnable> io = new java.util.ArrayDeque<>();

    void pump() {
        for (int i = 0; i < 1000 && !io.isEmpty(); i++) {
            io.poll().run();
        }
    }

    TftpServer server() {
        // file reads queue up and run after each packet, as on the I/O threads (never inside the server's call)
        server = new TftpServer(TftpSettings.of(vid -> root, 1468), out, io::add, Runnable::run, 61000);
        return server;
    }

    static byte[] rrq(final String file, final String... options) {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(1);
        for (final String s : concat(file, "octet", options)) {
            b.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            b.write(0);
        }
        return b.toByteArray();
    }

    static List<String> concat(final String a, final String b, final String... rest) {
        final List<String> l = new ArrayList<>(List.of(a, b));
        l.addAll(List.of(rest));
        return l;
    }

    static byte[] ack(final int block) {
        return new byte[] {0, 4, (byte) (block >>> 8), (byte) block};
    }

    void send(final int port, final byte[] p) {
        server.onPacket(client, port, Unpooled.wrappedBuffer(p), 0, p.length, NOW);
        pump();
    }

    /** Fetches {@code file} as a lock-step client would; returns the bytes. */
    byte[] fetch(final String file, final String... options) {
        sent.clear();
        send(69, rrq(file, options));
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        int blksize = 512;
        for (int i = 0; i < 1_000_000; i++) {
            pump();
            assertTrue(!sent.isEmpty(), "the server answered");
            final Sent s = sent.remove(0);
            if (s.opcode() == TftpPacket.OACK) {
                final String[] f = s.text().split("\0");
                for (int k = 0; k + 1 < f.length; k += 2) {
                    if (f[k].equals("blksize")) {
                        blksize = Integer.parseInt(f[k + 1]);
                    }
                }
                send(s.localPort(), ack(0));
                continue;
            }
            assertEquals(TftpPacket.DATA, s.opcode(), s.text());
            got.write(s.payload(), 4, s.payload().length - 4);
            send(s.localPort(), ack(s.block()));
            if (s.payload().length - 4 < blksize) {
                return got.toByteArray();
            }
        }
        throw new AssertionError("no end");
    }

    @Test
    void rfc1350LockStepTransferIsByteIdentical() throws Exception {
        final byte[] data = new byte[3 * 1024 * 1024 + 777];
        new Random(1).nextBytes(data);
        Files.write(root.resolve("big.bin"), data);
        server();
        assertArrayEquals(data, fetch("big.bin"));
        assertEquals(1, server.counters().completed());
    }

    @Test
    void rfc2348LargeBlocksAndRfc2349TsizeAreNegotiated() throws Exception {
        final byte[] data = new byte[1_000_003];
        new Random(2).nextBytes(data);
        Files.write(root.resolve("f.bin"), data);
        server();
        sent.clear();
        send(69, rrq("f.bin", "blksize", "9000", "tsize", "0"));
        assertEquals(TftpPacket.OACK, sent.get(0).opcode());
        assertEquals("blksize\u00001468\u0000tsize\u00001000003\u0000", sent.get(0).text(),
            "capped to one frame; the file size");
        client.port++; // a new transfer (the same request again would be a retransmission of the first)
        assertArrayEquals(data, fetch("f.bin", "blksize", "1468", "tsize", "0"));
    }

    @Test
    void rfc1350AFileOfWholeBlocksEndsWithAnEmptyBlock() throws Exception {
        Files.write(root.resolve("e.bin"), new byte[1024]);
        server();
        assertEquals(1024, fetch("e.bin").length);
    }

    @Test
    void rfc1350WrapsBlockNumbersPast65535() throws Exception {
        final byte[] data = new byte[70_000 * 8 + 3];
        new Random(3).nextBytes(data);
        Files.write(root.resolve("w.bin"), data);
        server();
        assertArrayEquals(data, fetch("w.bin", "blksize", "8"));
    }

    @Test
    void rfc7440WindowsizeSendsAWindowPerAck() throws Exception {
        final byte[] data = new byte[512 * 10 + 5];
        new Random(4).nextBytes(data);
        Files.write(root.resolve("win.bin"), data);
        server();
        send(69, rrq("win.bin", "windowsize", "4"));
        assertEquals(TftpPacket.OACK, sent.remove(0).opcode());
        send(61000, ack(0));
        assertEquals(4, sent.size(), "blocks 1..4 at once");
        assertEquals(4, sent.get(3).block());
        sent.clear();
        send(61000, ack(2)); // block 3 lost: restart after 2
        assertEquals(3, sent.get(0).block());
    }

    @Test
    void pathsOutsideTheRootAreRefusedWithAccessViolation() throws Exception {
        Files.writeString(root.getParent().resolve("outside-" + root.getFileName()), "x");
        server();
        for (final String name : List.of("../x", "/etc/passwd", "a/../../x")) {
            sent.clear();
            send(69, rrq(name));
            assertEquals(TftpPacket.ERROR, sent.get(0).opcode(), name);
            assertEquals(TftpPacket.ERR_ACCESS, sent.get(0).block(), name);
        }
        sent.clear();
        send(69, rrq("missing"));
        assertEquals(TftpPacket.ERR_NOT_FOUND, sent.get(0).block());
    }

    @Test
    void rfc1350UnansweredDataIsRetransmittedThenTheTransferIsAbandoned() throws Exception {
        Files.write(root.resolve("r.bin"), new byte[2000]);
        server();
        send(69, rrq("r.bin"));
        assertEquals(1, sent.size());
        server.onTick(NOW + 1000);
        assertEquals(1, sent.size(), "not before the timeout");
        server.onTick(NOW + 2500);
        assertEquals(2, sent.size());
        assertEquals(1, sent.get(1).block(), "block 1 again");
        for (int i = 2; i < 10; i++) {
            server.onTick(NOW + 2500L * i + 100);
        }
        assertEquals(1 + 5, sent.size(), "five retransmissions");
        assertEquals(1, server.describeTransfers(NOW).size() == 0 ? 1 : 0, "abandoned");
    }

    @Test
    void writeRequestsAreRefused() {
        server();
        final byte[] wrq = rrq("up.bin");
        wrq[1] = 2;
        send(69, wrq);
        assertEquals(TftpPacket.ERROR, sent.get(0).opcode());
        assertEquals(TftpPacket.ERR_ACCESS, sent.get(0).block());
    }
}
