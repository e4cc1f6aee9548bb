package io.jvde.sw.engine;

import io.jvde.sw.port.LocalPortContext;
import io.jvde.sw.port.LocalPortHandler;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine driven turn by turn through {@link SwitchAgent#doWork()} on the test's own thread (no loop thread). */
@Timeout(30)
class SwitchAgentStepTest {
    @TempDir
    Path tmp;
    final List<String> log = new CopyOnWriteArrayList<>();
    SwitchAgent agent;

    @AfterEach
    void close() {
        if (agent != null) {
            agent.closeWithoutRunning();
        }
    }

    private SwitchAgent start() throws Exception {
        final SwitchSettings s = SwitchSettings.builder(tmp.resolve("sw")).build();
        agent = new SwitchAgent(s, log::add, ControlAcceptor.open(s));
        return agent;
    }

    /** Records frames; echoes nothing. */
    private static final class Recorder implements LocalPortHandler {
        final List<byte[]> frames = new ArrayList<>();
        int batchEnds;

        @Override
        public void onFrame(final ByteBuffer frame, final int offset, final int length, final int ingressPort,
                            final LocalPortContext ctx) {
            final byte[] b = new byte[length];
            frame.get(offset, b);
            frames.add(b);
        }

        @Override
        public void onBatchEnd(final LocalPortContext ctx) {
            batchEnds++;
        }
    }

    @Test
    void shouldForwardAnInjectedFrameInTheTurnItWasInjectedAndNotBefore() throws Exception {
        final SwitchAgent a = start();
        final Recorder r1 = new Recorder();
        final Recorder r2 = new Recorder();
        final int p1 = a.attachLocal(-1, "one", r1);
        final int p2 = a.attachLocal(-1, "two", r2);
        assertEquals(List.of(1, 2), List.of(p1, p2));
        final byte[] f = SwitchEngineTest.frame(SwitchEngineTest.BROADCAST, SwitchEngineTest.MAC_A, 60);
        final LocalTransport one = ((Attachment) a.registry.ports[p1].endpoint(0)).local();
        assertTrue(one.inject(ByteBuffer.wrap(f), 0, f.length));
        assertEquals(0, r2.frames.size(), "nothing moves between turns");
        a.doWork();
        assertEquals(1, r2.frames.size(), "one turn forwarded the injected broadcast");
        assertArrayEquals(f, r2.frames.get(0));
        assertEquals(0, r1.frames.size(), "not back to its sender");
        assertEquals(1L, a.registry.ports[p1].inPackets);
        assertEquals(0, r2.batchEnds, "the batch ends in the next turn's afterEvents");
        a.doWork();
        assertEquals(1, r2.batchEnds);
    }

    /** A lease journal's thread finishing an fsync: the port's batch end runs in the next turn, without frames. */
    @Test
    void shouldEndTheBatchOfAPortThatAskedFromAnotherThreadInTheNextTurn() throws Exception {
        final SwitchAgent a = start();
        final Recorder r = new Recorder();
        final Recorder other = new Recorder();
        final int p = a.attachLocal(-1, "rec", r);
        a.attachLocal(-1, "other", other);
        final LocalTransport port = ((Attachment) a.registry.ports[p].endpoint(0)).local();
        final Thread t = new Thread(() -> {
            port.wakeup();
            port.wakeup(); // before the turn runs: one batch end
        });
        t.start();
        t.join();
        assertEquals(1, a.doWork(), "the wake-up made the turn's wait return (the eventfd was ready)");
        assertEquals(1, r.batchEnds, "its batch ended once, though it received nothing");
        assertEquals(0, other.batchEnds, "nobody else's");
        assertEquals(0, r.frames.size());
    }

    @Test
    void shouldAttachAVdeClientAndRunACommandOneTurnAtATime() throws Exception {
        final SwitchAgent a = start();
        a.control.acceptClients();
        final Recorder r = new Recorder();
        a.attachLocal(-1, "rec", r);
        final int[] ran = new int[1];
        a.submit(() -> ran[0]++);
        a.doWork();
        assertEquals(1, ran[0], "a submitted command runs in the next turn");
        // the handshake needs the loop to answer, so connect from another thread while this one turns the loop
        final VdeClient[] c = new VdeClient[1];
        final Thread t = new Thread(() -> {
            try {
                c[0] = VdeClient.connect(tmp.resolve("sw"), "stepper");
            } catch (Exception e) {
                log.add("connect failed: " + e);
            }
        });
        t.start();
        for (int i = 0; i < 200 && t.isAlive(); i++) {
            a.doWork();
        }
        t.join(5000);
        assertTrue(c[0] != null, log.toString());
        try {
            final byte[] f = SwitchEngineTest.frame(SwitchEngineTest.BROADCAST, SwitchEngineTest.MAC_B, 100);
            c[0].send(f);
            for (int i = 0; i < 200 && r.frames.isEmpty(); i++) {
                a.doWork();
            }
            assertEquals(1, r.frames.size());
            assertArrayEquals(f, r.frames.get(0));
            assertEquals("unix prog", a.registry.ports[c[0].port()].endpoint(0).module());
        } finally {
            c[0].close();
        }
    }
}
