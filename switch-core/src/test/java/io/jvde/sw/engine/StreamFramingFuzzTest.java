package io.jvde.sw.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvde.sw.forward.DropReason;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativePaths;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UnixSockets;
import org.junit.jupiter.api.AfterAll;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream framing parser ({@link StreamTransport#receive}) against a model: arbitrary bytes, written in
 * arbitrary pieces and then closed, give exactly the frames the model finds, in order; a bad length or an EOF inside
 * a frame ends the connection with one {@code BAD_FRAMING} count, a clean EOF with none; oversize lengths are
 * skipped and counted. Nothing is thrown, whatever the input.
 */
class StreamFramingFuzzTest {
    private static final int MAX_INPUT = 48 * 1024;
    private static SwitchAgent agent;
    private static Path dir;

    private static synchronized SwitchAgent agent() throws Exception {
        if (agent == null) {
            dir = Files.createTempDirectory("jvde-fuzz");
            final SwitchSettings s = SwitchSettings.builder(dir.resolve("sw")).build();
            agent = new SwitchAgent(s, line -> { }, ControlAcceptor.open(s));
        }
        return agent;
    }

    @AfterAll
    static void close() throws Exception {
        if (agent != null) {
            agent.closeWithoutRunning();
            agent = null;
            NativePaths.unlink(dir.resolve("l.sock").toString());
            Files.deleteIfExists(dir);
        }
    }

    /** What the framing means, the slow and obvious way. */
    private static final class Model {
        final List<byte[]> frames = new ArrayList<>();
        int oversize;
        boolean bad;

        Model(final byte[] in) {
            final ByteBuffer b = ByteBuffer.wrap(in);
            while (b.remaining() > 0) {
                if (b.remaining() < 4) {
                    bad = true; // EOF inside a length
                    return;
                }
                final int len = b.getInt();
                if (len <= 0 || len > StreamTransport.MAX_LENGTH) {
                    bad = true;
                    return;
                }
                if (len > SwitchSettings.MAX_FRAME) {
                    oversize++; // counted when its length is read: the transport skips it as it streams in
                }
                if (b.remaining() < len) {
                    bad = true; // EOF inside a frame
                    return;
                }
                final byte[] f = new byte[len];
                b.get(f);
                if (len <= SwitchSettings.MAX_FRAME) {
                    frames.add(f);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void parsesExactlyTheModelsFrames(final FuzzedDataProvider data) throws Exception {
        final SwitchAgent a = agent();
        final List<Integer> pieces = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pieces.add(data.consumeInt(1, 4096));
        }
        final byte[] in = data.consumeRemainingAsBytes();
        if (in.length > MAX_INPUT) {
            return;
        }
        final Model model = new Model(in);
        final String path = dir.resolve("l.sock").toString();
        NativePaths.unlink(path);
        final int listen = UnixSockets.listen(path, 1);
        final int client = UnixSockets.socket(Native.SOCK_STREAM | Native.SOCK_NONBLOCK);
        assertTrue(listen >= 0 && client >= 0 && UnixSockets.connect(client, path) == 0);
        final int server = Native.libc().accept4(listen, 0, 0, Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC);
        Native.libc().close(listen);
        assertTrue(server >= 0);

        final PortRegistry registry = a.registry;
        final int port = registry.autoPort();
        final Attachment e = registry.newAttachment(registry.nextEndpointId(), port,
            new StreamTransport(server, "stream", "fuzz", null), -1, SwitchAgent.QUEUE_CAPACITY);
        registry.attach(e);
        final long bad0 = registry.ports[port].drops(DropReason.BAD_FRAMING);
        final long over0 = registry.ports[port].drops(DropReason.OVERSIZE);
        final List<byte[]> got = new ArrayList<>();
        // The pieces go in without blocking: when the socket is full (tiny pieces cost a buffer each), the switch
        // reads a batch before the next piece, as it would from a real peer.
        final NativeMemory m = NativeMemory.allocate(Math.max(1, in.length));
        m.buffer().put(0, in);
        int off = 0;
        for (int i = 0, rounds = 0; off < in.length && rounds < 1_000_000; rounds++) {
            final int n = Math.min(in.length - off, pieces.get(i % pieces.size()));
            final long w = Native.libc().write(client, m.address() + off, n);
            if (w > 0) {
                off += (int) w;
                i++;
            } else if (e.dead) {
                break; // the switch closed it (bad framing): the rest cannot be written
            } else {
                receiveRound(a, e, got);
            }
        }
        m.free();
        Native.libc().close(client);
        for (int rounds = 0; !e.dead && rounds < 100_000; rounds++) {
            receiveRound(a, e, got);
        }
        assertTrue(e.dead, "the connection ended (EOF or bad framing)");
        assertEquals(model.frames.size(), got.size(), "frames");
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(model.frames.get(i), got.get(i), "frame " + i);
        }
        assertEquals(model.bad ? 1 : 0, registry.ports[port].drops(DropReason.BAD_FRAMING) - bad0,
            "bad framing counted once, or never: " + e.deathReason);
        assertEquals(model.oversize, registry.ports[port].drops(DropReason.OVERSIZE) - over0, "oversize skipped");
        assertEquals(!model.bad, "peer closed the connection".equals(e.deathReason), e.deathReason);
        registry.reapDead();
        assertEquals(0, registry.ports[port].endpointCount(), Arrays.toString(registry.ports));
    }

    /** One receive of the switch: the frames it parsed are copied out of the batch. */
    private static void receiveRound(final SwitchAgent a, final Attachment e, final List<byte[]> got) {
        final int n = e.transport.receive(a.rx, e);
        for (int i = 0; i < n; i++) {
            final byte[] f = new byte[a.rx.length(i)];
            a.rx.buffer.get(RxBatch.offset(i), f);
            got.add(f);
        }
    }
}
