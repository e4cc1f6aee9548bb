package io.jvde.sw.observe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One capture: which frames it wants (ports, VLANs), its ring, and the writer thread that turns the ring into a
 * pcapng stream on a channel (a file, a socket, stdout). One Interface Description Block per port, written before
 * the port's first frame; at the end one Interface Statistics Block per port with the frames the ring could not
 * take ({@code isb_ifdrop}). A reader that stops reading blocks only this writer: the ring fills and further
 * frames are dropped and counted, the switch never waits.
 */
public final class CaptureSink implements AutoCloseable {
    /** Default ring size: about 400 full-size frames, thousands of small ones. */
    public static final int DEFAULT_RING_BYTES = 1 << 22;
    private static final long IDLE_PARK_NANOS = 1_000_000L;

    private final String name;
    private final BitSet ports;
    private final BitSet vlans;
    private final CaptureRing ring;
    private final WritableByteChannel out;
    private final long epochOffsetNanos;
    private final AtomicLongArray drops;
    private final AtomicReferenceArray<String> descriptions;
    private final int[] interfaceIds;
    private int interfaceCount;
    private final ByteBuffer block = Pcapng.buffer(1 << 18);
    private static final int MAX_BLOCK = Pcapng.enhancedPacketLength(Pcapng.SNAPLEN) + 1024;
    private final Thread writer;
    private volatile boolean closing;
    private volatile IOException failure;
    private long written;

    /**
     * A capture of the frames entering {@code ports} (null: every port) and belonging to {@code vlans} (null: every
     * VLAN), for a switch of at most {@code maxPorts} ports, into {@code out}.
     */
    public CaptureSink(final String name, final BitSet ports, final BitSet vlans, final int maxPorts,
                       final int ringBytes, final WritableByteChannel out) {
        this.name = name;
        this.ports = ports == null ? null : (BitSet) ports.clone();
        this.vlans = vlans == null ? null : (BitSet) vlans.clone();
        this.ring = new CaptureRing(ringBytes);
        this.out = out;
        this.drops = new AtomicLongArray(maxPorts);
        this.descriptions = new AtomicReferenceArray<>(maxPorts);
        this.interfaceIds = new int[maxPorts];
        java.util.Arrays.fill(interfaceIds, -1);
        final java.time.Instant now = java.time.Instant.now();
        this.epochOffsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
        this.writer = new Thread(this::writeLoop, "jvde-capture-" + name);
        writer.setDaemon(true);
    }

    public String name() {
        return name;
    }

    /** Starts the writer thread (the section header goes out first). */
    public CaptureSink start() {
        writer.start();
        return this;
    }

    /** Loop thread: whether this capture wants frames entering {@code port}. */
    boolean wantsPort(final int port) {
        return port < interfaceIds.length && (ports == null || ports.get(port));
    }

    /** Loop thread: whether this capture wants frames of VLAN {@code vid}. */
    boolean wantsVlan(final int vid) {
        return vlans == null || vlans.get(vid);
    }

    /** Loop thread: whether the port was described to the writer already. */
    boolean described(final int port) {
        return descriptions.get(port) != null;
    }

    /** Loop thread: the port's description, once, before its first frame. */
    void describe(final int port, final String description) {
        descriptions.set(port, description);
    }

    /** Loop thread: copies a frame in; false (counted) when the ring is full or the capture ends. */
    boolean offer(final int port, final long nanoTime, final ByteBuffer buf, final int off, final int len) {
        if (!closing && ring.offer(port, nanoTime, buf, off, Math.min(len, Pcapng.SNAPLEN))) {
            return true;
        }
        drops.incrementAndGet(port);
        return false;
    }

    /** Frames of {@code port} this capture dropped. */
    public long drops(final int port) {
        return port < drops.length() ? drops.get(port) : 0;
    }

    /** Every dropped frame. */
    public long totalDrops() {
        long sum = 0;
        for (int i = 0; i < drops.length(); i++) {
            sum += drops.get(i);
        }
        return sum;
    }

    /** Frames written so far (writer thread's count; approximate from other threads). */
    public long written() {
        return written;
    }

    /** Why the writer stopped early (the reader went away, the disk filled), or null. */
    public IOException failure() {
        return failure;
    }

    /** Whether the writer thread still runs (false once the reader went away). */
    public boolean alive() {
        return writer.isAlive();
    }

    /**
     * Ends the capture: the writer writes what the ring holds and the statistics, then closes the channel.
     * Remove the sink from its {@link CaptureTap} first, so the loop thread stops offering frames.
     */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        boolean interrupted = false;
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (writer.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                writer.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (writer.isAlive()) {
            closeQuietly(); // a reader that never reads: unblock the writer by closing its channel
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        try {
            block.clear();
            Pcapng.sectionHeader(block);
            flush();
            while (true) {
                final boolean last = closing;
                final int n = ring.drain(this::writeFrame);
                flush();
                if (last && n == 0) {
                    break;
                }
                if (n == 0) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            }
            final long now = System.nanoTime() + epochOffsetNanos;
            for (int port = 0; port < interfaceIds.length; port++) {
                if (interfaceIds[port] >= 0 || drops.get(port) != 0) {
                    room();
                    Pcapng.interfaceStatistics(block, interfaceId(port), now, drops.get(port));
                }
            }
            flush();
        } catch (IOException e) {
            failure = e;
        } finally {
            closeQuietly();
        }
    }

    private void writeFrame(final int port, final long nanoTime, final byte[] data, final int off, final int len)
            throws IOException {
        final int id = interfaceId(port);
        room();
        Pcapng.enhancedPacket(block, id, nanoTime + epochOffsetNanos, data, off, len);
        written++;
    }

    /** The port's interface id in this file, writing its description block first if it has none yet. */
    private int interfaceId(final int port) throws IOException {
        int id = interfaceIds[port];
        if (id < 0) {
            id = interfaceCount++;
            interfaceIds[port] = id;
            final String d = descriptions.get(port);
            room();
            Pcapng.interfaceDescription(block, "port " + port, d == null ? "" : d);
        }
        return id;
    }

    /** Flushes first when the buffer could not take one more block. */
    private void room() throws IOException {
        if (block.remaining() < MAX_BLOCK) {
            flush();
        }
    }

    private void flush() throws IOException {
        block.flip();
        while (block.hasRemaining()) {
            out.write(block);
        }
        block.clear();
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // the reader is gone; nothing to tell it
        }
    }
}
