package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.sw.forward.EgressAction;
import io.jvde.sw.frame.VlanTagging;
import io.jvde.sw.port.Port;
import io.jvde.vde.sys.MmsgVector;

import java.util.Arrays;

/**
 * Egress batching: each frame a batch sends to an endpoint is staged as iovecs pointing into the receive buffer
 * (a 4-byte tag spliced in or cut out by scatter/gather), and each endpoint's staged frames leave in one
 * {@link Transport#send} when the batch is flushed. What its socket does not take goes to {@link BackPressure}.
 */
final class EgressBatcher {
    private final RxBatch rx;
    private final PortRegistry registry;
    private final BackPressure backPressure;
    private final LocalPorts localPorts;
    private Attachment[] dirty = new Attachment[64];
    private int dirtyCount;

    EgressBatcher(final RxBatch rx, final PortRegistry registry, final BackPressure backPressure,
                  final LocalPorts localPorts) {
        this.rx = rx;
        this.registry = registry;
        this.backPressure = backPressure;
        this.localPorts = localPorts;
    }

    /** Stages receive slot {@code slot} for {@code e}; a local port gets it at once. */
    void stage(final Attachment e, final Attachment sender, final int slot, final int len, final int action,
               final boolean droppable) {
        if (action == EgressAction.PUSH_TAG && len + 4 > SwitchSettings.MAX_FRAME) {
            // no room for the tag in any client's buffer
            registry.drop(registry.ports[e.port()], DropReason.OVERSIZE.ordinal());
            return;
        }
        if (e.tx == null) {
            localPorts.deliver(e, sender, slot, len, action);
            return;
        }
        if (e.staged == Attachment.TX_BATCH) {
            flushEndpoint(e, sender);
        }
        if (!e.dirty) {
            e.dirty = true;
            if (dirtyCount == dirty.length) {
                dirty = Arrays.copyOf(dirty, dirtyCount * 2);
            }
            dirty[dirtyCount++] = e;
        }
        final int k = e.staged++;
        final long base = rx.address(slot);
        final MmsgVector tx = e.tx;
        switch (action) {
            case EgressAction.PUSH_TAG:
                tx.iov(k, 0, base, 12);
                tx.iov(k, 1, rx.tagAddress(slot), 4);
                tx.iov(k, 2, base + 12, len - 12);
                tx.iovCount(k, 3);
                break;
            case EgressAction.POP_TAG:
                tx.iov(k, 0, base, 12);
                tx.iov(k, 1, base + 16, len - 16);
                tx.iovCount(k, 2);
                break;
            default:
                tx.iov(k, 0, base, len);
                tx.iovCount(k, 1);
                break;
        }
        e.stagedRxSlot[k] = slot;
        e.stagedAction[k] = (byte) action;
        e.stagedDroppable[k] = droppable;
        e.stagedLength[k] = len;
    }

    /** Sends every endpoint's staged frames; {@code sender} is paused by receivers that fall behind. */
    void flush(final Attachment sender) {
        for (int i = 0; i < dirtyCount; i++) {
            final Attachment e = dirty[i];
            e.dirty = false;
            if (e.staged > 0) {
                flushEndpoint(e, sender);
            }
            dirty[i] = null;
        }
        dirtyCount = 0;
    }

    /** Sends the staged batch of {@code e}; what does not fit is queued (unicast) or dropped (flood, mirror). */
    private void flushEndpoint(final Attachment e, final Attachment sender) {
        final int n = e.staged;
        e.staged = 0;
        final Port out = registry.ports[e.port()];
        if (e.dead) {
            for (int k = 0; k < n; k++) {
                registry.drop(out, DropReason.ENDPOINT_GONE.ordinal());
            }
            return;
        }
        int sent = 0;
        if (e.queueCount == 0) {
            sent = e.transport.send(e.tx, n, e);
            if (e.transport.writePending()) {
                backPressure.watchWrite(e); // a stream cut inside a frame: finish it on EPOLLOUT
            }
            for (int k = 0; k < sent; k++) {
                out.outPackets++;
                out.outBytes += VlanTagging.variantLength(e.stagedLength[k], e.stagedAction[k]);
            }
        }
        for (int k = sent; k < n; k++) {
            if (e.dead) {
                registry.drop(out, DropReason.ENDPOINT_GONE.ordinal());
            } else if (e.stagedDroppable[k]) {
                registry.drop(out, DropReason.FLOOD_EGRESS_FULL.ordinal());
            } else {
                backPressure.enqueue(e, k, sender);
            }
        }
    }
}
