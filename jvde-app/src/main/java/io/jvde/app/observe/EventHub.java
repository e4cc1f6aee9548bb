package io.jvde.app.observe;

import io.jvde.app.console.DebugBus;
import io.jvde.app.console.LineSender;
import io.jvde.app.dhcp.DhcpObserver;
import io.jvde.dhcp.server.ClientState;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.observe.SwitchEvents;
import io.jvde.sw.port.Endpoint;
import io.jvde.sw.port.Port;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The switch's event stream. Installed as the engine's {@link SwitchEvents} and as the DHCP glue's
 * {@link DhcpObserver}, it runs on the loop thread: it numbers each event ({@code seq}, from 1, no gaps while
 * anyone listens), stamps it, and hands its JSON line to every stream subscriber ({@code --events},
 * {@code jvde events}), its {@code 3xxx} line to console sessions that asked with {@code debug/add}, and the
 * event itself to pending {@code event/wait} commands and to in-process listeners (the embedding API). Nothing is
 * formatted while nobody listens: a lease change is kept as its MAC's compact row ({@link BoundLeases}), which
 * allocates nothing for a MAC already bound, and becomes an event only when a snapshot or a wait asks. MAC events and violations are rate-limited (a burst, then a steady rate); the
 * next one that passes carries {@code suppressed}, how many were left out before it.
 */
public final class EventHub implements SwitchEvents, DhcpObserver {
    static final double MAC_RATE = 100;
    static final double MAC_BURST = 500;
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final String LEASE_OFFERED = "lease.offered";
    private static final String LEASE_BOUND = "lease.bound";
    private static final String LEASE_RENEWED = "lease.renewed";

    private final DebugBus bus;
    private final List<LineSender> streams = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    /** In-process listeners (the embedding API), called on the loop thread with each event. */
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    /**
     * Current leases as the events told them (per MAC, what its bound/renewed event said), for snapshots and
     * waits; compact rows, made into events only when a snapshot asks.
     */
    private final BoundLeases leases = new BoundLeases();
    private final RateLimit macLimit = new RateLimit(MAC_RATE, MAC_BURST);
    private final RateLimit violationLimit = new RateLimit(MAC_RATE, MAC_BURST);
    private long seq;
    /** What modules above the engine add to {@code --metrics} (the DHCP glue's counters). */
    private final List<io.prometheus.metrics.model.registry.MultiCollector> metrics = new CopyOnWriteArrayList<>();

    /** What modules above the engine add to {@code /status}, by key (the DHCP glue's "dhcp"). */
    private final Map<String, java.util.function.Supplier<Object>> status =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    /**
     * Parts other modules add to {@code /status}: key to a supplier of its value (maps, lists, strings, numbers),
     * called on the metrics thread at request time (it must read the switch through {@code call}).
     */
    public Map<String, java.util.function.Supplier<Object>> status() {
        return status;
    }

    public EventHub(final DebugBus bus) {
        this.bus = bus;
    }

    /**
     * Collectors other modules add to {@code /metrics} (they find the hub as the engine's installed events); read
     * at scrape time. Empty while the process has no {@code --metrics}, and then never read.
     */
    public List<io.prometheus.metrics.model.registry.MultiCollector> metrics() {
        return metrics;
    }

    /** A pending wait: what it matches and where the match goes. */
    private record Waiter(Predicate<Event> match, CompletableFuture<Event> result) {
    }

    // ------------------------------------------------------------------ subscribers (loop thread)

    /**
     * Loop thread: adds a stream subscriber, first sending it the current state as {@code "snapshot": true} events
     * (allocated ports, attached endpoints, leases), so a subscriber never misses what happened before it came.
     */
    public void subscribe(final LineSender sender, final SwitchControl c) {
        for (final Event e : snapshot(c)) {
            sender.offer(e.json() + "\n");
        }
        streams.add(sender);
    }

    public void unsubscribe(final LineSender sender) {
        streams.remove(sender);
    }

    /**
     * Loop thread: adds an in-process listener, first handing it the current state as {@code "snapshot": true}
     * events like {@link #subscribe}. It is called on the loop thread with every event and must not block.
     */
    public void listen(final Consumer<Event> listener, final SwitchControl c) {
        for (final Event e : snapshot(c)) {
            listener.accept(e);
        }
        listeners.add(listener);
    }

    /** Removes a listener added by {@link #listen} (any thread). */
    public void unlisten(final Consumer<Event> listener) {
        listeners.remove(listener);
    }

    /** Loop thread: the current state as events (not numbered: seq is the last event's). */
    List<Event> snapshot(final SwitchControl c) {
        final List<Event> out = new ArrayList<>();
        for (int p = 0; p < c.portCount(); p++) {
            final Port port = c.port(p);
            if (port.allocated()) {
                out.add(build("port.created", false, Json.fields("port", p, "snapshot", true)));
            }
            for (int i = 0; i < port.endpointCount(); i++) {
                final Endpoint e = port.endpoint(i);
                out.add(build("endpoint.connected", false, endpointFields(p, e.id(),
                    e.module(), e.description(), true)));
            }
        }
        leases.forEach((type, f) -> {
            f.put("snapshot", true);
            out.add(build(type, false, f));
        });
        return out;
    }

    /**
     * Loop thread: registers a wait. If {@code now} (the current state) already matches, returns that event and
     * registers nothing; otherwise the future completes with the first matching event.
     */
    public Event await(final SwitchControl c, final Predicate<Event> match, final CompletableFuture<Event> result) {
        for (final Event e : snapshot(c)) {
            if (match.test(e)) {
                return e;
            }
        }
        waiters.add(new Waiter(match, result));
        return null;
    }

    /** Loop thread: forgets a wait that timed out. */
    public void cancel(final CompletableFuture<Event> result) {
        waiters.removeIf(w -> w.result() == result);
    }

    private boolean listening() {
        return !streams.isEmpty() || !waiters.isEmpty() || !listeners.isEmpty() || bus.anyListener();
    }

    // ------------------------------------------------------------------ engine events

    @Override
    public void portCreated(final int port) {
        if (listening()) {
            publish("port.created", "port/+", 021, String.format("%02d", port), Json.fields("port", port));
        }
    }

    @Override
    public void portRemoved(final int port) {
        if (listening()) {
            publish("port.removed", "port/-", 022, String.format("%02d", port), Json.fields("port", port));
        }
    }

    @Override
    public void endpointConnected(final int port, final int id, final String kind, final String description) {
        if (listening()) {
            publish("endpoint.connected", "port/ep/+", 031, String.format("Port %02d FD %2d", port, id),
                endpointFields(port, id, kind, description, false));
            if (bus.wants("port/descr")) {
                bus.publish("port/descr", 023, String.format("Port %02d FD %2d -> \"%s\"", port, id, description));
            }
        }
    }

    @Override
    public void endpointDisconnected(final int port, final int id, final String kind, final String description,
                                     final String reason) {
        if (listening()) {
            final Map<String, Object> f = endpointFields(port, id, kind, description, false);
            f.put("reason", reason);
            publish("endpoint.disconnected", "port/ep/-", 032, String.format("Port %02d FD %2d", port, id), f);
        }
    }

    @Override
    public void vlanDefined(final int vid, final boolean defined) {
        if (listening()) {
            publish(defined ? "vlan.created" : "vlan.removed", defined ? "vlan/+" : "vlan/-", defined ? 051 : 052,
                null, Json.fields("vlan", vid));
        }
    }

    @Override
    public void vlanMembership(final int port, final String change, final int vid) {
        if (listening()) {
            publish("vlan.membership", "vlan/port", 053, null,
                Json.fields("port", port, "change", change, "vlan", vid));
        }
    }

    @Override
    public void macLearned(final int vid, final long mac, final int port) {
        if (listening() && macLimit.pass()) {
            publish("mac.learned", "hash/+", 011, String.format("%s VLAN %02x:%02x Port %d",
                MacAddress.toString(mac), vid >> 8, vid & 0xFF, port),
                suppressed(Json.fields("vlan", vid, "mac", MacAddress.toString(mac), "port", port), macLimit));
        }
    }

    @Override
    public void macMoved(final int vid, final long mac, final int from, final int to) {
        if (listening() && macLimit.pass()) {
            publish("mac.moved", "hash/move", 013, null, suppressed(Json.fields("vlan", vid,
                "mac", MacAddress.toString(mac), "from", from, "port", to), macLimit));
        }
    }

    @Override
    public void macAged(final int vid, final long mac, final int port) {
        if (listening() && macLimit.pass()) {
            publish("mac.aged", "hash/-", 012, String.format("%s VLAN %02x:%02x Port %d",
                MacAddress.toString(mac), vid >> 8, vid & 0xFF, port),
                suppressed(Json.fields("vlan", vid, "mac", MacAddress.toString(mac), "port", port), macLimit));
        }
    }

    @Override
    public void link(final int port, final String kind, final String peer, final boolean up, final String reason) {
        if (listening()) {
            final Map<String, Object> f = Json.fields("link", kind, "peer", peer, "port", port);
            if (reason != null) {
                f.put("reason", reason);
            }
            publish(up ? "link.up" : "link.down", "link/status", 071, null, f);
        }
    }

    // ------------------------------------------------------------------ DHCP

    @Override
    public void onExchange(final DhcpEvent event) {
        final String type;
        switch (event.kind()) {
            case OFFER:
                type = LEASE_OFFERED;
                break;
            case ACK:
                type = event.clientState() == ClientState.RENEWING || event.clientState() == ClientState.REBINDING
                    ? LEASE_RENEWED : LEASE_BOUND;
                break;
            case RELEASE:
                type = "lease.released";
                break;
            case DECLINE:
                type = "lease.declined";
                break;
            case NAK:
                type = "lease.nak";
                break;
            case EXPIRED:
                type = "lease.expired";
                break;
            default:
                return; // INFORM and ignored messages change no lease
        }
        // an expiry has no request behind it: the port the lease was bound on
        final int port = event.port() >= 0 ? event.port() : leases.port(event.mac());
        final boolean bound = type == LEASE_BOUND || type == LEASE_RENEWED;
        if (listening()) {
            publish(type, "dhcp/lease", 061, null, BoundLeases.fields(event.mac(), event.address(), event.vid(),
                port, event.scope(), event.leaseSeconds(), event.hostname()));
        }
        if (bound) {
            leases.put(event, type == LEASE_RENEWED, port);
        } else if (type != LEASE_OFFERED) {
            leases.remove(event.mac());
        }
    }

    @Override
    public void violation(final String source, final String reason, final boolean dropped, final int port,
                          final int vid, final long mac, final long suppressed) {
        if (listening() && violationLimit.pass()) {
            final Map<String, Object> f = Json.fields("source", source, "reason", reason, "dropped", dropped,
                "port", port, "vlan", vid, "mac", MacAddress.toString(mac));
            if (suppressed > 0) {
                f.put("reported_suppressed", suppressed);
            }
            publish("dhcp.violation", "dhcp/violation", 062, null, suppressed(f, violationLimit));
        }
    }

    // ------------------------------------------------------------------ delivery

    private Map<String, Object> endpointFields(final int port, final int id, final String kind,
                                               final String description, final boolean snapshot) {
        final Map<String, Object> f = Json.fields("port", port, "endpoint", id, "kind", kind, "description",
            description);
        final Matcher m = description == null ? null : PID.matcher(description);
        if (m != null && m.find()) {
            f.put("pid", Long.parseLong(m.group(1)));
        }
        if (snapshot) {
            f.put("snapshot", true);
        }
        return f;
    }

    private static Map<String, Object> suppressed(final Map<String, Object> f, final RateLimit limit) {
        final long n = limit.takeSuppressed();
        if (n > 0) {
            f.put("suppressed", n);
        }
        return f;
    }

    private Event build(final String type, final boolean next, final Map<String, Object> fields) {
        final long n = next ? ++seq : seq;
        final Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("seq", n);
        all.put("time", Instant.now().toString());
        all.put("event", type);
        all.putAll(fields);
        return new Event(n, type, fields, Json.object(all));
    }

    private Event publish(final String type, final String category, final int tag, final String consoleText,
                          final Map<String, Object> fields) {
        final Event e = build(type, true, fields);
        final String line = e.json() + "\n";
        for (final LineSender s : streams) {
            s.offer(line);
        }
        for (final Consumer<Event> l : listeners) {
            l.accept(e);
        }
        bus.publish(category, tag, consoleText != null ? consoleText : e.json());
        for (int i = waiters.size() - 1; i >= 0; i--) {
            final Waiter w = waiters.get(i);
            if (w.match().test(e)) {
                waiters.remove(i);
                w.result().complete(e);
            }
        }
        return e;
    }

    /** Token bucket on the loop thread's clock; counts what it refuses. */
    private static final class RateLimit {
        private final double rate;
        private final double burst;
        private double tokens;
        private long last = System.nanoTime();
        private long suppressed;

        RateLimit(final double rate, final double burst) {
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
        }

        boolean pass() {
            final long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            suppressed++;
            return false;
        }

        long takeSuppressed() {
            final long n = suppressed;
            suppressed = 0;
            return n;
        }
    }
}
