package io.jvde.app.services;

import io.jvde.dhcp.service.UdpReplies;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Forwards DNS queries for names outside the lab to {@code dns.upstream} from a host UDP socket (as the relay's
 * host uplink does for DHCP) and relays each answer back to the client that asked, with its own ID. The loop thread
 * sends and keeps the pending queries; one daemon thread receives and hands each answer to the loop thread. At most
 * {@link #MAX_PENDING} queries wait at once (more are answered SERVFAIL by omission: dropped and counted); a query
 * unanswered for {@link #TIMEOUT_MILLIS} is forgotten (the client retries).
 */
final class DnsUpstream implements AutoCloseable {
    static final int MAX_PENDING = 1024;
    static final long TIMEOUT_MILLIS = 5_000;
    static final int MAX_DATAGRAM = 1500;

    /** A client waiting for an answer. */
    private record Pending(int port, int vid, long mac, int ip, int clientPort, int localIp, int id, long expiry) {
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final AtomicLong received = new AtomicLong();
    private long forwarded;
    private long dropped;
    private int nextId = (int) (System.nanoTime() & 0xFFFF);
    private volatile boolean closed;
    private Thread receiver;

    DnsUpstream(final InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(0));
        socket.setSoTimeout(500);
    }

    InetSocketAddress server() {
        return server;
    }

    /** Starts the receiver; {@code loop} runs a task on the event-loop thread. */
    void start(final Consumer<Runnable> loop, final UdpReplies replies) {
        receiver = new Thread(() -> receive(loop, replies), "jvde-dns-upstream");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Sends the query at {@code offset} under a fresh ID; on the loop thread. */
    void forward(final io.jvde.dhcp.service.Datagram from, final ByteBuf buf, final int offset, final int length,
                 final long now) {
        expire(now);
        if (pending.size() >= MAX_PENDING || length < 12 || length > MAX_DATAGRAM) {
            dropped++;
            return;
        }
        int id = nextId++ & 0xFFFF;
        for (int i = 0; pending.containsKey(id) && i < 0x10000; i++) {
            id = nextId++ & 0xFFFF;
        }
        final byte[] q = new byte[length];
        buf.getBytes(offset, q);
        final int original = ((q[0] & 0xFF) << 8) | (q[1] & 0xFF);
        q[0] = (byte) (id >>> 8);
        q[1] = (byte) id;
        pending.put(id, new Pending(from.ingressPort(), from.vid(), from.srcMac(), from.srcIp(), from.srcPort(),
            from.dstIp(), original, now + TIMEOUT_MILLIS));
        try {
            socket.send(new DatagramPacket(q, q.length, server));
            forwarded++;
        } catch (final IOException e) {
            pending.remove(id);
            dropped++;
        }
    }

    private void expire(final long now) {
        for (final Iterator<Pending> it = pending.values().iterator(); it.hasNext();) {
            if (it.next().expiry() < now) {
                it.remove();
                dropped++;
            }
        }
    }

    private void receive(final Consumer<Runnable> loop, final UdpReplies replies) {
        final byte[] buf = new byte[MAX_DATAGRAM];
        while (!closed) {
            final DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (final SocketTimeoutException e) {
                continue;
            } catch (final IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (!server.equals(p.getSocketAddress()) || p.getLength() < 12) {
                continue; // only the server's answers
            }
            received.incrementAndGet();
            final byte[] answer = java.util.Arrays.copyOf(buf, p.getLength());
            try {
                loop.accept(() -> deliver(answer, replies));
            } catch (final RuntimeException e) {
                return; // the switch stopped
            }
        }
    }

    /** On the loop thread: the waiting client gets the answer with its own ID, from the server address:53. */
    private void deliver(final byte[] answer, final UdpReplies replies) {
        final int id = ((answer[0] & 0xFF) << 8) | (answer[1] & 0xFF);
        final Pending w = pending.remove(id);
        if (w == null || answer.length > UdpReplies.MAX_PAYLOAD) {
            dropped++;
            return;
        }
        answer[0] = (byte) (w.id() >>> 8);
        answer[1] = (byte) w.id();
        final int at = replies.begin();
        replies.buffer().setBytes(at, answer);
        replies.send(w.port(), w.vid(), w.mac(), w.ip(), w.clientPort(), w.localIp(), 53, answer.length);
    }

    String describe() {
        return "upstream " + server.getAddress().getHostAddress() + ":" + server.getPort() + " forwarded "
            + forwarded + " answers " + received.get() + " dropped " + dropped + " waiting " + pending.size();
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        if (receiver != null) {
            try {
                receiver.join(2_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
