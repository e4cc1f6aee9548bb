package io.jvde.sw.engine;

import io.jvde.vde.sys.MmsgVector;

/**
 * How one endpoint's frames cross the wire: a VDE datagram socket, a tap, an in-process port, a stream connection,
 * a datagram peer, a tunnel. Everything else is shared by every transport and lives in the engine: the single
 * ingress point ({@link Ingress#frame}) that learns and decides, the egress batching ({@link EgressBatcher}), the
 * bounded overflow queue with back-pressure and stall release ({@link BackPressure}), drop counters by reason and
 * the endpoint's lifecycle ({@link PortRegistry}). A transport only moves bytes, on the loop thread, without
 * blocking and without allocating per frame.
 *
 * <p><b>Adding a transport.</b>
 * <ol>
 *   <li>Implement this interface in one small class: {@link #fd} is the fd epoll watches for the endpoint (EPOLLIN
 *       for frames, EPOLLOUT once its queue is non-empty), or -1 when another handler reads for it (a shared
 *       datagram socket) and calls {@link Ingress#frame} itself.</li>
 *   <li>{@link #receive}: read at most {@link RxBatch#SLOTS} frames into the receive slots ({@link RxBatch#address}
 *       leaves {@link RxBatch#HEADROOM} bytes before each frame) and set each one's length
 *       ({@link RxBatch#length(int, int)}, or {@link RxBatch#truncated(int, int)} for a frame that did not fit). The engine hands
 *       each to {@link Ingress#frame} and then flushes egress.</li>
 *   <li>{@link #send}: send frames [0, n) of a vector whose iovecs point at the frame bytes (1 to 3 iovecs per frame:
 *       the engine splices a VLAN tag in or out by scatter/gather). Return how many were taken whole; the engine
 *       queues the rest (unicast) or drops and counts them (flooded and mirrored copies) and retries from the queue
 *       on EPOLLOUT through the same method. Never keep pointers into the vector after returning.</li>
 *   <li>On an unrecoverable error call {@link Attachment#kill} with a reason: the endpoint is torn down at the end
 *       of the turn with one log line. EAGAIN is not an error: return what was sent.</li>
 *   <li>Create it where the connection is accepted or opened and attach it with
 *       {@link PortRegistry#attach}({@code new Attachment(...)}) on the loop thread; {@link #close} releases its fds
 *       and files when the endpoint is torn down (the one place of endpoint lifecycle is {@link PortRegistry}).</li>
 *   <li>Add a test that it forwards without allocating (see SwitchEngineTest's allocation tests).</li>
 * </ol>
 */
interface Transport {
    /** Printed as the "module" in port/print. */
    String module();

    /** The peer, printed by port/print and in log lines (a client description, a tap name, an address). */
    String description();

    /** The fd epoll watches for this endpoint, or -1 when none (local ports, peers of a shared socket). */
    int fd();

    /** Called once on attach: register extra fds with the loop (e.g. a control stream that ends the endpoint). */
    default void attached(final Attachment self, final EventLoop loop) {
    }

    /**
     * Reads at most one batch of ready frames into {@code rx}; returns how many slots it filled (0 when nothing was
     * ready). Calls {@link Attachment#kill} on a fatal error (frames already read are still forwarded).
     */
    int receive(RxBatch rx, Attachment self);

    /**
     * Whether complete frames are still buffered after {@link #receive} filled a batch (a stream reads many frames
     * at once): the engine calls receive again in the same turn's end, and in the next turns while the endpoint is
     * paused, since epoll reports nothing for bytes already read.
     */
    default boolean backlogged() {
        return false;
    }

    /**
     * Whether bytes of a frame already taken by {@link #send} still wait to be written (a stream cut mid-frame):
     * the engine then watches EPOLLOUT and calls {@code send(v, 0, self)} to finish them.
     */
    default boolean writePending() {
        return false;
    }

    /** Sends frames [0, n) of {@code v}; returns how many were taken whole (0 when the socket is full). */
    int send(MmsgVector v, int n, Attachment self);

    /**
     * Whether a frame that entered through {@code from} must not leave here ({@code flood}: it is a flooded copy),
     * e.g. a tunnel's split horizon. Default: every frame may.
     */
    default boolean refuses(final Transport from, final boolean flood) {
        return false;
    }

    /**
     * For a transport without an fd of its own (a peer of a shared socket): the engine wants {@code events} for it
     * (EPOLLIN cleared: its sender is paused by back-pressure; EPOLLOUT set: it has queued frames to send).
     */
    default void interest(final Attachment self, final int events) {
    }

    /**
     * Back-pressure pauses this endpoint's sender. A transport whose frames come through a socket it does not own
     * alone (a peer of a shared datagram socket) pauses that reading itself and returns true; the default returns
     * false and the engine clears EPOLLIN on the endpoint's interest ({@link #fd}, or {@link #interest}).
     */
    default boolean pauseReading() {
        return false;
    }

    /**
     * Undoes {@link #pauseReading}; called even for an endpoint being torn down, so a hold on a shared socket is
     * released. Returns true when the transport handled it; false: the engine sets EPOLLIN again (if alive).
     */
    default boolean resumeReading() {
        return false;
    }

    /** Whether frames from this endpoint skip the ingress filter (a trusted uplink). Default: they do not. */
    default boolean trusted() {
        return false;
    }

    /** Releases the transport's fds and files (called once, on teardown; unregistering from epoll is done). */
    void close(EventLoop loop);
}
