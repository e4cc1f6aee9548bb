package io.jvde.app.dhcp;

import io.jvde.dhcp.relay.RelaySettings;
import io.jvde.dhcp.relay.RelayVlan;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.sw.engine.SwitchStartException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host uplink's socket on loopback, on ephemeral ports (port 67 needs privileges): sends from the loop thread,
 * hands received datagrams to the loop in bounded turns, fails start-up with the YAML field and the reason.
 */
class HostUplinkTest {
    static final int LOOPBACK = Ipv4Address.parse("127.0.0.1");
    static final long WAIT_SECONDS = 10;

    /** A "server": a blocking UDP socket on 127.0.0.1, ephemeral port. */
    static DatagramChannel server() throws Exception {
        final DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return ch;
    }

    static int port(final DatagramChannel ch) throws Exception {
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    /** Records datagrams on the "loop thread" (the receiver's own call, here). */
    static final class Recorder implements HostUplink.Receiver {
        final List<byte[]> got = new ArrayList<>();
        final List<Integer> sources = new ArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        public synchronized void onDatagram(final ByteBuf dhcp, final int offset, final int length, final int src) {
            final byte[] b = new byte[length];
            dhcp.getBytes(offset, b);
            got.add(b);
            sources.add(src);
            first.countDown();
        }

        synchronized int count() {
            return got.size();
        }
    }

    @Test
    void sendsTheMessageAloneToTheServerPortAndHandsRepliesToTheLoop() throws Exception {
        try (DatagramChannel server = server();
             HostUplink uplink = HostUplink.open(LOOPBACK, 0, port(server))) {
            final Recorder recorder = new Recorder();
            uplink.start(Runnable::run, recorder);
            final byte[] request = "a relayed BOOTREQUEST".getBytes(StandardCharsets.US_ASCII);
            final ByteBuf buf = Unpooled.buffer(64);
            buf.setBytes(7, request);
            assertTrue(uplink.toServer(LOOPBACK, buf, 7, request.length));
            final ByteBuffer in = ByteBuffer.allocate(100);
            final InetSocketAddress from = (InetSocketAddress) server.receive(in);
            assertEquals(uplink.localPort(), from.getPort(), "from the uplink's bound port");
            assertArrayEquals(request, Arrays.copyOf(in.array(), in.position()), "no header: the host adds IP/UDP");

            final byte[] reply = "a BOOTREPLY".getBytes(StandardCharsets.US_ASCII);
            server.send(ByteBuffer.wrap(reply), new InetSocketAddress(InetAddress.getLoopbackAddress(),
                uplink.localPort()));
            assertTrue(recorder.first.await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertArrayEquals(reply, recorder.got.get(0));
            assertEquals(LOOPBACK, recorder.sources.get(0));
            assertEquals(1, uplink.received());
        }
    }

    @Test
    void dropsAndCountsWhatExceedsOneTurnsQueueWhileTheLoopIsBusy() throws Exception {
        try (DatagramChannel server = server();
             HostUplink uplink = HostUplink.open(LOOPBACK, 0, port(server))) {
            final Recorder recorder = new Recorder();
            final CountDownLatch busy = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            uplink.start(task -> {
                task.run();
                busy.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS); // the loop thread is busy for a while
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, recorder);
            final InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), uplink.localPort());
            server.send(ByteBuffer.wrap(new byte[] {0}), to);
            assertTrue(busy.await(WAIT_SECONDS, TimeUnit.SECONDS));
            final int more = HostUplink.QUEUE + 36;
            for (int i = 1; i <= more; i++) {
                server.send(ByteBuffer.wrap(new byte[] {(byte) i}), to); // queued by the kernel meanwhile
            }
            release.countDown();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (recorder.count() < 1 + HostUplink.QUEUE && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1 + HostUplink.QUEUE, recorder.count());
            assertEquals(36, uplink.queueFullDrops());
            assertEquals(1 + HostUplink.QUEUE, uplink.received());
            assertEquals(HostUplink.QUEUE, recorder.got.get(HostUplink.QUEUE)[0], "oldest first, newest dropped");
        }
    }

    @Test
    void sendAfterCloseIsRefusedAndCounted() throws Exception {
        final HostUplink uplink = HostUplink.open(LOOPBACK, 0, 9);
        uplink.close();
        assertFalse(uplink.toServer(LOOPBACK, Unpooled.buffer(4), 0, 4));
        assertEquals(1, uplink.sendErrors());
        assertEquals("socket closed", uplink.lastSendError());
    }

    @Test
    void anAddressTheHostDoesNotHaveFailsStartUpNamingTheYamlField() {
        // 192.0.2.0/24 is TEST-NET-1: no host has it, so bind fails before any packet or privilege check
        final RelaySettings relay = RelaySettings.builder().relayMac(0x026a76646501L).hostUplink("192.0.2.77")
            .server("198.51.100.1").vlan(RelayVlan.of(10, "10.10.0.1/24")).build();
        final SwitchStartException e = assertThrows(SwitchStartException.class,
            () -> DhcpExtension.openUplink(relay));
        assertTrue(e.getMessage().startsWith("dhcp: relay.upstream.host: 192.0.2.77: cannot bind UDP port 67 ("),
            e.getMessage());
        assertTrue(e.getMessage().contains("expected: an address of this host"), e.getMessage());
    }
}
