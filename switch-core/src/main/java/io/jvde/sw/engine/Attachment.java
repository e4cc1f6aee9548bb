package io.jvde.sw.engine;

import io.jvde.sw.port.Endpoint;
import io.jvde.sw.port.Port;
import io.jvde.vde.sys.MmsgVector;

import java.util.Arrays;

/**
 * An endpoint as the engine sees it: its {@link Transport} and its data-path state, which is the same for every
 * transport: the staged transmit batch (iovecs into the receive buffer), the bounded overflow queue of copied
 * frames, and the back-pressure links between a congested receiver and the senders it paused. Loop thread only.
 */
final class Attachment extends Endpoint implements EventLoop.Handler {
    /** Frames staged for one send (at most one receive batch). */
    static final int TX_BATCH = RxBatch.SLOTS;
    /** iovecs per staged frame: MAC header, inserted tag, rest of frame. */
    static final int TX_IOVECS = 3;

    final Transport transport;
    private final PortRegistry registry;
    /** Index in the registry's endpoint table. */
    final int slot;
    /** The loop key of the transport's fd, or -1. */
    int key = -1;

    // --- transmit staging ---
    final MmsgVector tx;
    int staged;
    final int[] stagedRxSlot = new int[TX_BATCH];
    final byte[] stagedAction = new byte[TX_BATCH];
    final boolean[] stagedDroppable = new boolean[TX_BATCH];
    final int[] stagedLength = new int[TX_BATCH];
    boolean dirty;

    // --- overflow queue: ring of frame-pool slots ---
    final int[] queue;
    int queueHead;
    int queueCount;
    long congestedSinceNanos;
    boolean stalled;

    // --- back-pressure ---
    Attachment pausedBy;
    Attachment[] waiters = new Attachment[4];
    int waiterCount;
    int interest;

    /** In {@link Ingress}'s backlog (its transport holds frames already read). */
    boolean inBacklog;

    boolean dead;
    String deathReason;

    Attachment(final PortRegistry registry, final int id, final int slot, final int port, final Transport transport,
               final int user, final int queueCapacity, final long nowNanos) {
        super(id, port, user, nowNanos);
        this.registry = registry;
        this.slot = slot;
        this.transport = transport;
        this.tx = transport instanceof LocalTransport ? null : new MmsgVector(TX_BATCH, TX_IOVECS);
        this.queue = new int[queueCapacity];
    }

    @Override
    public String module() {
        return transport.module();
    }

    @Override
    public String description() {
        return transport.description();
    }

    /** The in-process port behind this endpoint, or null. */
    LocalTransport local() {
        return transport instanceof LocalTransport ? (LocalTransport) transport : null;
    }

    /** Schedules teardown at the end of this turn (never mid-batch); the first reason is logged. */
    void kill(final String reason) {
        registry.markDead(this, reason);
    }

    /** Counts a frame of this endpoint's port dropped for {@code reason} (a {@code DropReason} id). */
    void drop(final int reason) {
        registry.drop(registry.ports[port()], reason);
    }

    /**
     * A frame of {@code bytes} the transport consumed without delivering it: a drop for {@code reason}, and taken out
     * of the port's output, which the caller counts for every frame the transport consumed.
     */
    void discard(final int reason, final long bytes) {
        final Port out = registry.ports[port()];
        registry.drop(out, reason);
        out.outPackets--;
        out.outBytes -= bytes;
    }

    /** Epoll reported the transport's fd ready. */
    @Override
    public void onReady(final int events) {
        registry.onReady(this, events);
    }

    void addWaiter(final Attachment e) {
        if (waiterCount == waiters.length) {
            waiters = Arrays.copyOf(waiters, waiterCount * 2);
        }
        waiters[waiterCount++] = e;
    }

    void removeWaiter(final Attachment e) {
        for (int i = 0; i < waiterCount; i++) {
            if (waiters[i] == e) {
                waiters[i] = waiters[--waiterCount];
                waiters[waiterCount] = null;
                return;
            }
        }
    }

    void freeNative() {
        if (tx != null) {
            tx.free();
        }
    }
}
