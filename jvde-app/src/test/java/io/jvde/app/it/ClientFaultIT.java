package io.jvde.app.it;

import io.jvde.testsupport.Frames;
import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Poll;
import io.jvde.testsupport.ProcFs;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import io.jvde.testsupport.TestResources;
import io.jvde.testsupport.VdePlugPair;
import io.jvde.testsupport.VdePlugPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that die or freeze at the worst moment: killed (SIGKILL) in the middle of the handshake or while sending
 * frames, a control stream cut after half a request, a receiver stopped (SIGSTOP) while a sender floods it (the
 * switch's sends to it fail with EAGAIN until the stall timeout releases it). Other ports keep forwarding, and the
 * switch's descriptors, data sockets and threads return to their baseline. jvde only (vde_switch leaks endpoints
 * under churn, see {@link AttachDetachIT}).
 */
@SlowTest
class ClientFaultIT {
    static final long MAC_A = 0x0250_0000_0A01L;
    static final long MAC_B = 0x0250_0000_0B01L;
    static final long MAC_C = 0x0250_0000_0C01L;
    static final Duration SETTLE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    final TestResources resources = new TestResources();
    VdePlugPeer a;
    VdePlugPeer b;

    @AfterEach
    void stop() throws Exception {
        resources.closeAll(sw);
    }

    /** The switch with a learned pair a, b; returns its descriptor count once settled. */
    int startWithPair() throws Exception {
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "--stall-timeout", "200");
        final VdePlugPair pair = VdePlugPair.attach(sw, resources);
        a = pair.a();
        b = pair.b();
        assertPairForwards();
        return sw.openDescriptors();
    }

    void assertPairForwards() {
        new VdePlugPair(a, b).assertForwards(sw, Frames.untagged(MAC_B, MAC_A, 0x88b5, 100),
            Frames.untagged(MAC_A, MAC_B, 0x88b5, 100), Duration.ofSeconds(5));
    }

    void assertBackToBaseline(final int descriptors) {
        final boolean settled = Poll.within(SETTLE, () -> sw.openDescriptors() == descriptors
            && VdePlugPeer.dataSockets(sw.directory()).size() == 2);
        assertTrue(settled, "descriptors " + sw.openDescriptors() + " (baseline " + descriptors + "), data sockets "
            + VdePlugPeer.dataSockets(sw.directory()) + ":\n" + String.join("\n", ProcFs.descriptorTargets(sw.pid())));
        assertPairForwards();
        assertTrue(sw.isAlive(), "switch alive");
    }

    @Test
    void shouldForgetClientsKilledMidHandshakeOrCutAfterHalfARequest() throws Exception {
        final int baseline = startWithPair();
        final Path vdePlug = Requirements.requireCommand("vde_plug");
        for (int i = 0; i < 40; i++) {
            // vde_plug killed with SIGKILL at once: somewhere between connect, request and data socket
            final ManagedProcess p = ManagedProcess.builder(vdePlug.toString(), "-D", "doomed-" + i,
                sw.directory().toString()).name("doomed-" + i).binaryStdout().start();
            if (i % 2 == 1) {
                Thread.sleep(5L * (i % 10)); // a varying moment in the handshake
            }
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            p.awaitExit(Duration.ofSeconds(10));
            p.close();
        }
        for (int i = 0; i < 20; i++) {
            try (SocketChannel ctl = SocketChannel.open(UnixDomainSocketAddress.of(sw.directory().resolve("ctl")))) {
                ctl.write(ByteBuffer.wrap(new byte[] {(byte) 0xFE, (byte) 0xED, (byte) 0xFA, (byte) 0xCE, 3, 0, 0}));
            } // closed after half a request
        }
        assertBackToBaseline(baseline);
    }

    @Test
    void shouldKeepForwardingWhenASenderIsKilledWhileSending() throws Exception {
        final int baseline = startWithPair();
        for (int round = 0; round < 5; round++) {
            final VdePlugPeer c = VdePlugPeer.attach(sw.directory(), VdePlugPeer.ANY_PORT, "killed-sender-" + round);
            for (int i = 0; i < 2_000; i++) {
                c.send(Frames.broadcast(MAC_C + round, 60 + i % 1400));
            }
            ProcessHandle.of(c.process().pid()).ifPresent(ProcessHandle::destroyForcibly); // mid-stream
            c.process().awaitExit(Duration.ofSeconds(10));
            c.close();
        }
        a.drain();
        b.drain();
        assertBackToBaseline(baseline);
    }

    @Test
    void shouldReleaseAStoppedReceiverAndKeepForwardingBetweenOthers() throws Exception {
        final int baseline = startWithPair();
        final VdePlugPeer c = resources.track(VdePlugPeer.attach(sw.directory(), VdePlugPeer.ANY_PORT, "stopped"));
        c.send(Frames.broadcast(MAC_C, 60)); // learned, so unicast to it goes to its port alone
        a.drain();
        b.drain();
        assertEquals(0, ManagedProcess.run(Duration.ofSeconds(10), "kill", "-STOP", Long.toString(c.process().pid()))
            .exitCode(), "SIGSTOP");
        try {
            // flood the stopped receiver: its socket fills, sends to it fail with EAGAIN, the switch queues a little
            // and then releases it; meanwhile a and b keep forwarding
            for (int i = 0; i < 20_000; i++) {
                a.send(Frames.untagged(MAC_C, MAC_A, 0x88b5, 1000));
                if (i % 2_000 == 0) {
                    final byte[] ba = Frames.untagged(MAC_A, MAC_B, 0x88b5, 64 + i / 2_000);
                    b.send(ba);
                    assertNotNull(a.receive(f -> Arrays.equals(f, ba), Duration.ofSeconds(10)),
                        "b -> a while c is stopped (after " + i + " frames to c)\n" + sw.output());
                }
            }
        } finally {
            ManagedProcess.run(Duration.ofSeconds(10), "kill", "-CONT", Long.toString(c.process().pid()));
        }
        resources.forget(c);
        c.close();
        a.drain();
        b.drain();
        assertBackToBaseline(baseline);
    }
}
