package io.jvde.sw.engine;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.port.LocalPortHandler;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.vde.sys.Native;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The switch engine: the parts below, wired together and driven by one {@link EventLoop} thread that owns all of
 * their state; other threads reach it only through {@link #submit}.
 * <ul>
 *   <li>{@link EventLoop}: epoll, commands from other threads, one turn at a time ({@link EventLoop#doWork});</li>
 *   <li>{@link Transport}s: how each endpoint's frames cross the wire (VDE datagram, tap, local port, ...);</li>
 *   <li>{@link Ingress}: the single entry of every frame into the forwarding decision;</li>
 *   <li>{@link EgressBatcher}: staging frames per egress endpoint and sending each batch at once;</li>
 *   <li>{@link BackPressure}: overflow queues, pausing senders, releasing stalled receivers;</li>
 *   <li>{@link PortRegistry}: ports and endpoints, and their lifecycle;</li>
 *   <li>{@link LocalPorts}: in-process ports and the frames they inject.</li>
 * </ul>
 * Forwarding a batch allocates nothing: frames stay in the receive buffer, the decision fills a reusable egress
 * list, and each egress endpoint gets iovecs pointing into that buffer.
 */
final class SwitchAgent implements Runnable, EventLoop.Turn {
    static final int QUEUE_CAPACITY = 256;
    static final int POOL_SLOTS = 8192;
    static final long HOUSEKEEPING_NANOS = 20_000_000L;

    final SwitchSettings settings;
    final SwitchLog log;
    final EventLoop loop = new EventLoop();
    final RxBatch rx = new RxBatch();
    final FramePool pool = new FramePool(RxBatch.SLOT_SIZE, POOL_SLOTS);
    final MacTable macTable;
    final VlanTable vlanTable;
    final Forwarder forwarder;
    final Ingress ingress;
    final PortRegistry registry;
    final BackPressure backPressure;
    final LocalPorts localPorts;
    final EgressBatcher batcher;
    final ControlAcceptor control;
    final long startNanos;
    /** --stream and --dgram listeners, accepting from {@link #acceptClients}. */
    final List<StreamListener> streamListeners = new ArrayList<>();
    final List<DgramListener> dgramListeners = new ArrayList<>();
    /** Outbound links by port (--link, port/connect). */
    final Map<Integer, StreamLink> links = new TreeMap<>();
    /** The VXLAN uplink, or null when none is configured. */
    VxlanUplink vxlan;
    private long nextHousekeeping;
    private long loggedFilterFailures;

    SwitchAgent(final SwitchSettings settings, final SwitchLog log, final ControlAcceptor control) {
        this.settings = settings;
        this.log = log;
        this.control = control;
        this.startNanos = System.nanoTime();
        this.macTable = new MacTable(settings.macCapacity(), settings.macAgeSeconds() * 1_000_000_000L,
            settings.macMinPersistenceSeconds() * 1_000_000_000L);
        this.vlanTable = new VlanTable(macTable, settings.vlanStrict(), settings.numPorts());
        this.forwarder = new Forwarder(macTable, vlanTable);
        forwarder.hub(settings.hub());
        this.ingress = new Ingress(rx, forwarder, loop);
        this.registry = new PortRegistry(settings, log, loop, macTable, vlanTable, forwarder, ingress);
        this.backPressure = new BackPressure(rx, pool, registry, loop, log);
        registry.backPressure(backPressure);
        this.localPorts = new LocalPorts(rx, pool, forwarder, loop);
        this.batcher = new EgressBatcher(rx, registry, backPressure, localPorts);
        ingress.wire(registry, batcher);
        localPorts.wire(registry, ingress, batcher);
        registry.growPorts(settings.numPorts());
        loop.turn(this);
        control.attach(this);
    }

    // ------------------------------------------------------------------ commands from other threads

    /** Queues {@code command} to run on the loop thread and wakes the loop; false once the loop has closed. */
    boolean submit(final Runnable command) {
        return loop.submit(command);
    }

    boolean running() {
        return loop.running();
    }

    /** Asks the loop to stop after the current turn (any thread). */
    void stop() {
        loop.stop();
    }

    // ------------------------------------------------------------------ the loop

    @Override
    public void run() {
        try {
            while (loop.running()) {
                doWork();
            }
        } catch (RuntimeException | Error e) {
            log.log("event loop failed: " + e);
            throw e;
        } finally {
            shutdown();
        }
    }

    /**
     * One turn of the loop; waits at most 500 ms (10 ms while a queue or a handshake waits, not at all while a
     * stream holds frames it already read).
     */
    int doWork() {
        final int timeout = ingress.hasBacklog() ? 0
            : backPressure.anyCongested() || control.hasPendingHandshakes() ? 10 : 500;
        return loop.doWork(timeout);
    }

    @Override
    public void afterEvents() {
        ingress.receiveBacklog();
        for (int i = 0; i < dgramListeners.size(); i++) {
            dgramListeners.get(i).everyTurn();
        }
        localPorts.endBatches();
        localPorts.forwardInjected();
        registry.reapDead();
    }

    @Override
    public void afterCommands() {
        localPorts.forwardInjected();
        if (loop.nowNanos - nextHousekeeping >= 0) {
            housekeeping();
            nextHousekeeping = loop.nowNanos + HOUSEKEEPING_NANOS;
        }
    }

    private void housekeeping() {
        final long now = loop.nowNanos;
        macTable.sweep(now, 4096);
        if (forwarder.filterFailures() != 0 && loggedFilterFailures == 0) {
            loggedFilterFailures = forwarder.filterFailures();
            log.log("ingress filter failed, frame refused (counted as filtered; logged once): "
                + forwarder.lastFilterFailure());
        }
        control.expireHandshakes(now);
        localPorts.tick(now);
        if (!links.isEmpty()) {
            for (final StreamLink l : links.values()) {
                l.tick(now);
            }
        }
        backPressure.checkStalls(settings.stallTimeoutMillis());
        if (vxlan != null) {
            vxlan.tick(now);
        }
    }

    // ------------------------------------------------------------------ attaching

    /** Attaches an in-process port on an automatically chosen port (or {@code port} when >= 0). */
    int attachLocal(final int port, final String description, final LocalPortHandler handler) {
        return localPorts.attach(port, description, handler);
    }

    /** Opens tap {@code name} and attaches it on an automatically chosen port (module "tuntap"). */
    void attachTap(final String name) {
        final int fd = io.jvde.vde.sys.TapDevice.open(name);
        final int port = registry.autoPort();
        if (port < 0) {
            Native.libc().close(fd);
            throw new IllegalArgumentException("tap " + name + ": no free port");
        }
        registry.attach(registry.newAttachment(registry.nextEndpointId(), port, new TapTransport(fd, name), 0,
            QUEUE_CAPACITY));
        log.log("port " + port + ": tap " + name + " attached");
    }

    /** Opens the --stream and --dgram sockets (they accept once {@link #acceptClients} runs). */
    void openListeners() throws SwitchStartException {
        for (final StreamAddress a : settings.streams()) {
            streamListeners.add(StreamListener.open(a, this));
            log.log("stream: listening on " + a);
        }
        for (final String p : settings.dgrams()) {
            dgramListeners.add(DgramListener.open(p, this));
            log.log("dgram: listening on unix:" + p);
        }
    }

    /** Starts serving ctl, the stream and dgram listeners, and connects the --link ports (idempotent). */
    void acceptClients() {
        control.acceptClients();
        for (final StreamListener l : streamListeners) { // loops, not forEach(X::start): docs/architecture.md §7
            l.start();
        }
        for (final DgramListener l : dgramListeners) {
            l.start();
        }
        if (!linksStarted) {
            linksStarted = true;
            for (final StreamAddress a : settings.links()) {
                final int port = registry.autoPort();
                if (port < 0) {
                    log.log("link " + a + ": no free port");
                    continue;
                }
                connect(port, a);
            }
        }
    }

    private boolean linksStarted;

    /** Creates a link on {@code port} (allocated, kept out of automatic selection) and starts connecting. */
    void connect(final int port, final StreamAddress target) {
        registry.growPorts(Math.max(registry.portCount, port + 1));
        final io.jvde.sw.port.Port p = registry.ports[port];
        registry.allocatePort(p);
        p.allocatable(false);
        final StreamLink l = new StreamLink(target, port, this);
        links.put(port, l);
        l.start();
    }

    /** Ends the link on {@code port}; false when it has none. */
    boolean disconnect(final int port, final String reason) {
        final StreamLink l = links.remove(port);
        if (l == null) {
            return false;
        }
        l.stop(reason);
        return true;
    }

    /** Opens the VXLAN uplink's socket and attaches its peers (start-up, before the loop thread runs). */
    void attachVxlan(final io.jvde.sw.vxlan.VxlanSettings s) {
        final VxlanUplink u = new VxlanUplink(s, this);
        vxlan = u;
        u.start();
    }

    /** Releases everything when start-up fails before the loop thread ran. */
    void closeWithoutRunning() {
        loop.stop();
        shutdown();
    }

    private void shutdown() {
        registry.quiet();
        for (final StreamLink l : links.values()) {
            l.stop("switch shutting down");
        }
        registry.detachAll();
        for (final StreamListener l : streamListeners) {
            l.close();
        }
        for (final DgramListener l : dgramListeners) {
            l.close();
        }
        if (vxlan != null) {
            vxlan.close();
        }
        control.close();
        loop.close();
        pool.free();
        rx.free();
        backPressure.free();
    }
}
