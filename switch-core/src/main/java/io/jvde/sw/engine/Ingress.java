package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.sw.forward.EgressList;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.port.Port;

/**
 * The one way into the forwarding decision: every frame of every transport, received or injected by a local port,
 * passes through {@link #frame}, which counts it, lets the {@link Forwarder} learn and decide, and stages a copy
 * for every egress endpoint. A hook that must see every frame entering the switch belongs there.
 */
final class Ingress {
    final RxBatch rx;
    private final Forwarder forwarder;
    private final EgressList egress;
    private PortRegistry registry;
    private EgressBatcher batcher;
    private final EventLoop loop;
    /** The capture tap (io.jvde.sw.observe), or null: then nothing is called per frame. */
    io.jvde.sw.observe.FrameTap tap;
    /** Endpoints whose transport holds complete frames it already read (streams): received again each turn. */
    private Attachment[] backlog = new Attachment[16];
    private int backlogCount;

    Ingress(final RxBatch rx, final Forwarder forwarder, final EventLoop loop) {
        this.rx = rx;
        this.forwarder = forwarder;
        this.egress = forwarder.newEgressList();
        this.loop = loop;
    }

    void wire(final PortRegistry r, final EgressBatcher b) {
        this.registry = r;
        this.batcher = b;
    }

    void ensurePortCapacity(final int ports) {
        egress.ensureCapacity(ports * 2);
    }

    /** Receives one batch from {@code from}'s transport and forwards it. */
    void receive(final Attachment from) {
        final int n = from.transport.receive(rx, from);
        for (int i = 0; i < n; i++) {
            frame(from, i);
        }
        batcher.flush(from);
        if (from.transport.backlogged()) {
            backlog(from);
        }
    }

    /**
     * Puts {@code a} on the backlog: its transport holds frames it already read, received again each turn once it is
     * not paused ({@link Transport#backlogged} says when it is done).
     */
    void backlog(final Attachment a) {
        if (!a.inBacklog) {
            a.inBacklog = true;
            if (backlogCount == backlog.length) {
                backlog = java.util.Arrays.copyOf(backlog, backlogCount * 2);
            }
            backlog[backlogCount++] = a;
        }
    }

    /** Whether a backlogged endpoint can be read now (a paused one waits for its receiver: no busy turns). */
    boolean hasBacklog() {
        for (int i = 0; i < backlogCount; i++) {
            if (backlog[i].pausedBy == null) {
                return true;
            }
        }
        return false;
    }

    /** Once per turn: one more batch from every backlogged endpoint that is not paused. */
    void receiveBacklog() {
        final int n = backlogCount;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            final Attachment a = backlog[i];
            backlog[i] = null;
            if (a.dead || !a.transport.backlogged()) {
                a.inBacklog = false;
            } else if (a.pausedBy != null) {
                backlog[kept++] = a;
            } else {
                a.inBacklog = false;
                receive(a); // may append it again, after n
            }
        }
        // entries appended during the pass sit at [n, backlogCount): move them behind the kept ones
        for (int i = n; i < backlogCount; i++) {
            backlog[kept++] = backlog[i];
            backlog[i] = null;
        }
        backlogCount = kept;
    }

    /**
     * Forwards the frame in receive slot {@code slot}, which entered the switch through {@code from}: the single
     * ingress point of every transport. The caller flushes {@link EgressBatcher} after its batch.
     */
    void frame(final Attachment from, final int slot) {
        final int len = rx.length(slot);
        if (len == 0) {
            return; // classic libvdeplug sends an empty datagram on close; the ctl EOF tears it down
        }
        final Port in = registry.ports[from.port()];
        in.inPackets++;
        in.inBytes += len;
        if (rx.truncated(slot)) {
            registry.drop(in, DropReason.OVERSIZE.ordinal());
            return;
        }
        final int off = RxBatch.offset(slot);
        if (tap != null) {
            tap.onIngress(from.port(), rx.buffer, off, len, loop.nowNanos); // as it entered, tags as on the wire
        }
        final int r;
        if (from.local() == null) {
            // a trusted uplink's frames pass the filter unjudged; it still sees them (the guard snoops ACKs)
            r = from.transport.trusted()
                ? forwarder.decideTrusted(rx.buffer, off, len, from.port(), loop.nowNanos, egress)
                : forwarder.decide(rx.buffer, off, len, from.port(), loop.nowNanos, egress, true);
        } else if (rx.target[slot] < 0) {
            r = forwarder.decide(rx.buffer, off, len, from.port(), loop.nowNanos, egress, false);
        } else {
            r = forwarder.decideDirected(rx.buffer, off, len, from.port(), rx.target[slot], loop.nowNanos, egress);
        }
        if (r != Forwarder.FORWARD) {
            registry.drop(in, r);
            return;
        }
        rx.tci(slot, egress.tci());
        final int count = egress.count();
        final boolean flood = egress.flood();
        for (int k = 0; k < count; k++) {
            final Port p = registry.ports[egress.port(k)];
            final int action = egress.action(k);
            final boolean droppable = flood || egress.mirror(k);
            for (int j = 0, m = p.endpointCount(); j < m; j++) {
                final Attachment to = (Attachment) p.endpoint(j);
                if (!to.transport.refuses(from.transport, flood)) {
                    batcher.stage(to, from, slot, len, action, droppable);
                }
            }
        }
    }
}
