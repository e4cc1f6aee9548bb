package io.jvde.sw.port;

import io.jvde.vde.sys.MmsgVector;

/**
 * One attachment to a port: a VDE client, a tap, or an in-process port. Besides its identity it carries the
 * event loop's per-endpoint data-path state: the staged transmit batch (a sendmmsg vector whose iovecs point
 * into the receive buffer), the bounded overflow queue of copied frames waiting for the socket to drain, and the
 * back-pressure links between a congested receiver and the senders it paused.
 */
public final class Endpoint {
    /** Frames staged for one sendmmsg (at most one receive batch). */
    public static final int TX_BATCH = 32;
    /** iovecs per staged frame: MAC header, inserted tag, rest of frame. */
    public static final int TX_IOVECS = 3;

    private final int id;
    private final int slot;
    private final EndpointKind kind;
    private final int port;
    private final int dataFd;
    private final int ctlFd;
    private final String dataPath;
    private final String clientPath;
    private final String description;
    private final int user;
    private final long attachedAtNanos;

    // --- transmit staging (event-loop thread only) ---
    public final MmsgVector tx;
    public int staged;
    public final int[] stagedRxSlot = new int[TX_BATCH];
    public final byte[] stagedAction = new byte[TX_BATCH];
    public final boolean[] stagedDroppable = new boolean[TX_BATCH];
    public final int[] stagedLength = new int[TX_BATCH];
    public boolean dirty;

    // --- overflow queue: ring of frame-pool slots ---
    public final int[] queue;
    public int queueHead;
    public int queueCount;
    public long congestedSinceNanos;
    public boolean stalled;

    // --- back-pressure ---
    public Endpoint pausedBy;
    public Endpoint[] waiters = new Endpoint[4];
    public int waiterCount;
    public int interest;

    /** The in-process port behind a LOCAL endpoint (owned by the event loop). */
    public Object local;

    public boolean dead;
    public String deathReason;

    public Endpoint(final int id, final int slot, final EndpointKind kind, final int port, final int dataFd,
                    final int ctlFd, final String dataPath, final String clientPath, final String description,
                    final int user, final int queueCapacity, final long nowNanos) {
        this.id = id;
        this.slot = slot;
        this.kind = kind;
        this.port = port;
        this.dataFd = dataFd;
        this.ctlFd = ctlFd;
        this.dataPath = dataPath;
        this.clientPath = clientPath;
        this.description = description;
        this.user = user;
        this.attachedAtNanos = nowNanos;
        this.tx = kind == EndpointKind.LOCAL ? null : new MmsgVector(TX_BATCH, TX_IOVECS);
        this.queue = new int[queueCapacity];
    }

    /** Stable endpoint ID shown by port/print and used by port/epclose (never a reused fd number). */
    public int id() {
        return id;
    }

    /** Index in the event loop's endpoint table (part of its epoll token). */
    public int slot() {
        return slot;
    }

    public EndpointKind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public int dataFd() {
        return dataFd;
    }

    public int ctlFd() {
        return ctlFd;
    }

    /** The switch-side data socket file, or null for taps and local ports. */
    public String dataPath() {
        return dataPath;
    }

    public String clientPath() {
        return clientPath;
    }

    public String description() {
        return description;
    }

    /** Owner uid of the client's socket (vde's notion of the endpoint's user), -1 when unknown. */
    public int user() {
        return user;
    }

    public long attachedAtNanos() {
        return attachedAtNanos;
    }

    public void addWaiter(final Endpoint e) {
        if (waiterCount == waiters.length) {
            waiters = java.util.Arrays.copyOf(waiters, waiterCount * 2);
        }
        waiters[waiterCount++] = e;
    }

    public void removeWaiter(final Endpoint e) {
        for (int i = 0; i < waiterCount; i++) {
            if (waiters[i] == e) {
                waiters[i] = waiters[--waiterCount];
                waiters[waiterCount] = null;
                return;
            }
        }
    }

    public void freeNative() {
        if (tx != null) {
            tx.free();
        }
    }
}
