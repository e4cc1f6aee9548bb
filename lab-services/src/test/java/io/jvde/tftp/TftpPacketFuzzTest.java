package io.jvde.tftp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any datagram to the TFTP server's port 69 or a transfer port: it never throws; the request parser accepts only
 * requests whose strings end inside the datagram, and a name it would serve never escapes the root by its text.
 * With JAZZER_FUZZ=1 this fuzzes; otherwise it replays the seeds.
 */
class TftpPacketFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyPacketIsHandledWithoutThrowing(final byte[] packet) {
        final TftpPacket.Request r = new TftpPacket.Request();
        if (r.parse(Unpooled.wrappedBuffer(packet), 0, packet.length)) {
            assertTrue(r.file != null && !r.file.isEmpty() && r.mode != null);
            if (TftpServer.safeName(r.file)) {
                final Path root = Path.of("/srv/tftp");
                final Path resolved = root.resolve(r.file.replace('\0', '_')).normalize();
                assertTrue(resolved.startsWith(root), r.file);
            }
        }
        final java.util.List<Integer> sent = new java.util.ArrayList<>();
        final TftpOut out = new TftpOut() {
            private final io.netty.buffer.ByteBuf b = Unpooled.buffer(2048);

            @Override
            public io.netty.buffer.ByteBuf buffer() {
                return b;
            }

            @Override
            public int begin() {
                return 0;
            }

            @Override
            public void send(final TftpPeer to, final int localPort, final int length) {
                sent.add(length);
            }
        };
        final TftpServer server = new TftpServer(TftpSettings.of(vid -> null, 1468), out, task -> { }, Runnable::run,
            61000);
        final TftpPeer peer = new TftpPeer().set(1, 0, 1L, 0x0a000001, 40000, 0x0a0000fe);
        server.onPacket(peer, 69, Unpooled.wrappedBuffer(packet), 0, packet.length, 0);
        server.onPacket(peer, 61000, Unpooled.wrappedBuffer(packet), 0, packet.length, 0);
        assertTrue(sent.size() <= 2, "at most one answer per packet");
    }
}
