package io.jvde.junit;

import io.jvde.app.cli.InProcessSwitch;
import io.jvde.app.console.MgmtClient;
import io.jvde.app.dhcp.DhcpExtension;
import io.jvde.app.dhcp.DhcpPort;
import io.jvde.app.observe.Event;
import io.jvde.app.observe.EventHub;
import io.jvde.app.observe.Observability;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.observe.CaptureSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A whole jvde switch in this JVM — the engine, the DHCP server, relay and guard, the management console — as
 * {@code jvde switch} would run it, configured from the same YAML and options:
 *
 * <pre>{@code
 * try (Jvde jvde = Jvde.builder()
 *         .dhcp("scopes:\n  - {vlan: 10, cidr: 10.0.10.0/24, pool: {start: 10.0.10.10, end: 10.0.10.99}}\n")
 *         .vlans(10)
 *         .start()) {
 *     List<String> nic = jvde.qemuNetdevArgs(1, 10);     // port 1, untagged member of VLAN 10
 *     ... boot a VM with nic + "-device virtio-net-pci,netdev=" + Jvde.netdevId(1) + ",mac=52:54:00:00:00:01"
 *     Lease lease = jvde.awaitLease("52:54:00:00:00:01", Duration.ofSeconds(60));
 * }
 * }</pre>
 *
 * Leases come from the switch's own DHCP server; a relayed VLAN's leases live in the external server. Events are
 * the switch's structured event stream ({@link JvdeEvent}: ports, endpoints, MACs, leases, links), recorded from
 * the start with the state at that moment; {@link #awaitEvent} waits for one. {@link #capture} and
 * {@link Builder#capture} write the frames as pcapng. The log lines are kept too ({@link #logLines}).
 */
public final class Jvde implements AutoCloseable {
    private static final Duration CONSOLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_EVENTS = 10_000;

    private final InProcessSwitch process;
    private final Path work;
    private final Path directory;
    private final Path mgmt;
    private final Recording<LogLine> logLines;
    private final Recording<JvdeEvent> events = new Recording<>(MAX_EVENTS);
    private final Consumer<Event> listener = e -> events.add(new JvdeEvent(e.seq(), Instant.now(), e.type(),
        e.fields(), e.json()));
    private final List<Capture> captures = new CopyOnWriteArrayList<>();

    private Jvde(final InProcessSwitch process, final Path work, final Path directory, final Path mgmt,
                 final Recording<LogLine> logLines) {
        this.process = process;
        this.work = work;
        this.directory = directory;
        this.mgmt = mgmt;
        this.logLines = logLines;
        final EventHub hub = process.observability().hub();
        call(c -> {
            hub.listen(listener, c);
            return null;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The switch directory: what {@code -netdev vde,sock=}, {@code vde_plug} and {@code vde_plug2tap -s} take. */
    public Path socketPath() {
        return directory;
    }

    /** The management console socket ({@code vdeterm}, {@code jvde ctl -s}). */
    public Path mgmtPath() {
        return mgmt;
    }

    /** The QEMU netdev id {@link #qemuNetdevArgs} uses for {@code port}. */
    public static String netdevId(final int port) {
        return "jvde" + port;
    }

    /**
     * Prepares switch port {@code port} as an untagged member of {@code vlan} (creating the VLAN and the port when
     * needed) and returns QEMU's arguments for a NIC on it: {@code -netdev vde,id=jvdePORT,sock=DIR,port=PORT}.
     * Add {@code -device virtio-net-pci,netdev=jvdePORT,mac=...}.
     */
    public List<String> qemuNetdevArgs(final int port, final int vlan) {
        if (vlan != 0) {
            consoleIgnoring("vlan/create " + vlan, "1017");
        }
        consoleIgnoring("port/create " + port, "1017");
        console("port/setvlan " + port + " " + vlan);
        return List.of("-netdev", "vde,id=" + netdevId(port) + ",sock=" + directory + ",port=" + port);
    }

    /** Runs one console command and returns its output lines; a failing command throws with its status line. */
    public List<String> console(final String command) {
        final MgmtClient.Answer a = MgmtClient.run(mgmt, command, CONSOLE_TIMEOUT);
        if (a.outcome() != MgmtClient.Outcome.SUCCESS) {
            throw new IllegalStateException(command + ": " + a.status() + (a.data().isEmpty() ? ""
                : " " + a.data()));
        }
        return a.data();
    }

    private void consoleIgnoring(final String command, final String status) {
        final MgmtClient.Answer a = MgmtClient.run(mgmt, command, CONSOLE_TIMEOUT);
        if (a.outcome() != MgmtClient.Outcome.SUCCESS && !a.status().startsWith(status)) {
            throw new IllegalStateException(command + ": " + a.status());
        }
    }

    /** Runs {@code command} on the switch's event-loop thread (the engine's own API) and returns its result. */
    public <T> T call(final Function<SwitchControl, T> command) {
        return process.engine().call(command);
    }

    /** Every lease of the built-in DHCP server, all VLANs; empty without DHCP. */
    public List<Lease> leases() {
        final DhcpExtension dhcp = process.dhcp().orElse(null);
        if (dhcp == null || !process.isRunning()) {
            return List.of();
        }
        final long now = System.currentTimeMillis();
        final List<LeaseInfo> infos = call(c -> {
            final DhcpPort port = dhcp.attached();
            final DhcpResponder r = port == null ? null : port.responder();
            final List<LeaseInfo> l = new ArrayList<>();
            if (r != null) {
                for (final Scope s : r.scopes()) {
                    l.addAll(r.leases(s.vlan(), now));
                }
            }
            return l;
        });
        final List<Lease> leases = new ArrayList<>(infos.size());
        for (final LeaseInfo i : infos) {
            leases.add(new Lease(i.vid(), Ipv4Address.toString(i.address()), MacAddress.toString(i.mac()),
                i.state(), Instant.ofEpochMilli(i.time()), i.hostnameText()));
        }
        return leases;
    }

    /**
     * Waits until the client with {@code mac} holds a bound lease and returns it; polls every 50 ms.
     *
     * @throws AssertionError after {@code timeout}, listing the leases and the last DHCP log lines
     */
    public Lease awaitLease(final String mac, final Duration timeout) {
        final String wanted = mac.toLowerCase(Locale.ROOT);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (final Lease l : leases()) {
                if (l.bound() && l.mac().equals(wanted)) {
                    return l;
                }
            }
            if (System.nanoTime() - deadline >= 0 || !process.isRunning()) {
                throw new AssertionError("no bound lease for " + wanted + " within " + timeout.toMillis()
                    + " ms; leases " + leases() + "; DHCP log " + tail(logLines("dhcp:"), 20));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a lease for " + wanted, e);
            }
        }
    }

    /**
     * The events so far (the last 10,000), oldest first, starting with the state when the switch had started
     * ({@link JvdeEvent#snapshot()} true: ports, endpoints, leases).
     */
    public List<JvdeEvent> events() {
        return events.all();
    }

    /** The events of {@code type}, or of a family when it ends with a dot ({@code "lease."}). */
    public List<JvdeEvent> events(final String type) {
        return events().stream().filter(e -> e.is(type)).toList();
    }

    /**
     * Returns the first event since the switch started (the snapshot and events already recorded included) that
     * matches, waiting for it up to {@code timeout}. To wait for a change after some point, match on
     * {@link JvdeEvent#seq()} too. The predicate runs while the recording is locked: keep it quick.
     *
     * @throws AssertionError after {@code timeout}, listing the last events
     */
    public JvdeEvent awaitEvent(final Predicate<? super JvdeEvent> match, final Duration timeout) {
        try {
            final JvdeEvent e = events.await(match, timeout);
            if (e != null) {
                return e;
            }
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an event", x);
        }
        throw new AssertionError("no matching event within " + timeout.toMillis() + " ms; last events "
            + tail(events(), 20).stream().map(JvdeEvent::json).toList());
    }

    /** The switch's log lines so far (the last 10,000), oldest first. */
    public List<LogLine> logLines() {
        return logLines.all();
    }

    /** The log lines that start with {@code prefix}, e.g. {@code "dhcp:"}. */
    public List<LogLine> logLines(final String prefix) {
        return logLines().stream().filter(l -> l.text().startsWith(prefix)).toList();
    }

    /**
     * Starts capturing the frames entering {@code ports} (none given: every port), all VLANs, as pcapng into
     * {@code file} (created or truncated). The file is complete once the capture or the switch is closed.
     */
    public Capture capture(final Path file, final int... ports) {
        try {
            return capture(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), ports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts capturing the frames entering {@code ports} (none given: every port) as pcapng into {@code sink}, written
     * from a thread of the capture's own; a frame that does not fit its ring while the sink is slow is dropped and
     * counted. Closing the capture (or the switch) writes the rest and closes the sink.
     */
    public Capture capture(final WritableByteChannel sink, final int... ports) {
        final BitSet set = ports.length == 0 ? null : new BitSet();
        for (final int p : ports) {
            set.set(p);
        }
        final Observability obs = process.observability();
        final Capture c = new Capture(obs, obs.startCapture("embedded", set, null, sink));
        captures.add(c);
        return c;
    }

    private static <T> List<T> tail(final List<T> l, final int n) {
        return l.subList(Math.max(0, l.size() - n), l.size());
    }

    /** Stops the switch, removes its sockets and the files the builder wrote. Idempotent. */
    @Override
    public void close() {
        captures.forEach(Capture::close);
        process.observability().hub().unlisten(listener);
        process.close();
        deleteTree(work);
    }

    /** A running capture; {@link #close} ends it and completes its pcapng. */
    public static final class Capture implements AutoCloseable {
        private final Observability obs;
        private final CaptureSink sink;

        private Capture(final Observability obs, final CaptureSink sink) {
            this.obs = obs;
            this.sink = sink;
        }

        /** Frames written so far. */
        public long written() {
            return sink.written();
        }

        /** Frames dropped because the ring was full (the sink was slower than the traffic). */
        public long dropped() {
            return sink.totalDrops();
        }

        /** Ends the capture: the rest of the frames and the statistics are written, the sink closed. Idempotent. */
        @Override
        public void close() {
            obs.stopCapture(sink);
        }
    }

    private static void deleteTree(final Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configures a {@link Jvde}; every setter returns this. */
    public static final class Builder {
        private Path directory;
        private String dhcpYaml;
        private String relayYaml;
        private final List<Integer> vlans = new ArrayList<>();
        private final List<String> rc = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Consumer<String> log = line -> System.err.println("jvde: " + line);
        private final List<Function<Jvde, Capture>> captures = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The switch directory; default: a fresh temporary directory. */
        public Builder directory(final Path v) {
            directory = v;
            return this;
        }

        /**
         * DHCP configuration in the YAML of {@code --dhcp-config} (README, DHCP): {@code scopes}, {@code
         * trustedPorts}, {@code security}, and {@code relay} unless {@link #relay} is used. Without it (and without
         * {@code --no-dhcp}) the switch serves its default scope, 10.86.68.0/24 on VLAN 0.
         */
        public Builder dhcp(final String yaml) {
            dhcpYaml = Objects.requireNonNull(yaml);
            return this;
        }

        /** The relay agent: the body of the YAML's {@code relay:} mapping ({@code upstream}, {@code servers}, ...). */
        public Builder relay(final String yaml) {
            relayYaml = Objects.requireNonNull(yaml);
            return this;
        }

        /** VLANs to create at start ({@code vlan/create}), before any client attaches. */
        public Builder vlans(final int... vids) {
            for (final int v : vids) {
                vlans.add(v);
            }
            return this;
        }

        /** More console commands to run at start, after the VLANs (e.g. {@code port/create 2}). */
        public Builder rc(final String... commands) {
            rc.addAll(List.of(commands));
            return this;
        }

        /** Further {@code jvde switch} options, e.g. {@code "--no-dhcp"}, {@code "--dhcp-host", "MAC,IP"}. */
        public Builder args(final String... options) {
            args.addAll(List.of(options));
            return this;
        }

        /** Where log lines go besides {@link Jvde#events()}; default: stderr. */
        public Builder log(final Consumer<String> v) {
            log = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Captures every frame from the start, as pcapng into {@code file} ({@link Jvde#capture(Path, int...)}); the
         * file is complete once the switch is closed.
         */
        public Builder capture(final Path file) {
            Objects.requireNonNull(file);
            captures.add(j -> j.capture(file));
            return this;
        }

        /** Captures every frame from the start, as pcapng into {@code sink}, closed with the switch. */
        public Builder capture(final WritableByteChannel sink) {
            Objects.requireNonNull(sink);
            captures.add(j -> j.capture(sink));
            return this;
        }

        public Builder startTimeout(final Duration v) {
            startTimeout = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Starts the switch; returns once clients can attach.
         *
         * @throws IllegalArgumentException for a configuration the command line would refuse (with its message)
         */
        public Jvde start() {
            final Path work = tempDirectory();
            final Path dir = directory != null ? directory : work.resolve("sw");
            final Path mgmt = work.resolve("mgmt");
            final Recording<LogLine> lines = new Recording<>(MAX_EVENTS);
            final Consumer<String> sink = log;
            InProcessSwitch process = null;
            Jvde jvde = null;
            try {
                process = InProcessSwitch.start(arguments(work, dir, mgmt), line -> {
                    lines.add(new LogLine(Instant.now(), line));
                    sink.accept(line);
                }, startTimeout);
                jvde = new Jvde(process, work, dir, mgmt, lines);
                for (final Function<Jvde, Capture> c : captures) {
                    c.apply(jvde);
                }
                return jvde;
            } catch (RuntimeException e) {
                if (jvde != null) {
                    jvde.close();
                } else if (process != null) {
                    process.close();
                }
                deleteTree(work);
                throw e;
            }
        }

        private List<String> arguments(final Path work, final Path dir, final Path mgmt) {
            final List<String> a = new ArrayList<>(List.of("-s", dir.toString(), "-M", mgmt.toString(),
                "-f", write(work.resolve("jvde.rc"), rcText())));
            if (dhcpYaml != null || relayYaml != null) {
                a.addAll(List.of("--dhcp-config", write(work.resolve("dhcp.yaml"), yamlText())));
            }
            if (!args.contains("--dhcp-lease-file") && !args.contains("--no-dhcp")) {
                a.addAll(List.of("--dhcp-lease-file", "memory"));
            }
            a.addAll(args);
            return a;
        }

        private String rcText() {
            final StringBuilder sb = new StringBuilder();
            vlans.forEach(v -> sb.append("vlan/create ").append(v).append('\n'));
            rc.forEach(c -> sb.append(c).append('\n'));
            return sb.toString();
        }

        private String yamlText() {
            final StringBuilder sb = new StringBuilder(dhcpYaml == null ? "" : dhcpYaml);
            if (relayYaml != null) {
                sb.append(sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n' ? "" : "\n").append("relay:\n");
                relayYaml.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
            }
            return sb.toString();
        }

        private static Path tempDirectory() {
            try {
                return Files.createTempDirectory("jvde-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String write(final Path file, final String text) {
            try {
                return Files.writeString(file, text).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
