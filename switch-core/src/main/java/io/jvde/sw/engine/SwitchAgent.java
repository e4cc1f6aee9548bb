package io.jvde.sw.engine;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.DropReason;
import io.jvde.sw.forward.EgressAction;
import io.jvde.sw.forward.EgressList;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.frame.VlanTagging;
import io.jvde.sw.port.Endpoint;
import io.jvde.sw.port.EndpointKind;
import io.jvde.sw.port.LocalPortContext;
import io.jvde.sw.port.LocalPortHandler;
import io.jvde.sw.port.Port;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.vde.sys.EpollSet;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The switch's single event-loop thread. It owns every port, endpoint, the MAC table and the VLAN table; other
 * threads reach it only through {@link #submit}. One turn of the loop: wait on epoll, then for each ready fd
 * accept/handshake a client, tear down an endpoint whose control stream spoke or closed, receive a batch of
 * frames (recvmmsg) and forward them, or drain an endpoint's overflow queue; then run commands and housekeeping.
 *
 * <p>Forwarding a batch allocates nothing: frames stay in one receive buffer, the decision fills a reusable
 * {@link EgressList}, and each egress endpoint gets sendmmsg entries whose iovecs point into that buffer (with a
 * 4-byte tag spliced in or cut out by scatter/gather). Frames that do not fit into a receiver's socket are copied
 * into its bounded overflow queue (unicast) or dropped and counted (flooded and mirrored copies).
 *
 * <p>Back-pressure: when a receiver's queue passes {@link #PAUSE_AT}, the sender of the frame stops being read
 * until the queue drains below {@link #RESUME_AT}; the blocking client's own socket then fills and it slows down
 * instead of losing frames. A receiver that makes no progress for the stall timeout is marked stalled: its
 * senders are released and frames to it are dropped once its queue is full, so it cannot hold others back longer.
 */
final class SwitchAgent implements Runnable {
    static final int RX_BATCH = 32;
    static final int HEADROOM = 4;
    static final int RX_SLOT = 9248;
    static final int QUEUE_CAPACITY = 256;
    static final int PAUSE_AT = 64;
    static final int RESUME_AT = 16;
    static final int POOL_SLOTS = 8192;
    static final long HOUSEKEEPING_NANOS = 20_000_000L;

    static final long TOKEN_KIND_SHIFT = 32;
    static final long KIND_LISTEN = 1;
    static final long KIND_WAKE = 2;
    static final long KIND_HANDSHAKE = 3;
    static final long KIND_CTL = 4;
    static final long KIND_DATA = 5;

    private final LibC libc = Native.libc();
    final SwitchSettings settings;
    final SwitchLog log;
    final EpollSet epoll = new EpollSet(256);
    final int wakeFd;
    private final NativeMemory wakeBuf = NativeMemory.allocate(8);
    private final NativeMemory wakeOne = NativeMemory.allocate(8);
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();

    // receive side
    private final NativeMemory rxMemory = NativeMemory.allocate(RX_BATCH * RX_SLOT, false);
    private final ByteBuffer rx = rxMemory.buffer();
    private final MmsgVector rxVector = new MmsgVector(RX_BATCH, 1);
    /** Per receive slot: 0x8100 + TCI to splice in when a frame leaves tagged. */
    private final NativeMemory tagMemory = NativeMemory.allocate(RX_BATCH * 4);

    // forwarding state
    final MacTable macTable;
    final VlanTable vlanTable;
    final Forwarder forwarder;
    private final EgressList egress;
    final FramePool pool = new FramePool(RX_SLOT, POOL_SLOTS);
    private final MmsgVector drainVector = new MmsgVector(Endpoint.TX_BATCH, 1);
    private final int[] rxTapLength = new int[RX_BATCH];
    /** A local port's view of one outgoing frame (after tag insertion or removal). */
    private final NativeMemory localScratch = NativeMemory.allocate(RX_SLOT);
    /** Frames injected by local ports, forwarded after the current batch: pool slots and their senders. */
    private final int[] injectSlots = new int[1024];
    private final Endpoint[] injectFrom = new Endpoint[1024];
    /** Per injected frame: the one port it is addressed to ({@link LocalPortContext#injectTo}), or -1. */
    private final int[] injectTarget = new int[1024];
    private int injectCount;
    /** Per receive slot while injected frames are forwarded: their target port, or -1. */
    private final int[] rxTarget = new int[RX_BATCH];
    private long loggedFilterFailures;
    private final List<LocalPort> localPorts = new ArrayList<>();
    private final List<LocalPort> touchedLocalPorts = new ArrayList<>();

    /** A local port's endpoint, handler and context. */
    private final class LocalPort implements LocalPortContext {
        final Endpoint endpoint;
        final LocalPortHandler handler;
        boolean touched;

        LocalPort(final Endpoint endpoint, final LocalPortHandler handler) {
            this.endpoint = endpoint;
            this.handler = handler;
        }

        @Override
        public int port() {
            return endpoint.port();
        }

        @Override
        public boolean inject(final ByteBuffer frame, final int offset, final int length) {
            return injectFrame(endpoint, frame, offset, length, -1);
        }

        @Override
        public boolean injectTo(final int egressPort, final ByteBuffer frame, final int offset, final int length) {
            if (egressPort < 0) {
                drop(ports[endpoint.port()], DropReason.DST_PORT_INACTIVE.ordinal()); // no such port
                return false;
            }
            return injectFrame(endpoint, frame, offset, length, egressPort);
        }
    }

    // ports and endpoints
    Port[] ports;
    int portCount;
    Endpoint[] endpointsBySlot = new Endpoint[64];
    private int[] freeEndpointSlots = new int[64];
    private int freeEndpointSlotCount;
    private int nextEndpointSlot;
    private int nextEndpointId = 1;
    private Endpoint[] dirty = new Endpoint[64];
    private int dirtyCount;
    private final List<Endpoint> congested = new ArrayList<>();
    private final List<Endpoint> deadList = new ArrayList<>();

    final ControlAcceptor control;
    /** Observers (io.jvde.sw.observe): state changes, and a tap on ingress frames (null = no capture). */
    io.jvde.sw.observe.SwitchEvents observer = io.jvde.sw.observe.SwitchEvents.NONE;
    io.jvde.sw.observe.FrameTap tap;

    long nowNanos;
    private long nextHousekeeping;
    private volatile boolean running = true;
    final long startNanos;

    SwitchAgent(final SwitchSettings settings, final SwitchLog log, final ControlAcceptor control) {
        this.settings = settings;
        this.log = log;
        this.control = control;
        this.startNanos = System.nanoTime();
        this.nowNanos = startNanos;
        this.wakeFd = Native.check(libc.eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC), "eventfd");
        wakeOne.putLongLE(0, 1);
        this.macTable = new MacTable(settings.macCapacity(), settings.macAgeSeconds() * 1_000_000_000L,
            settings.macMinPersistenceSeconds() * 1_000_000_000L);
        this.vlanTable = new VlanTable(macTable, settings.vlanStrict(), settings.numPorts());
        this.forwarder = new Forwarder(macTable, vlanTable);
        forwarder.hub(settings.hub());
        this.egress = forwarder.newEgressList();
        this.ports = new Port[0];
        growPorts(settings.numPorts());
        for (int i = 0; i < RX_BATCH; i++) {
            rxVector.iov(i, 0, rxMemory.address() + (long) i * RX_SLOT + HEADROOM, SwitchSettings.MAX_FRAME);
            tagMemory.buffer().putShort(i * 4, (short) 0x8100);
        }
        epoll.add(wakeFd, Native.EPOLLIN, KIND_WAKE << TOKEN_KIND_SHIFT);
        control.attach(this);
    }

    // ------------------------------------------------------------------ commands from other threads

    /** Queues {@code command} to run on the loop thread and wakes the loop. */
    void submit(final Runnable command) {
        commands.add(command);
        libc.write(wakeFd, wakeOne.address(), 8);
    }

    boolean running() {
        return running;
    }

    /** Asks the loop to stop after the current turn (any thread). */
    void stop() {
        running = false;
        libc.write(wakeFd, wakeOne.address(), 8);
    }

    // ------------------------------------------------------------------ the loop

    @Override
    public void run() {
        try {
            while (running) {
                final int timeout = congested.isEmpty() && !control.hasPendingHandshakes() ? 500 : 10;
                final int n = epoll.await(timeout);
                nowNanos = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    dispatch(epoll.token(i), epoll.eventMask(i));
                }
                endLocalBatches();
                forwardInjected();
                reapDead();
                runCommands();
                forwardInjected();
                if (nowNanos - nextHousekeeping >= 0) {
                    housekeeping();
                    nextHousekeeping = nowNanos + HOUSEKEEPING_NANOS;
                }
            }
        } catch (RuntimeException | Error e) {
            log.log("event loop failed: " + e);
            throw e;
        } finally {
            shutdown();
        }
    }

    private void dispatch(final long token, final int events) {
        final int kind = (int) (token >>> TOKEN_KIND_SHIFT);
        final int index = (int) token;
        switch (kind) {
            case (int) KIND_DATA: {
                final Endpoint e = endpointsBySlot[index];
                if (e == null || e.dead) {
                    return;
                }
                if ((events & Native.EPOLLOUT) != 0) {
                    drainQueue(e);
                }
                if ((events & (Native.EPOLLIN | Native.EPOLLERR | Native.EPOLLHUP)) != 0 && e.pausedBy == null) {
                    receive(e);
                }
                return;
            }
            case (int) KIND_CTL: {
                final Endpoint e = endpointsBySlot[index];
                if (e != null && !e.dead) {
                    // The control stream is silent after the handshake: any byte or EOF ends the endpoint
                    // completely (vde_switch left a zombie endpoint here, vde-protocol.md §2.8).
                    markDead(e, control.describeCtlEvent(e));
                }
                return;
            }
            case (int) KIND_LISTEN:
                control.onAcceptable();
                return;
            case (int) KIND_HANDSHAKE:
                control.onHandshakeReadable(index);
                return;
            case (int) KIND_WAKE:
                libc.read(wakeFd, wakeBuf.address(), 8);
                return;
            default:
                return;
        }
    }

    private void runCommands() {
        Runnable r;
        while ((r = commands.poll()) != null) {
            r.run();
        }
    }

    private void housekeeping() {
        macTable.sweep(nowNanos, 4096);
        if (forwarder.filterFailures() != 0 && loggedFilterFailures == 0) {
            loggedFilterFailures = forwarder.filterFailures();
            log.log("ingress filter failed, frame refused (counted as filtered; logged once): "
                + forwarder.lastFilterFailure());
        }
        control.expireHandshakes(nowNanos);
        for (int i = 0; i < localPorts.size(); i++) {
            final LocalPort lp = localPorts.get(i);
            lp.handler.onTick(nowNanos, lp);
        }
        final long stallNanos = settings.stallTimeoutMillis() * 1_000_000L;
        for (int i = congested.size() - 1; i >= 0; i--) {
            final Endpoint e = congested.get(i);
            if (e.queueCount == 0) {
                congested.remove(i);
            } else if (!e.stalled && nowNanos - e.congestedSinceNanos > stallNanos) {
                e.stalled = true;
                log.log("port " + e.port() + " endpoint " + e.id() + ": receiver made no progress for "
                    + settings.stallTimeoutMillis() + " ms; releasing its senders and dropping frames to it "
                    + "until it reads again");
                resumeWaiters(e);
            }
        }
    }

    // ------------------------------------------------------------------ receive and forward

    private void receive(final Endpoint s) {
        final int n;
        if (s.kind() == EndpointKind.TAP) {
            n = readTap(s);
        } else {
            for (int i = 0; i < RX_BATCH; i++) {
                rxVector.clearFlags(i);
            }
            n = libc.recvmmsg(s.dataFd(), rxVector.address(0), RX_BATCH, Native.MSG_DONTWAIT, 0);
            if (n < 0) {
                final int err = Native.errno();
                if (err != Native.EAGAIN && err != Native.EINTR) {
                    markDead(s, "receive: " + Native.strerror(err));
                }
                return;
            }
        }
        final Port in = ports[s.port()];
        for (int i = 0; i < n; i++) {
            final int len = s.kind() == EndpointKind.TAP ? rxTapLength[i] : rxVector.length(i);
            if (len == 0) {
                continue; // classic libvdeplug sends an empty datagram on close; the ctl EOF tears it down
            }
            in.inPackets++;
            in.inBytes += len;
            if (s.kind() != EndpointKind.TAP && (rxVector.flags(i) & Native.MSG_TRUNC) != 0) {
                drop(in, DropReason.OVERSIZE.ordinal());
                continue;
            }
            forward(s, i, len);
        }
        flush(s);
    }

    private int readTap(final Endpoint s) {
        int n = 0;
        while (n < RX_BATCH) {
            final long r = libc.read(s.dataFd(), rxMemory.address() + (long) n * RX_SLOT + HEADROOM,
                SwitchSettings.MAX_FRAME);
            if (r < 0) {
                final int err = Native.errno();
                if (err != Native.EAGAIN && err != Native.EINTR) {
                    markDead(s, "tap read: " + Native.strerror(err));
                }
                break;
            }
            rxTapLength[n++] = (int) r;
        }
        return n;
    }

    private void forward(final Endpoint s, final int slot, final int len) {
        final int off = slot * RX_SLOT + HEADROOM;
        if (tap != null) {
            tap.onIngress(s.port(), rx, off, len, nowNanos); // capture: frames as they entered, tags as on the wire
        }
        final int r;
        if (s.kind() != EndpointKind.LOCAL) {
            r = forwarder.decide(rx, off, len, s.port(), nowNanos, egress, true); // the ingress filter applies
        } else if (rxTarget[slot] < 0) {
            r = forwarder.decide(rx, off, len, s.port(), nowNanos, egress, false);
        } else {
            r = forwarder.decideDirected(rx, off, len, s.port(), rxTarget[slot], egress);
        }
        if (r != Forwarder.FORWARD) {
            drop(ports[s.port()], r);
            return;
        }
        tagMemory.buffer().putShort(slot * 4 + 2, (short) egress.tci());
        final int count = egress.count();
        final boolean flood = egress.flood();
        for (int k = 0; k < count; k++) {
            final Port p = ports[egress.port(k)];
            final int action = egress.action(k);
            final boolean droppable = flood || egress.mirror(k);
            for (int j = 0, m = p.endpointCount(); j < m; j++) {
                stage(p.endpoint(j), s, slot, len, action, droppable);
            }
        }
    }

    private void stage(final Endpoint e, final Endpoint sender, final int slot, final int len, final int action,
                       final boolean droppable) {
        if (action == EgressAction.PUSH_TAG && len + 4 > SwitchSettings.MAX_FRAME) {
            drop(ports[e.port()], DropReason.OVERSIZE.ordinal()); // no room for the tag in any client's buffer
            return;
        }
        if (e.kind() == EndpointKind.LOCAL) {
            deliverLocal(e, sender, slot, len, action);
            return;
        }
        if (e.staged == Endpoint.TX_BATCH) {
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
        final long base = rxMemory.address() + (long) slot * RX_SLOT + HEADROOM;
        final MmsgVector tx = e.tx;
        switch (action) {
            case EgressAction.PUSH_TAG:
                tx.iov(k, 0, base, 12);
                tx.iov(k, 1, tagMemory.address() + slot * 4L, 4);
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

    private void deliverLocal(final Endpoint e, final Endpoint sender, final int slot, final int len,
                              final int action) {
        final Port out = ports[e.port()];
        final int n = VlanTagging.copyVariant(rx, slot * RX_SLOT + HEADROOM, len, action,
            tagMemory.buffer().getShort(slot * 4 + 2) & 0xFFFF, localScratch.buffer(), 0);
        out.outPackets++;
        out.outBytes += n;
        final LocalPort lp = (LocalPort) e.local;
        if (!lp.touched) {
            lp.touched = true;
            touchedLocalPorts.add(lp);
        }
        lp.handler.onFrame(localScratch.buffer(), 0, n, sender.port(), lp);
    }

    private boolean injectFrame(final Endpoint from, final ByteBuffer frame, final int offset, final int length,
                                final int target) {
        final Port in = ports[from.port()];
        if (length > SwitchSettings.MAX_FRAME) {
            drop(in, DropReason.OVERSIZE.ordinal());
            return false;
        }
        if (target >= 0) {
            // checked now so the caller learns it; checked again when sent, as a command may run in between
            final int r = forwarder.checkDirected(frame, offset, length, from.port(), target);
            if (r != Forwarder.FORWARD) {
                drop(in, r);
                return false;
            }
        }
        final int slot = injectCount < injectSlots.length ? pool.acquire() : -1;
        if (slot < 0) {
            drop(in, DropReason.EGRESS_QUEUE_FULL.ordinal());
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

    private void endLocalBatches() {
        // a handler's injected frames may reach another local port; loop until every batch is closed
        for (int i = 0; i < touchedLocalPorts.size(); i++) {
            final LocalPort lp = touchedLocalPorts.get(i);
            lp.touched = false;
            lp.handler.onBatchEnd(lp);
        }
        touchedLocalPorts.clear();
    }

    /** Forwards frames local ports injected, in batches through the receive slots, like received frames. */
    private void forwardInjected() {
        int next = 0;
        while (next < injectCount) {
            final Endpoint from = injectFrom[next];
            int n = 0;
            while (next + n < injectCount && n < RX_BATCH && injectFrom[next + n] == from) {
                final int slot = injectSlots[next + n];
                final int len = pool.length(slot);
                final int rxOff = n * RX_SLOT + HEADROOM;
                rx.put(rxOff, pool.buffer(), pool.offset(slot), len);
                rxTapLength[n] = len;
                rxTarget[n] = injectTarget[next + n];
                pool.release(slot);
                injectFrom[next + n] = null;
                n++;
            }
            next += n;
            if (from.dead) {
                continue;
            }
            final Port in = ports[from.port()];
            for (int i = 0; i < n; i++) {
                in.inPackets++;
                in.inBytes += rxTapLength[i];
                forward(from, i, rxTapLength[i]);
            }
            flush(from);
        }
        injectCount = 0;
    }

    /** Attaches an in-process port on an automatically chosen port (or {@code port} when >= 0). */
    int attachLocal(final int port, final String description, final LocalPortHandler handler) {
        final int p = port >= 0 ? port : control.autoPort();
        if (p < 0) {
            return -1;
        }
        growPorts(Math.max(portCount, p + 1));
        final Endpoint e = new Endpoint(nextEndpointId(), allocateEndpointSlot(), EndpointKind.LOCAL, p, -1, -1,
            null, null, description, 0, 1, nowNanos);
        final LocalPort lp = new LocalPort(e, handler);
        e.local = lp;
        localPorts.add(lp);
        attach(e);
        return p;
    }

    private void flush(final Endpoint sender) {
        for (int i = 0; i < dirtyCount; i++) {
            final Endpoint e = dirty[i];
            e.dirty = false;
            if (e.staged > 0) {
                flushEndpoint(e, sender);
            }
            dirty[i] = null;
        }
        dirtyCount = 0;
    }

    /** Sends the staged batch of {@code e}; what does not fit is queued (unicast) or dropped (flood, mirror). */
    private void flushEndpoint(final Endpoint e, final Endpoint sender) {
        final int n = e.staged;
        e.staged = 0;
        final Port out = ports[e.port()];
        if (e.dead) {
            for (int k = 0; k < n; k++) {
                drop(out, DropReason.ENDPOINT_GONE.ordinal());
            }
            return;
        }
        int sent = 0;
        if (e.queueCount == 0) {
            sent = e.kind() == EndpointKind.TAP ? writeTap(e, n) : sendStaged(e, n);
            for (int k = 0; k < sent; k++) {
                out.outPackets++;
                out.outBytes += VlanTagging.variantLength(e.stagedLength[k], e.stagedAction[k]);
            }
        }
        for (int k = sent; k < n; k++) {
            if (e.dead) {
                drop(out, DropReason.ENDPOINT_GONE.ordinal());
            } else if (e.stagedDroppable[k]) {
                drop(out, DropReason.FLOOD_EGRESS_FULL.ordinal());
            } else {
                enqueue(e, k, sender);
            }
        }
    }

    private int sendStaged(final Endpoint e, final int n) {
        int sent = 0;
        while (sent < n) {
            final int r = libc.sendmmsg(e.dataFd(), e.tx.address(sent), n - sent, Native.MSG_DONTWAIT);
            if (r > 0) {
                sent += r;
                continue;
            }
            final int err = Native.errno();
            if (err != Native.EAGAIN && err != Native.EINTR && err != Native.ENOBUFS) {
                markDead(e, "send: " + Native.strerror(err));
            }
            break;
        }
        return sent;
    }

    private int writeTap(final Endpoint e, final int n) {
        for (int k = 0; k < n; k++) {
            final long r = libc.writev(e.dataFd(), e.tx.iovAddress(k), e.tx.iovCountOf(k));
            if (r < 0) {
                final int err = Native.errno();
                if (err != Native.EAGAIN && err != Native.EINTR && err != Native.ENOBUFS) {
                    markDead(e, "tap write: " + Native.strerror(err));
                }
                return k;
            }
        }
        return n;
    }

    private void enqueue(final Endpoint e, final int k, final Endpoint sender) {
        final Port out = ports[e.port()];
        final int slot = e.queueCount < e.queue.length ? pool.acquire() : -1;
        if (slot < 0) {
            drop(out, e.stalled ? DropReason.EGRESS_STALLED.ordinal() : DropReason.EGRESS_QUEUE_FULL.ordinal());
            return;
        }
        final int rxOff = e.stagedRxSlot[k] * RX_SLOT + HEADROOM;
        final int len = VlanTagging.copyVariant(rx, rxOff, e.stagedLength[k], e.stagedAction[k],
            tagMemory.buffer().getShort(e.stagedRxSlot[k] * 4 + 2) & 0xFFFF, pool.buffer(), pool.offset(slot));
        pool.length(slot, len);
        e.queue[(e.queueHead + e.queueCount) % e.queue.length] = slot;
        e.queueCount++;
        if (e.queueCount == 1) {
            e.congestedSinceNanos = nowNanos;
            congested.add(e);
            setInterest(e, e.interest | Native.EPOLLOUT);
        }
        if (!e.stalled && e.queueCount >= PAUSE_AT && sender != null && sender != e && sender.pausedBy == null
            && sender.kind() != EndpointKind.LOCAL) {
            sender.pausedBy = e;
            e.addWaiter(sender);
            setInterest(sender, sender.interest & ~Native.EPOLLIN);
        }
    }

    /** EPOLLOUT on a congested endpoint: send queued frames until the socket is full again or the queue is empty. */
    private void drainQueue(final Endpoint e) {
        final Port out = ports[e.port()];
        while (e.queueCount > 0 && !e.dead) {
            final int batch = Math.min(e.queueCount, Endpoint.TX_BATCH);
            int sent = 0;
            if (e.kind() == EndpointKind.TAP) {
                while (sent < batch) {
                    final int slot = e.queue[(e.queueHead + sent) % e.queue.length];
                    if (libc.write(e.dataFd(), pool.address(slot), pool.length(slot)) < 0) {
                        break;
                    }
                    sent++;
                }
            } else {
                for (int k = 0; k < batch; k++) {
                    final int slot = e.queue[(e.queueHead + k) % e.queue.length];
                    drainVector.iov(k, 0, pool.address(slot), pool.length(slot));
                }
                final int r = libc.sendmmsg(e.dataFd(), drainVector.address(0), batch, Native.MSG_DONTWAIT);
                if (r < 0) {
                    final int err = Native.errno();
                    if (err != Native.EAGAIN && err != Native.EINTR && err != Native.ENOBUFS) {
                        markDead(e, "send: " + Native.strerror(err));
                    }
                } else {
                    sent = r;
                }
            }
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
            e.congestedSinceNanos = nowNanos; // progress: the stall clock restarts
        }
        if (e.queueCount <= RESUME_AT) {
            resumeWaiters(e);
        }
        if (e.queueCount == 0) {
            e.stalled = false;
            setInterest(e, e.interest & ~Native.EPOLLOUT);
        }
    }

    private void resumeWaiters(final Endpoint e) {
        for (int i = 0; i < e.waiterCount; i++) {
            final Endpoint w = e.waiters[i];
            e.waiters[i] = null;
            if (w.pausedBy == e) {
                w.pausedBy = null;
                if (!w.dead) {
                    setInterest(w, w.interest | Native.EPOLLIN);
                }
            }
        }
        e.waiterCount = 0;
    }

    private void setInterest(final Endpoint e, final int interest) {
        if (e.interest != interest && e.kind() != EndpointKind.LOCAL) {
            e.interest = interest;
            epoll.modify(e.dataFd(), interest, dataToken(e));
        }
    }

    private void drop(final Port p, final int reason) {
        if (p.countDrop(reason)) {
            log.log("port " + p.number() + ": dropping frames: " + DropReason.values()[reason].label()
                + " (counted per port; logged once)");
        }
    }

    // ------------------------------------------------------------------ ports and endpoints

    static long dataToken(final Endpoint e) {
        return (KIND_DATA << TOKEN_KIND_SHIFT) | e.slot();
    }

    static long ctlToken(final Endpoint e) {
        return (KIND_CTL << TOKEN_KIND_SHIFT) | e.slot();
    }

    void growPorts(final int count) {
        if (count <= portCount) {
            return;
        }
        final Port[] grown = Arrays.copyOf(ports, count);
        for (int i = portCount; i < count; i++) {
            grown[i] = new Port(i);
        }
        ports = grown;
        portCount = count;
        vlanTable.ensurePortCapacity(count);
        forwarder.ensurePortCapacity(count);
        egress.ensureCapacity(count * 2);
    }

    int allocateEndpointSlot() {
        if (freeEndpointSlotCount > 0) {
            return freeEndpointSlots[--freeEndpointSlotCount];
        }
        if (nextEndpointSlot == endpointsBySlot.length) {
            endpointsBySlot = Arrays.copyOf(endpointsBySlot, endpointsBySlot.length * 2);
        }
        return nextEndpointSlot++;
    }

    void releaseEndpointSlot(final int slot) {
        if (freeEndpointSlotCount == freeEndpointSlots.length) {
            freeEndpointSlots = Arrays.copyOf(freeEndpointSlots, freeEndpointSlotCount * 2);
        }
        freeEndpointSlots[freeEndpointSlotCount++] = slot;
    }

    /** Drops ports at and above {@code count}; the caller checked none of them is allocated. */
    void shrinkPorts(final int count) {
        for (int i = count; i < portCount; i++) {
            macTable.portLimit(i, 0); // a port grown again later starts without a limit, as its new Port does
        }
        ports = Arrays.copyOf(ports, count);
        portCount = count;
    }

    /** Marks a port allocated: it joins VLAN 0 untagged, like every new vde_switch port. */
    void allocatePort(final Port p) {
        if (!p.allocated()) {
            p.allocated(true);
            vlanTable.resetPort(p.number()); // a new port is an untagged member of VLAN 0
            observer.portCreated(p.number());
        }
    }

    /** Returns an inactive port to the unallocated state, forgetting its VLAN and access configuration. */
    void freePort(final Port p) {
        p.allocated(false);
        p.allocatable(true);
        p.aclUser(Port.ANY);
        p.aclGroup(Port.ANY);
        setMacLimit(p, 0);
        p.resetCounters();
        vlanTable.resetPort(p.number());
        macTable.flushPort(p.number());
        observer.portRemoved(p.number());
    }

    /** Sets the port's limit of learned MACs (0 = unlimited): the port's own field and the MAC table's copy. */
    void setMacLimit(final Port p, final int limit) {
        p.macLimit(limit);
        macTable.portLimit(p.number(), limit);
    }

    /** Opens tap {@code name} and attaches it on an automatically chosen port (module "tuntap"). */
    void attachTap(final String name) {
        final int fd = io.jvde.vde.sys.TapDevice.open(name);
        final int port = control.autoPort();
        if (port < 0) {
            libc.close(fd);
            throw new IllegalArgumentException("tap " + name + ": no free port");
        }
        final Endpoint e = new Endpoint(nextEndpointId(), allocateEndpointSlot(), EndpointKind.TAP, port, fd, -1,
            null, null, name, 0, QUEUE_CAPACITY, nowNanos);
        attach(e);
        log.log("port " + port + ": tap " + name + " attached");
    }

    /** Releases everything when start-up fails before the loop thread ran. */
    void closeWithoutRunning() {
        running = false;
        shutdown();
    }

    int nextEndpointId() {
        return nextEndpointId++;
    }

    /** Registers a ready endpoint on its port and in epoll. */
    void attach(final Endpoint e) {
        endpointsBySlot[e.slot()] = e;
        final Port p = ports[e.port()];
        allocatePort(p);
        p.addEndpoint(e);
        if (p.endpointCount() == 1) {
            p.currentUser(e.user());
            forwarder.setActive(p.number(), true);
        }
        if (e.kind() != EndpointKind.LOCAL) {
            e.interest = Native.EPOLLIN;
            epoll.add(e.dataFd(), e.interest, dataToken(e));
            if (e.ctlFd() >= 0) {
                epoll.add(e.ctlFd(), Native.EPOLLIN | Native.EPOLLRDHUP, ctlToken(e));
            }
        }
        observer.endpointConnected(e.port(), e.id(), e.kind().name().toLowerCase(java.util.Locale.ROOT),
            e.description());
    }

    /** Schedules {@code e} for teardown at the end of this turn (never mid-batch); logs the reason once. */
    void markDead(final Endpoint e, final String reason) {
        if (!e.dead) {
            e.dead = true;
            e.deathReason = reason;
            deadList.add(e);
        }
    }

    private void reapDead() {
        for (int i = 0; i < deadList.size(); i++) {
            detach(deadList.get(i));
        }
        deadList.clear();
    }

    /** Tears an endpoint down completely: fds, socket file, queue, back-pressure links, port membership. */
    void detach(final Endpoint e) {
        if (endpointsBySlot[e.slot()] != e) {
            return;
        }
        endpointsBySlot[e.slot()] = null;
        if (e.kind() != EndpointKind.LOCAL) {
            epoll.remove(e.dataFd());
            libc.close(e.dataFd());
            if (e.ctlFd() >= 0) {
                epoll.remove(e.ctlFd());
                libc.close(e.ctlFd());
            }
        }
        if (e.dataPath() != null) {
            libc.unlink(e.dataPath());
        }
        if (e.local != null) {
            localPorts.remove(e.local);
        }
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
        }
        final Port p = ports[e.port()];
        p.removeEndpoint(e);
        if (p.endpointCount() == 0) {
            p.currentUser(Port.NO_USER);
            forwarder.setActive(p.number(), false);
            macTable.flushPort(p.number());
        }
        e.freeNative();
        releaseEndpointSlot(e.slot());
        if (!running) {
            return; // shutting down: one line per endpoint would only be noise
        }
        observer.endpointDisconnected(e.port(), e.id(), e.kind().name().toLowerCase(java.util.Locale.ROOT),
            e.description(), e.deathReason);
        log.log("port " + e.port() + ": endpoint " + e.id() + " (" + e.description() + ") closed"
            + (e.deathReason != null ? ": " + e.deathReason : ""));
    }

    /** Every live endpoint, in slot order (control path). */
    List<Endpoint> endpoints() {
        final List<Endpoint> list = new ArrayList<>();
        for (final Endpoint e : endpointsBySlot) {
            if (e != null) {
                list.add(e);
            }
        }
        return list;
    }

    private void shutdown() {
        for (final Endpoint e : endpoints()) {
            e.deathReason = "switch shutting down";
            detach(e);
        }
        control.close();
        epoll.close();
        libc.close(wakeFd);
        pool.free();
        rxVector.free();
        drainVector.free();
    }
}
