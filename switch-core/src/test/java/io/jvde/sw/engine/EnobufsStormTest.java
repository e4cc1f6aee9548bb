package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.testsupport.Frames;
import io.jvde.testsupport.Poll;
import io.jvde.vde.client.VdeClient;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ENOBUFS storm on one receiver: other ports keep forwarding, the flooded copies the receiver could not take are
 * counted by reason ({@link DropReason#FLOOD_EGRESS_FULL}), and unicast to it waits in its queue and arrives once the
 * storm ends (nothing lost). ENOBUFS cannot be provoked for real on the transports jvde has: a unix datagram socket
 * answers EAGAIN when its receiver's queue is full, a tap write does not report the stack's drops, and Linux's
 * udp_send_skb turns a qdisc drop (ENOBUFS) into success unless the socket set IP_RECVERR, which the VXLAN socket
 * does not. So the fault is injected: the receiver's transport gets a C library whose sendmmsg fails with ENOBUFS
 * (errno set as a real failure would) while the storm lasts; every other call goes to the real one.
 */
@Timeout(60)
class EnobufsStormTest {
    static final long MAC_A = 0x0250_6000_000AL;
    static final long MAC_B = 0x0250_6000_000BL;
    static final long MAC_V = 0x0250_6000_000CL;

    @TempDir
    Path tmp;
    VdeSwitch sw;
    final List<VdeClient> clients = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicBoolean storm = new AtomicBoolean();
    final AtomicLong refused = new AtomicLong();

    @AfterEach
    void stop() {
        clients.forEach(VdeClient::close);
        if (sw != null) {
            sw.close();
        }
    }

    VdeClient connect(final String name) throws Exception {
        final VdeClient c = VdeClient.connect(tmp.resolve("sw"), name);
        clients.add(c);
        return c;
    }

    @Test
    void shouldKeepForwardingToOtherPortsAndCountTheVictimsDropsDuringAnEnobufsStorm() throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), log::add);
        final VdeClient a = connect("a");
        final VdeClient b = connect("b");
        final VdeClient v = connect("victim");
        a.send(Frames.untagged(Frames.BROADCAST, MAC_A, 0x88b5, 60));
        b.send(Frames.untagged(Frames.BROADCAST, MAC_B, 0x88b5, 60));
        v.send(Frames.untagged(Frames.BROADCAST, MAC_V, 0x88b5, 60));
        Poll.until("three MACs learned", Duration.ofSeconds(10), () -> sw.call(c -> c.port(v.port()).inPackets),
            n -> n == 1);
        drain(a);
        drain(b);
        drain(v);
        sw.call(c -> {
            injectEnobufs(endpointOn(v.port()));
            return null;
        });

        storm.set(true);
        // b reads as a would-be VM does, all along: unicast to it is lossless, a flooded copy it has no room for
        // is dropped and counted (FLOOD_EGRESS_FULL on b's port)
        final int sentToB = 200;
        final int broadcasts = 20;
        final AtomicLong unicastAtB = new AtomicLong();
        final AtomicLong broadcastAtB = new AtomicLong();
        final Thread reader = new Thread(() -> {
            final byte[] buf = new byte[2048];
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (unicastAtB.get() < sentToB && System.nanoTime() < deadline) {
                if (b.receive(buf, 200) > 0) {
                    (buf[0] == (byte) 0xFF ? broadcastAtB : unicastAtB).incrementAndGet();
                }
            }
        }, "enobufs-b");
        reader.start();
        for (int i = 0; i < sentToB; i++) {
            a.send(Frames.untagged(MAC_B, MAC_A, 0x88b5, 100));
            if (i % 10 == 0) {
                a.send(Frames.untagged(Frames.BROADCAST, MAC_A, 0x88b5, 64));
            }
        }
        reader.join(60_000);
        assertEquals(sentToB, unicastAtB.get(), "every unicast frame from a reached b: " + log);
        final int bPortNumber = b.port();
        Poll.until("every broadcast copy to b delivered or counted", Duration.ofSeconds(10), () -> broadcastAtB.get()
            + sw.call(c -> c.port(bPortNumber).drops(DropReason.FLOOD_EGRESS_FULL)), n -> n == broadcasts);
        final int victimPort = v.port();
        assertEquals(broadcasts, drops(victimPort, DropReason.FLOOD_EGRESS_FULL),
            "each flooded copy the victim refused is counted by reason");
        assertTrue(refused.get() > 0, "the storm was on: sendmmsg refused " + refused + " times (a batch a call)");
        assertEquals(0, drops(bPortNumber, DropReason.EGRESS_STALLED) + drops(bPortNumber,
            DropReason.EGRESS_QUEUE_FULL), "no unicast to b dropped");
        // unicast to the victim during the storm is kept in its queue, not lost
        for (int i = 0; i < 10; i++) {
            b.send(Frames.untagged(MAC_V, MAC_B, 0x88b5, 80));
        }
        final int bPort = b.port();
        Poll.until("b's frames read by the switch", Duration.ofSeconds(10), () -> sw.call(c -> c.port(bPort)
            .inPackets), n -> n >= 11);
        assertEquals(0, receive(v, 1, Duration.ofMillis(300)), "nothing reached the victim during the storm");

        storm.set(false);
        assertEquals(10, receive(v, 10), "the queued unicast arrives once the storm ends");
        assertEquals(0, drops(victimPort, DropReason.EGRESS_QUEUE_FULL));
        a.send(Frames.untagged(MAC_B, MAC_A, 0x88b5, 100));
        assertEquals(1, receive(b, 1), "forwarding goes on");
    }

    long drops(final int port, final DropReason reason) {
        final Long n = sw.call(c -> c.port(port).drops(reason));
        return n;
    }

    /** The live endpoint on {@code port} (loop thread). */
    Attachment endpointOn(final int port) {
        try {
            final Field agent = VdeSwitch.class.getDeclaredField("agent");
            agent.setAccessible(true);
            for (final Attachment e : ((SwitchAgent) agent.get(sw)).registry.endpoints()) {
                if (e.port() == port) {
                    return e;
                }
            }
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
        throw new AssertionError("no endpoint on port " + port);
    }

    /** Gives the endpoint's transport a C library whose sendmmsg fails with ENOBUFS while {@link #storm} is set. */
    void injectEnobufs(final Attachment e) {
        final LibC real = Native.libc();
        final LibC faulty = (LibC) Proxy.newProxyInstance(LibC.class.getClassLoader(), new Class<?>[] {LibC.class},
            (proxy, method, args) -> {
                if (storm.get() && "sendmmsg".equals(method.getName())) {
                    refused.incrementAndGet();
                    Native.setErrno(Native.ENOBUFS);
                    return -1;
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException ex) {
                    throw ex.getCause();
                }
            });
        Native.setErrno(Native.ENOBUFS);
        assertEquals(Native.ENOBUFS, Native.errno(), "errno as the transport reads it");
        try {
            final Field libc = e.transport.getClass().getDeclaredField("libc");
            libc.setAccessible(true);
            libc.set(e.transport, faulty);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void drain(final VdeClient c) {
        final byte[] buf = new byte[2048];
        while (c.receive(buf, 100) > 0) {
            // frames of the learning step
        }
    }

    static int receive(final VdeClient c, final int expected) {
        return receive(c, expected, Duration.ofSeconds(30));
    }

    /** Frames {@code c} receives until {@code expected} arrived or {@code quiet} passed without one. */
    static int receive(final VdeClient c, final int expected, final Duration quiet) {
        final byte[] buf = new byte[2048];
        int got = 0;
        while (got < expected && c.receive(buf, (int) quiet.toMillis()) > 0) {
            got++;
        }
        return got;
    }
}
