package io.jvde.app.dhcp;

import io.jvde.dhcp.relay.RelayUplink;
import io.jvde.dhcp.wire.Ipv4Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's host uplink ({@code relay.upstream.host} in the YAML): a UDP socket bound to ADDR:67 of the host (or
 * of the namespace jvde runs in), from which relayed requests go to each server's port 67 through the host's own
 * routing, and on which the servers' replies arrive. DHCP is low-rate and this is no per-frame engine path, so it
 * uses java.nio: the socket is non-blocking; the loop thread sends on it ({@link #toServer}); one daemon thread waits
 * for datagrams with a selector, copies up to {@value #QUEUE} of them per turn into its slots (more are dropped and
 * counted) and hands them to the loop thread in one {@link Loop#run} (the switch's {@code call}, which returns when
 * the loop ran it or the switch stopped), then reads again.
 */
public final class HostUplink implements RelayUplink, AutoCloseable {
    /** RFC 2131 §4.1: servers and relay agents listen on UDP 67. */
    public static final int SERVER_PORT = 67;
    /** Datagrams handed to the loop thread per turn; more waiting are read and dropped (counted). */
    static final int QUEUE = 64;
    /** Datagrams read per turn at most, so a flood cannot keep the receiver reading forever. */
    static final int READS_PER_TURN = 4 * QUEUE;
    /** Largest datagram kept: Ethernet's IP MTU (the relay never asks for more, RelaySettings.maxPacketSize). */
    static final int MAX_DATAGRAM = 1500;
    /** How long the receiver waits for a datagram before it looks at {@link #closed} again. */
    static final long SELECT_MILLIS = 500;
    static final long JOIN_MILLIS = 2_000;

    /** Runs a task on the switch's event-loop thread and returns when it ran; throws once the switch stopped. */
    @FunctionalInterface
    public interface Loop {
        void run(Runnable onLoopThread);
    }

    /** Takes a received datagram on the loop thread: {@code length} bytes at {@code offset}, from {@code source}. */
    @FunctionalInterface
    public interface Receiver {
        void onDatagram(ByteBuf dhcp, int offset, int length, int source);
    }

    private final DatagramChannel channel;
    private final Selector selector;
    private final int bindAddress;
    private final int serverPort;
    /** Loop thread only. */
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final Map<Integer, InetSocketAddress> targets = new HashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private volatile String lastSendError;
    private volatile boolean closed;
    private Thread receiver;

    private HostUplink(final DatagramChannel channel, final Selector selector, final int bindAddress,
                       final int serverPort) {
        this.channel = channel;
        this.selector = selector;
        this.bindAddress = bindAddress;
        this.serverPort = serverPort;
    }

    /** Binds {@code bindAddress}:67 (0 = 0.0.0.0) with SO_REUSEADDR; throws with the operating system's reason. */
    public static HostUplink open(final int bindAddress) throws IOException {
        return open(bindAddress, SERVER_PORT, SERVER_PORT);
    }

    /** As {@link #open(int)} on {@code port}, sending to the servers' {@code serverPort}; tests use other ports. */
    static HostUplink open(final int bindAddress, final int port, final int serverPort) throws IOException {
        final DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        Selector selector = null;
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(inet(bindAddress), port));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new HostUplink(channel, selector, bindAddress, serverPort);
        } catch (final IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** Starts the receiving daemon thread; {@code receiver} runs on the loop thread through {@code loop}. */
    public void start(final Loop loop, final Receiver target) {
        if (receiver != null) {
            throw new IllegalStateException("host uplink: already started (expected: start once)");
        }
        receiver = new Thread(() -> receive(loop, target), "jvde-dhcp-uplink");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** The local port the socket is bound to (67, or another in tests). */
    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (final IOException e) {
            return -1;
        }
    }

    public int bindAddress() {
        return bindAddress;
    }

    /** Datagrams received and handed to the relay. */
    public long received() {
        return received.get();
    }

    /** Datagrams dropped because {@value #QUEUE} were already waiting for the loop thread. */
    public long queueFullDrops() {
        return queueFull.get();
    }

    /** Sends the host refused (no route, buffer full, closed); the relay counts them as UPLINK_SEND_FAILED. */
    public long sendErrors() {
        return sendErrors.get();
    }

    /** The last send error's text, null when none. */
    public String lastSendError() {
        return lastSendError;
    }

    /** On the loop thread: one non-blocking send of the message to {@code server}:67. */
    @Override
    public boolean toServer(final int server, final ByteBuf dhcp, final int offset, final int length) {
        if (closed || length > sendBuffer.capacity()) {
            sendErrors.incrementAndGet();
            lastSendError = closed ? "socket closed" : length + " bytes (expected: at most " + MAX_DATAGRAM + ")";
            return false;
        }
        sendBuffer.clear().limit(length);
        dhcp.getBytes(offset, sendBuffer);
        sendBuffer.flip();
        try {
            if (channel.send(sendBuffer, target(server)) == length) {
                return true;
            }
            lastSendError = "socket send buffer full";
        } catch (final IOException | RuntimeException e) {
            lastSendError = Ipv4Address.toString(server) + ": " + e;
        }
        sendErrors.incrementAndGet();
        return false;
    }

    private InetSocketAddress target(final int server) throws UnknownHostException {
        InetSocketAddress t = targets.get(server);
        if (t == null) {
            t = new InetSocketAddress(inet(server), serverPort);
            targets.put(server, t);
        }
        return t;
    }

    private void receive(final Loop loop, final Receiver target) {
        final byte[][] slots = new byte[QUEUE][MAX_DATAGRAM];
        final ByteBuf[] wrapped = new ByteBuf[QUEUE];
        for (int i = 0; i < QUEUE; i++) {
            wrapped[i] = Unpooled.wrappedBuffer(slots[i]);
        }
        final int[] lengths = new int[QUEUE];
        final int[] sources = new int[QUEUE];
        final ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (!closed) {
                selector.select(SELECT_MILLIS);
                selector.selectedKeys().clear();
                int n = 0;
                for (int reads = 0; reads < READS_PER_TURN && !closed; reads++) {
                    in.clear();
                    final SocketAddress from = channel.receive(in);
                    if (from == null) {
                        break;
                    }
                    if (!(from instanceof InetSocketAddress a) || !(a.getAddress() instanceof Inet4Address)) {
                        continue;
                    }
                    if (n == QUEUE) {
                        queueFull.incrementAndGet(); // bounded: the servers and clients retransmit
                        continue;
                    }
                    in.flip();
                    lengths[n] = in.remaining();
                    in.get(slots[n], 0, lengths[n]);
                    sources[n] = ipv4(a.getAddress());
                    n++;
                }
                if (n > 0 && !closed) {
                    final int count = n;
                    received.addAndGet(count);
                    // The slots are reused only after the loop thread has run this (call returns afterwards).
                    loop.run(() -> {
                        for (int i = 0; i < count; i++) {
                            target.onDatagram(wrapped[i], 0, lengths[i], sources[i]);
                        }
                    });
                }
            }
        } catch (final IOException | IllegalStateException e) {
            // closed (ClosedSelectorException, ClosedChannelException), or the switch stopped: nothing to deliver
        }
    }

    /** Stops the receiver (waits up to {@value #JOIN_MILLIS} ms) and closes the socket. Not on the loop thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        final Thread t = receiver;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(JOIN_MILLIS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            channel.close();
        } catch (final IOException e) {
            // nothing left to do
        }
        try {
            selector.close();
        } catch (final IOException e) {
            // nothing left to do
        }
    }

    private static InetAddress inet(final int address) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
            (byte) (address >>> 8), (byte) address});
    }

    private static int ipv4(final InetAddress a) {
        final byte[] b = a.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
