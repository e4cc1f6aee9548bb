package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.frame.VlanTagging;
import io.jvde.sw.port.LocalPortHandler;
import io.jvde.sw.port.Port;
import io.jvde.vde.sys.NativeMemory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process ports: delivery to their handlers, the queue of frames they inject (forwarded after the current
 * batch, through the receive slots and {@link Ingress#frame} like received frames), their batch-end calls and ticks.
 */
final class LocalPorts {
    private static final int INJECT_CAPACITY = 1024;

    private final RxBatch rx;
    private final FramePool pool;
    private final Forwarder forwarder;
    private PortRegistry registry;
    private Ingress ingress;
    private EgressBatcher batcher;
    /** A local port's view of one outgoing frame (after tag insertion or removal). */
    private final NativeMemory scratch = NativeMemory.allocate(RxBatch.SLOT_SIZE);
    /** Frames injected by local ports, forwarded after the current batch: pool slots and their senders. */
    private final int[] injectSlots = new int[INJECT_CAPACITY];
    private final Attachment[] injectFrom = new Attachment[INJECT_CAPACITY];
    /** Per injected frame: the one port it is addressed to, or -1. */
    private final int[] injectTarget = new int[INJECT_CAPACITY];
    private int injectCount;
    private final List<LocalTransport> ports = new ArrayList<>();
    private final List<LocalTransport> touched = new ArrayList<>();
    private final EventLoop loop;
    /** Some port asked for onBatchEnd from another thread ({@link LocalTransport#wakeup}). */
    private volatile boolean wakeRequested;

    LocalPorts(final RxBatch rx, final FramePool pool, final Forwarder forwarder, final EventLoop loop) {
        this.rx = rx;
        this.pool = pool;
        this.forwarder = forwarder;
        this.loop = loop;
    }

    /** Any thread: the next turn runs the batch ends of the ports that asked; wakes the loop. */
    void wake() {
        wakeRequested = true;
        loop.wake();
    }

    void wire(final PortRegistry r, final Ingress i, final EgressBatcher b) {
        this.registry = r;
        this.ingress = i;
        this.batcher = b;
    }

    /** Attaches an in-process port on an automatically chosen port (or {@code port} when >= 0). */
    int attach(final int port, final String description, final LocalPortHandler handler) {
        final int p = port >= 0 ? port : registry.autoPort();
        if (p < 0) {
            return -1;
        }
        registry.growPorts(Math.max(registry.portCount, p + 1));
        final LocalTransport t = new LocalTransport(handler, description, this);
        final Attachment e = registry.newAttachment(registry.nextEndpointId(), p, t, 0, 1);
        t.self = e;
        ports.add(t);
        registry.attach(e);
        return p;
    }

    void remove(final LocalTransport t) {
        ports.remove(t); // a batch it received this turn still ends (onBatchEnd): its work may need finishing
    }

    /** Calls {@code e}'s handler with receive slot {@code slot} as it leaves on {@code e}'s port. */
    void deliver(final Attachment e, final Attachment sender, final int slot, final int len, final int action) {
        final Port out = registry.ports[e.port()];
        final int n = VlanTagging.copyVariant(rx.buffer, RxBatch.offset(slot), len, action, rx.tci(slot),
            scratch.buffer(), 0);
        out.outPackets++;
        out.outBytes += n;
        final LocalTransport lp = e.local();
        if (!lp.touched) {
            lp.touched = true;
            touched.add(lp);
        }
        lp.handler.onFrame(scratch.buffer(), 0, n, sender.port(), lp);
    }

    boolean injectTo(final Attachment from, final int egressPort, final ByteBuffer frame, final int offset,
                     final int length) {
        if (egressPort < 0) {
            registry.drop(registry.ports[from.port()], DropReason.DST_PORT_INACTIVE.ordinal()); // no such port
            return false;
        }
        return inject(from, frame, offset, length, egressPort);
    }

    boolean inject(final Attachment from, final ByteBuffer frame, final int offset, final int length,
                   final int target) {
        final Port in = registry.ports[from.port()];
        if (length > SwitchSettings.MAX_FRAME) {
            registry.drop(in, DropReason.OVERSIZE.ordinal());
            return false;
        }
        if (target >= 0) {
            // checked now so the caller learns it; checked again when sent, as a command may run in between
            final int r = forwarder.checkDirected(frame, offset, length, from.port(), target);
            if (r != Forwarder.FORWARD) {
                registry.drop(in, r);
                return false;
            }
        }
        final int slot = injectCount < injectSlots.length ? pool.acquire() : -1;
        if (slot < 0) {
            registry.drop(in, DropReason.EGRESS_QUEUE_FULL.ordinal());
            return false;
        }
        pool.buffer().put(pool.offset(slot), frame, offset, length);
        pool.length(slot, length);
        injectSlots[injectCount] = slot;
        injectFrom[injectCount] = from;
        injectTarget[injectCount] = target;
        injectCount++;
        return true;
    }

    /** Calls onBatchEnd of every handler that received frames in this turn. */
    void endBatches() {
        if (wakeRequested) {
            wakeRequested = false;
            for (int i = 0; i < ports.size(); i++) {
                final LocalTransport lp = ports.get(i);
                if (lp.wakeRequested) {
                    lp.wakeRequested = false;
                    if (!lp.touched) {
                        lp.touched = true;
                        touched.add(lp);
                    }
                }
            }
        }
        // a handler's injected frames may reach another local port; loop until every batch is closed
        for (int i = 0; i < touched.size(); i++) {
            final LocalTransport lp = touched.get(i);
            lp.touched = false;
            lp.handler.onBatchEnd(lp);
        }
        touched.clear();
    }

    /** Forwards frames local ports injected, in batches through the receive slots, like received frames. */
    void forwardInjected() {
        int next = 0;
        while (next < injectCount) {
            final Attachment from = injectFrom[next];
            int n = 0;
            while (next + n < injectCount && n < RxBatch.SLOTS && injectFrom[next + n] == from) {
                final int slot = injectSlots[next + n];
                final int len = pool.length(slot);
                rx.buffer.put(RxBatch.offset(n), pool.buffer(), pool.offset(slot), len);
                rx.length(n, len);
                rx.target[n] = injectTarget[next + n];
                pool.release(slot);
                injectFrom[next + n] = null;
                n++;
            }
            next += n;
            if (from.dead) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                ingress.frame(from, i);
            }
            batcher.flush(from);
        }
        injectCount = 0;
    }

    /** About every 20 ms: the handlers' timers. */
    void tick(final long nowNanos) {
        for (int i = 0; i < ports.size(); i++) {
            final LocalTransport lp = ports.get(i);
            lp.handler.onTick(nowNanos, lp);
        }
    }
}
