package io.jvde.app.observe;

import io.jvde.app.ProcessExtension;
import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.LineSender;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.sw.observe.CaptureSink;
import io.jvde.sw.observe.CaptureTap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything that looks into a running switch from outside: the event hub (installed in the engine and the DHCP
 * glue), the event stream sockets ({@code DIR/events} always, {@code --events PATH} too), the live capture socket
 * ({@code DIR/capture}), captures to files ({@code --pcap}, {@code port/pcap}, {@code vlan/pcap}, {@code pdump/*})
 * and their console commands. Started before the DHCP extension, so the DHCP glue finds the hub.
 */
public final class Observability implements ProcessExtension {
    /** Event stream socket inside the switch directory ({@code jvde events -s DIR}). */
    public static final String EVENTS_SOCKET = "events";
    /** Live capture socket inside the switch directory ({@code jvde capture -s DIR}). */
    public static final String CAPTURE_SOCKET = "capture";
    static final int STREAM_QUEUE = 8192;

    private final Path eventsPath;
    private final Path pcapPath;
    private final int ringBytes;
    private final java.net.InetSocketAddress metricsAddress;
    private MetricsServer metrics;
    private RunningSwitch sw;
    private SwitchLog log;
    private EventHub hub;
    private CaptureTap tap;
    private int maxPorts;
    private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<LineSender> senders = ConcurrentHashMap.newKeySet();
    private final Map<String, CaptureSink> fileCaptures = new ConcurrentHashMap<>();
    private final List<CaptureSink> liveCaptures = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code eventsPath}: {@code --events} (null: only {@code DIR/events}); {@code pcapPath}: {@code --pcap}. */
    public Observability(final Path eventsPath, final Path pcapPath, final int ringBytes,
                         final java.net.InetSocketAddress metricsAddress) {
        this.eventsPath = eventsPath;
        this.pcapPath = pcapPath;
        this.ringBytes = ringBytes;
        this.metricsAddress = metricsAddress;
    }

    /** The metrics server's address (its real port when --metrics asked for port 0), or null. */
    public java.net.InetSocketAddress metricsAddress() {
        return metrics == null ? null : metrics.address();
    }

    public EventHub hub() {
        return hub;
    }

    @Override
    public AutoCloseable start(final RunningSwitch sw, final CommandRegistry console, final SwitchLog log)
            throws SwitchStartException {
        this.sw = sw;
        this.log = log;
        this.hub = new EventHub(console.debugBus());
        this.maxPorts = sw.settings().maxPorts();
        this.tap = sw.call(new InstallHub(hub));
        try {
            final Serve events = new Serve(this, false);
            closeables.add(UnixListener.open(sw.directory().resolve(EVENTS_SOCKET), "jvde-events", events, log));
            if (eventsPath != null) {
                closeables.add(UnixListener.open(eventsPath, "jvde-events", events, log));
            }
            closeables.add(UnixListener.open(sw.directory().resolve(CAPTURE_SOCKET), "jvde-capture",
                new Serve(this, true), log));
            if (pcapPath != null) {
                startFileCapture("pcap", null, null, pcapPath);
            }
        } catch (IOException | IllegalArgumentException e) {
            close();
            throw new SwitchStartException((eventsPath != null || pcapPath != null ? "--events/--pcap: " : "")
                + e.getMessage(), false);
        }
        if (metricsAddress != null) {
            try {
                metrics = MetricsServer.start(metricsAddress, sw, hub, this::statusParts);
                closeables.add(metrics);
                log.log("metrics: http://" + metrics.address().getHostString() + ":" + metrics.address().getPort()
                    + "/metrics and /status");
            } catch (IOException e) {
                close();
                throw new SwitchStartException("--metrics: " + metricsAddress + ": " + e.getMessage(), false);
            }
        }
        ObserveCommands.register(console, this);
        JsonCommands.register(console, sw);
        return new Close(this);
    }

    /** The modules' parts of /status as JSON text (the DHCP glue's scopes and leases). */
    private Map<String, Object> statusParts() {
        final Map<String, Object> out = new java.util.LinkedHashMap<>();
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (final Map.Entry<String, java.util.function.Supplier<Object>> e : hub.status().entrySet()) {
            try {
                out.put(e.getKey(), json.writeValueAsString(e.getValue().get()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException x) {
                out.put(e.getKey(), "{\"error\":" + json.valueToTree(String.valueOf(x.getMessage())) + "}");
            }
        }
        return out;
    }

    RunningSwitch sw() {
        return sw;
    }

    // ------------------------------------------------------------------ event stream

    private void serveEvents(final SocketChannel channel) {
        final LineSender[] self = new LineSender[1];
        final LineSender sender = new LineSender("jvde-events-client", STREAM_QUEUE, text -> write(channel, text),
            lost -> "{\"event\":\"events.lost\",\"count\":" + lost + "}\n", () -> {
                if (self[0] != null) {
                    unsubscribe(self[0]);
                    senders.remove(self[0]);
                }
                closeQuietly(channel);
            });
        self[0] = sender;
        try {
            sw.call(c -> {
                hub.subscribe(sender, c);
                return null;
            });
        } catch (IllegalStateException e) {
            sender.close();
            return;
        }
        senders.add(sender);
        // the client sends nothing; its EOF (or any byte) ends the subscription
        try {
            final ByteBuffer b = ByteBuffer.allocate(256);
            while (channel.read(b.clear()) >= 0 && sender.isOpen()) {
                // ignore
            }
        } catch (IOException e) {
            // gone
        }
        sender.close();
    }

    private void unsubscribe(final LineSender sender) {
        try {
            sw.call(c -> {
                hub.unsubscribe(sender);
                return null;
            });
        } catch (IllegalStateException e) {
            // the switch stopped
        }
    }

    // ------------------------------------------------------------------ capture

    private void serveCapture(final SocketChannel channel) {
        CaptureSink sink = null;
        try {
            final String line = readLine(channel);
            final CaptureRequest request;
            try {
                request = CaptureRequest.parse(line, maxPorts);
            } catch (IllegalArgumentException e) {
                write(channel, "ERR " + e.getMessage() + "\n");
                return;
            }
            write(channel, "OK\n");
            sink = new CaptureSink("live", request.ports(), request.vlans(), maxPorts, ringBytes, channel).start();
            final CaptureSink s = sink;
            sw.call(c -> {
                tap.add(s);
                return null;
            });
            liveCaptures.add(sink);
            // The client sends nothing more; its EOF, or the writer failing (the client went away), ends it.
            channel.configureBlocking(true);
            while (sink.alive()) {
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // the client or the switch went away
        } finally {
            if (sink != null) {
                endCapture(sink);
                liveCaptures.remove(sink);
            }
            closeQuietly(channel);
        }
    }

    /** Starts a capture named {@code name} into {@code file} (replacing the one of that name). */
    CaptureSink startFileCapture(final String name, final BitSet ports, final BitSet vlans, final Path file)
            throws IOException {
        stopFileCapture(name);
        final FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        final CaptureSink sink = new CaptureSink(name, ports, vlans, maxPorts, ringBytes, out).start();
        sw.call(c -> {
            tap.add(sink);
            return null;
        });
        fileCaptures.put(name, sink);
        log.log("capture " + name + ": writing pcapng to " + file);
        return sink;
    }

    /**
     * Starts a capture of the frames entering {@code ports} on {@code vlans} (null: all) as pcapng into {@code out},
     * for the embedding API. {@link #stopCapture} removes it from the switch, writes
     * what its ring holds and the statistics, and closes {@code out}; the switch's shutdown does the same.
     */
    public CaptureSink startCapture(final String name, final BitSet ports, final BitSet vlans,
                                    final WritableByteChannel out) {
        final CaptureSink sink = new CaptureSink(name, ports, vlans, maxPorts, ringBytes, out).start();
        sw.call(c -> {
            tap.add(sink);
            return null;
        });
        liveCaptures.add(sink);
        return sink;
    }

    /** Ends a capture {@link #startCapture} started (idempotent). */
    public void stopCapture(final CaptureSink sink) {
        if (liveCaptures.remove(sink)) {
            endCapture(sink);
        }
    }

    /** Stops the capture named {@code name}; false when there is none. */
    boolean stopFileCapture(final String name) {
        final CaptureSink sink = fileCaptures.remove(name);
        if (sink == null) {
            return false;
        }
        endCapture(sink);
        if (sink.totalDrops() > 0) {
            log.log("capture " + name + ": " + sink.totalDrops() + " frames dropped (ring full; isb_ifdrop)");
        }
        return true;
    }

    Map<String, CaptureSink> fileCaptures() {
        return fileCaptures;
    }

    List<CaptureSink> liveCaptures() {
        return liveCaptures;
    }

    private void endCapture(final CaptureSink sink) {
        try {
            sw.call(c -> tap.remove(sink));
        } catch (IllegalStateException e) {
            // the switch stopped: nothing offers frames any more
        }
        sink.close();
    }

    // ------------------------------------------------------------------ helpers

    static void write(final SocketChannel channel, final String text) throws IOException {
        final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static String readLine(final SocketChannel channel) throws IOException {
        final ByteBuffer one = ByteBuffer.allocate(1);
        final StringBuilder sb = new StringBuilder();
        while (sb.length() < 1024) {
            one.clear();
            if (channel.read(one) < 0) {
                break;
            }
            final char c = (char) one.get(0);
            if (c == '\n') {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static void closeQuietly(final AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private void close() {
        for (final String name : new ArrayList<>(fileCaptures.keySet())) {
            stopFileCapture(name);
        }
        for (final CaptureSink s : liveCaptures) {
            endCapture(s);
        }
        for (final LineSender sender : senders) {
            sender.close();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeQuietly(closeables.get(i));
        }
        closeables.clear();
    }

    // Classes, not lambdas or method references, on the start path: docs/architecture.md §7.

    /** On the loop thread: the hub hears the engine's events; a capture tap on the engine. */
    private static final class InstallHub implements Function<SwitchControl, CaptureTap> {
        private final EventHub hub;

        InstallHub(final EventHub hub) {
            this.hub = hub;
        }

        @Override
        public CaptureTap apply(final SwitchControl c) {
            c.setEvents(hub);
            return new CaptureTap(c);
        }
    }

    /** A client of the events or the capture socket. */
    private static final class Serve implements Consumer<SocketChannel> {
        private final Observability observability;
        private final boolean capture;

        Serve(final Observability observability, final boolean capture) {
            this.observability = observability;
            this.capture = capture;
        }

        @Override
        public void accept(final SocketChannel channel) {
            if (capture) {
                observability.serveCapture(channel);
            } else {
                observability.serveEvents(channel);
            }
        }
    }

    private static final class Close implements AutoCloseable {
        private final Observability observability;

        Close(final Observability observability) {
            this.observability = observability;
        }

        @Override
        public void close() {
            observability.close();
        }
    }
}
