package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.sw.frame.VlanTagging;
import io.jvde.sw.port.Port;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;

import java.util.ArrayList;
import java.util.List;

/**
 * Lossless unicast with a bounded stall: frames a receiver's socket does not take are copied into its bounded
 * overflow queue (frame-pool slots) and sent on EPOLLOUT. When the queue passes {@link #PAUSE_AT}, the sender of
 * the frame stops being read until the queue drains below {@link #RESUME_AT}; the blocking client's own socket then
 * fills and it slows down instead of losing frames. A receiver that makes no progress for the stall timeout is
 * marked stalled: its senders are released and frames to it are dropped once its queue is full. Peers of one
 * {@code --dgram} socket share it, so pausing any of them stops reading that socket until every pause is lifted.
 */
final class BackPressure {
    static final int PAUSE_AT = 64;
    static final int RESUME_AT = 16;

    private final RxBatch rx;
    private final FramePool pool;
    private final PortRegistry registry;
    private final EventLoop loop;
    private final SwitchLog log;
    private final MmsgVector drainVector = new MmsgVector(Attachment.TX_BATCH, 1);
    private final List<Attachment> congested = new ArrayList<>();

    BackPressure(final RxBatch rx, final FramePool pool, final PortRegistry registry, final EventLoop loop,
                 final SwitchLog log) {
        this.rx = rx;
        this.pool = pool;
        this.registry = registry;
        this.loop = loop;
        this.log = log;
    }

    boolean anyCongested() {
        return !congested.isEmpty();
    }

    /** Copies staged frame {@code k} of {@code e} into its queue, or drops it when the queue or the pool is full. */
    void enqueue(final Attachment e, final int k, final Attachment sender) {
        final Port out = registry.ports[e.port()];
        final int slot = e.queueCount < e.queue.length ? pool.acquire() : -1;
        if (slot < 0) {
            registry.drop(out, e.stalled ? DropReason.EGRESS_STALLED.ordinal()
                : DropReason.EGRESS_QUEUE_FULL.ordinal());
            return;
        }
        final int rxSlot = e.stagedRxSlot[k];
        final int len = VlanTagging.copyVariant(rx.buffer, RxBatch.offset(rxSlot), e.stagedLength[k],
            e.stagedAction[k], rx.tci(rxSlot), pool.buffer(), pool.offset(slot));
        pool.length(slot, len);
        e.queue[(e.queueHead + e.queueCount) % e.queue.length] = slot;
        e.queueCount++;
        if (e.queueCount == 1) {
            e.congestedSinceNanos = loop.nowNanos;
            congested.add(e);
            registry.setInterest(e, e.interest | Native.EPOLLOUT);
        }
        if (!e.stalled && e.queueCount >= PAUSE_AT && sender != null && sender != e && sender.pausedBy == null
            && sender.local() == null) { // local ports are never paused; every transport can be
            sender.pausedBy = e;
            e.addWaiter(sender);
            stopReading(sender);
        }
    }

    /** The transport holds the rest of a frame it could not write: tell it when the socket has room. */
    void watchWrite(final Attachment e) {
        registry.setInterest(e, e.interest | Native.EPOLLOUT);
    }

    /** EPOLLOUT on a congested endpoint: send queued frames until the socket is full again or the queue is empty. */
    void drain(final Attachment e) {
        final Port out = registry.ports[e.port()];
        if (e.queueCount == 0 && e.transport.writePending()) {
            e.transport.send(drainVector, 0, e); // only the rest of a cut frame
        }
        while (e.queueCount > 0 && !e.dead) {
            final int batch = Math.min(e.queueCount, Attachment.TX_BATCH);
            for (int k = 0; k < batch; k++) {
                final int slot = e.queue[(e.queueHead + k) % e.queue.length];
                drainVector.iov(k, 0, pool.address(slot), pool.length(slot));
                drainVector.iovCount(k, 1);
            }
            final int sent = e.transport.send(drainVector, batch, e);
            if (sent == 0) {
                break;
            }
            for (int k = 0; k < sent; k++) {
                final int slot = e.queue[e.queueHead];
                out.outPackets++;
                out.outBytes += pool.length(slot);
                pool.release(slot);
                e.queueHead = (e.queueHead + 1) % e.queue.length;
                e.queueCount--;
            }
            e.congestedSinceNanos = loop.nowNanos; // progress: the stall clock restarts
        }
        if (e.queueCount <= RESUME_AT) {
            resumeWaiters(e);
        }
        if (e.queueCount == 0 && !e.transport.writePending()) {
            e.stalled = false;
            registry.setInterest(e, e.interest & ~Native.EPOLLOUT);
        }
    }

    private void resumeWaiters(final Attachment e) {
        for (int i = 0; i < e.waiterCount; i++) {
            final Attachment w = e.waiters[i];
            e.waiters[i] = null;
            if (w.pausedBy == e) {
                w.pausedBy = null;
                resumeReading(w);
            }
        }
        e.waiterCount = 0;
    }

    /** Housekeeping: a receiver whose queue made no progress for {@code stallMillis} is released. */
    void checkStalls(final long stallMillis) {
        final long stallNanos = stallMillis * 1_000_000L;
        for (int i = congested.size() - 1; i >= 0; i--) {
            final Attachment e = congested.get(i);
            if (e.queueCount == 0) {
                congested.remove(i);
            } else if (!e.stalled && loop.nowNanos - e.congestedSinceNanos > stallNanos) {
                e.stalled = true;
                log.log("port " + e.port() + " endpoint " + e.id() + ": receiver made no progress for "
                    + stallMillis + " ms; releasing its senders and dropping frames to it until it reads again");
                resumeWaiters(e);
            }
        }
    }

    /** Teardown of {@code e}: frees its queue and undoes every back-pressure link to and from it. */
    void forget(final Attachment e) {
        while (e.queueCount > 0) {
            pool.release(e.queue[e.queueHead]);
            e.queueHead = (e.queueHead + 1) % e.queue.length;
            e.queueCount--;
        }
        congested.remove(e);
        resumeWaiters(e);
        if (e.pausedBy != null) {
            e.pausedBy.removeWaiter(e);
            e.pausedBy = null;
            resumeReading(e);
        }
    }

    /**
     * Pauses {@code sender}: unless its transport pauses its reads itself ({@link Transport#pauseReading}: a peer of
     * a shared dgram socket stops the whole socket), its fd leaves EPOLLIN; a VXLAN peer's transport is told through
     * {@link PortRegistry#setInterest} and stops reading the tunnel.
     */
    private void stopReading(final Attachment sender) {
        if (!sender.transport.pauseReading()) {
            registry.setInterest(sender, sender.interest & ~Native.EPOLLIN);
        }
    }

    /** Undoes {@link #stopReading} (a dead endpoint still releases a hold its transport took on a shared socket). */
    private void resumeReading(final Attachment w) {
        if (!w.transport.resumeReading() && !w.dead) {
            registry.setInterest(w, w.interest | Native.EPOLLIN);
        }
    }

    void free() {
        drainVector.free();
    }
}
