package io.jvde.app.dhcp;

import io.jvde.app.ProcessExtension;
import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.observe.EventHub;
import io.jvde.app.services.LabServices;
import io.jvde.app.services.ServicesCommands;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.guard.DhcpGuard;
import io.jvde.dhcp.guard.GuardDropReason;
import io.jvde.dhcp.guard.GuardListener;
import io.jvde.dhcp.relay.RelayAgent;
import io.jvde.dhcp.relay.RelaySettings;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.primitives.SystemClock;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.sw.Errno;

import io.jvde.dhcp.wire.Ipv4Address;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Starts the DHCP part of a running switch: opens (and replays) the lease journal, starts the responder for the
 * served VLANs and the relay agent for the relayed ones, attaches a {@link DhcpPort} on the first free port from
 * {@code -n} upward (so it takes none of the ports a client of vde_switch would get), makes that port a tagged member
 * of every served, relayed and upstream VLAN but 0, installs the DHCP guard as the switch's ingress filter (trust,
 * rate limits, snooping on the served and relayed VLANs), applies the configured MAC limits and registers the dhcp/
 * console commands. With {@code relay.upstream.host} it binds the relay's {@link HostUplink} first, so a bad
 * address or a busy port 67 fails start-up before anything is attached. Closing stops the uplink, then syncs and
 * closes the journal on the loop thread.
 */
public final class DhcpExtension implements ProcessExtension {
    private final DhcpConfig config;
    private final LeaseFile leaseFile;
    private final LongSupplier clock;
    private DhcpPort attached;
    private int attachedPort = -1;
    private HostUplink uplink;

    /**
     * @param leaseFile where the journal lives ({@link LeaseFile#resolve} against the switch directory)
     */
    public DhcpExtension(final DhcpConfig config, final LeaseFile leaseFile, final LongSupplier clock) {
        this.config = Objects.requireNonNull(config);
        this.leaseFile = Objects.requireNonNull(leaseFile);
        this.clock = Objects.requireNonNull(clock);
    }

    public DhcpExtension(final DhcpConfig config, final LeaseFile leaseFile) {
        this(config, leaseFile, SystemClock.MILLIS);
    }

    public DhcpExtension(final DhcpSettings settings, final LeaseFile leaseFile, final LongSupplier clock) {
        this(DhcpConfig.serving(settings), leaseFile, clock);
    }

    public DhcpExtension(final DhcpSettings settings, final LeaseFile leaseFile) {
        this(DhcpConfig.serving(settings), leaseFile);
    }

    public DhcpSettings settings() {
        return config.server();
    }

    public DhcpConfig config() {
        return config;
    }

    public LeaseFile leaseFile() {
        return leaseFile;
    }

    /** Whether exchanges go unlogged ({@code --dhcp-quiet}). */
    public boolean quiet() {
        return quiet;
    }

    /** No log line per exchange or relayed message ({@code --dhcp-quiet}); returns this. */
    public DhcpExtension quiet(final boolean on) {
        quiet = on;
        return this;
    }

    private boolean quiet;

    @Override
    public AutoCloseable start(final RunningSwitch sw, final CommandRegistry console, final SwitchLog log)
        throws SwitchStartException {
        final DhcpPort port = attach(sw, log);
        DhcpCommands.register(console, sw, port, clock);
        DhcpJsonCommands.register(console, sw, port, clock); // jvde ctl --json dhcp/leases, dhcp/scopes
        DhcpSecurityCommands.register(console, sw, port, clock);
        ServicesCommands.register(console, sw, new PortServices(port), clock);
        return new Stop(this, sw, port, log);
    }

    /** Stops the uplink, closes the port on the loop thread, says where the journal's syncs went. */
    private void stop(final RunningSwitch sw, final DhcpPort port, final SwitchLog log) {
        closeUplink();
        sw.call(new ClosePort(port));
        if (syncingJournal != null) { // where the group commits went (BENCHMARKS.md's A/B reads this line)
            log.log("dhcp: lease journal: " + syncingJournal.callerSyncs() + " batches synced on the event loop, "
                + syncingJournal.backgroundBatches() + " on the journal's thread");
        }
        if (port.services() != null) {
            port.services().close();
        }
    }

    /** The file journal with the adaptive commit, once attached (null: in memory, or always on the loop). */
    private FileLeaseJournal syncingJournal;

    /** The relay's host uplink after {@link #attach}, null unless {@code relay.upstream.host} is set. */
    public HostUplink uplink() {
        return uplink;
    }

    private void closeUplink() {
        if (uplink != null) {
            uplink.close();
        }
    }

    /** Binds the host uplink's socket; the message names the YAML field and the operating system's reason. */
    static HostUplink openUplink(final RelaySettings relay) throws SwitchStartException {
        final String at = "dhcp: relay.upstream.host: " + (relay.upstreamAddress() == 0 ? "true (0.0.0.0)"
            : Ipv4Address.toString(relay.upstreamAddress())) + ": cannot bind UDP port " + HostUplink.SERVER_PORT;
        try {
            return HostUplink.open(relay.upstreamAddress());
        } catch (final BindException e) {
            throw new SwitchStartException(at + " (" + e.getMessage() + "; expected: " + (relay.upstreamAddress()
                == 0 ? "" : "an address of this host, ") + "port 67 free, or bound by its owner with SO_REUSEADDR,"
                + " and the right to bind it: root or CAP_NET_BIND_SERVICE)", false);
        } catch (final IOException | RuntimeException e) {
            throw new SwitchStartException(at + " (" + e.getMessage() + ")", false);
        }
    }

    /**
     * Diagnosis only ({@code -Djvde.dhcp.syncOnLoop=true}, bench/dhcp.sh's A/B): the lease journal's fsync always on
     * the event-loop thread, as before the journal had a thread of its own.
     */
    static final String SYNC_ON_LOOP_PROPERTY = "jvde.dhcp.syncOnLoop";
    /** Diagnosis only ({@code -Djvde.dhcp.syncInBackground=true}): every batch to the journal's thread. */
    static final String SYNC_IN_BACKGROUND_PROPERTY = "jvde.dhcp.syncInBackground";
    /**
     * The adaptive commit's thresholds: a sync (write and fsync) of at least this many microseconds is slow, and the
     * batches after it go to the journal's thread until the syncs are fast again (BENCHMARKS.md, "DHCP against Kea
     * on the same path").
     */
    static final String SLOW_SYNC_MICROS_PROPERTY = "jvde.dhcp.slowSyncMicros";
    static final long DEFAULT_SLOW_SYNC_MICROS = 1000;
    /**
     * A batch of this many records or more goes to the journal's thread: the loop reads nothing while it syncs, and
     * a unix datagram socket queues only 10 datagrams per sender by default (net.unix.max_dgram_qlen), about two
     * per record at the rate such a batch means.
     */
    static final String LARGE_BATCH_PROPERTY = "jvde.dhcp.largeBatch";
    static final int DEFAULT_LARGE_BATCH = 4;

    /** Opens the journal, starts the responder on the loop thread and attaches its port; for tests too. */
    public DhcpPort attach(final RunningSwitch sw, final SwitchLog log) throws SwitchStartException {
        final RelaySettings relaySettings = config.relay();
        if (relaySettings != null && relaySettings.hostUplink()) {
            uplink = openUplink(relaySettings); // first: a bad address or a busy port leaves nothing behind
        }
        final Path file = leaseFile.resolve(sw.directory());
        final LeaseJournal journal = openJournal(file);
        // Journal replay and the responder's tables are built here, not on the loop thread, so the switch keeps
        // answering handshakes meanwhile; the loop thread takes the responder over through call() (happens-before).
        final DhcpPort port = new DhcpPort(log, VlanTable.DEFAULT_VLAN, clock);
        port.logExchanges(!quiet);
        port.uplink(uplink);
        final DhcpResponder responder = startResponder(journal, port, file, log);
        if (journal instanceof FileLeaseJournal f && !Boolean.getBoolean(SYNC_ON_LOOP_PROPERTY)) {
            // a slow fsync off the loop thread: ACKs still wait for their record's (RFC 2131 §4.3.1), the loop does not
            final long slow = Boolean.getBoolean(SYNC_IN_BACKGROUND_PROPERTY) ? 0
                : Long.getLong(SLOW_SYNC_MICROS_PROPERTY, DEFAULT_SLOW_SYNC_MICROS) * 1000;
            f.syncAdaptively(new JournalDurable(port), slow, Integer.getInteger(LARGE_BATCH_PROPERTY,
                DEFAULT_LARGE_BATCH), SystemClock.NANOS);
            syncingJournal = f;
        }
        final RelayAgent relay = relaySettings == null ? null
            : RelayAgent.start(relaySettings, port.relaySink(), uplink, port);
        final LabServices services = startServices(sw, responder);
        port.services(services);
        final DhcpGuard guard = guard(port, log);
        trustRelay(relay);
        final String failure;
        try {
            failure = sw.call(new PlugIn(this, sw, port, responder, relay, guard));
        } catch (final RuntimeException e) {
            closeUplink(); // a bug on the loop thread: leave nothing bound
            throw e;
        }
        if (failure != null) {
            closeUplink();
            throw new SwitchStartException(failure, false);
        }
        if (uplink != null) {
            uplink.start(new OnLoop(sw), port::fromHost);
        }
        logStarted(sw, log, file, services);
        return attached;
    }

    /** The lease journal at {@code file}, or in memory without one. */
    private LeaseJournal openJournal(final Path file) throws SwitchStartException {
        try {
            if (file == null) {
                return LeaseJournal.inMemory();
            }
            final FileLeaseJournal journal = FileLeaseJournal.open(file);
            journal.fsyncEachBatch(leaseFile.fsync());
            return journal;
        } catch (final UncheckedIOException e) {
            closeUplink();
            throw new SwitchStartException("dhcp: " + e.getMessage(), false);
        }
    }

    /** The responder over the replayed journal, saying what the replay had to repair. */
    private DhcpResponder startResponder(final LeaseJournal journal, final DhcpPort port, final Path file,
                                         final SwitchLog log) throws SwitchStartException {
        final DhcpResponder responder;
        try {
            responder = DhcpResponder.start(config.server(), journal, port, port, clock.getAsLong());
        } catch (final RuntimeException e) {
            journal.close();
            closeUplink();
            throw new SwitchStartException("dhcp: lease journal " + file + ": " + e.getMessage(), false);
        }
        if (journal.discardedBytes() > 0 || !journal.damage().isEmpty()) {
            log.log("dhcp: lease journal " + file + ": recovered every intact record"
                + (journal.damage().isEmpty() ? "" : "; skipped damaged records at byte offsets " + journal.damage()
                + " (their addresses stay quarantined until their leases would have ended; the journal was rewritten)")
                + (journal.discardedBytes() > 0 ? "; cut a torn last record (" + journal.discardedBytes()
                + " bytes at the end)" : ""));
        }
        return responder;
    }

    /** DNS and TFTP on the served VLANs, or null when neither is configured. */
    private LabServices startServices(final RunningSwitch sw, final DhcpResponder responder)
        throws SwitchStartException {
        try {
            return LabServices.start(config.services(), responder, new OnLoop(sw));
        } catch (final IOException | RuntimeException e) {
            responder.close();
            closeUplink();
            throw new SwitchStartException("dhcp: dns/tftp: " + e.getMessage(), false);
        }
    }

    /** The guard of the served and relayed VLANs, logging each violation once per interval. */
    private DhcpGuard guard(final DhcpPort port, final SwitchLog log) {
        final DhcpGuard guard = new DhcpGuard(config.guard(), new GuardLog(log, port));
        // one notion of trust: the server's trusted ports (--dhcp-trusted-port, trustedPorts) are the guard's too
        final BitSet trusted = config.server().trustedPorts();
        for (int p = trusted.nextSetBit(0); p >= 0; p = trusted.nextSetBit(p + 1)) {
            guard.setTrusted(p, true);
        }
        for (final int vid : config.guardedVlans()) {
            guard.setGuarded(vid, true);
        }
        return guard;
    }

    /** One notion of trust for the server, the relay and the guard (YAML's trustedPorts feeds all three). */
    private void trustRelay(final RelayAgent relay) {
        if (relay != null) {
            config.server().trustedPorts().stream().forEach(p -> relay.setTrusted(p, true));
            config.guard().trustedPorts().stream().forEach(p -> relay.setTrusted(p, true));
        }
    }

    /** The VLANs the DHCP port joins: the guarded ones and the relay's upstream VLAN. */
    private List<Integer> portVlans() {
        final List<Integer> vlans = new ArrayList<>(config.guardedVlans());
        if (config.relay() != null && !config.relay().hostUplink()) {
            vlans.add(config.relay().upstreamVlan());
        }
        return vlans;
    }

    /** On the loop thread: binds the port, attaches it to the switch and its VLANs; a failure's message or null. */
    private String plugIn(final SwitchControl c, final RunningSwitch sw, final DhcpPort port,
                          final DhcpResponder responder, final RelayAgent relay, final DhcpGuard guard) {
        port.bind(responder, relay, guard);
        if (c.events() instanceof DhcpObserver observer) {
            port.observer(observer); // the event stream (--events, debug/add, ctl wait)
        }
        if (c.events() instanceof EventHub hub) { // --metrics: per scope, relay, guard
            hub.metrics().add(new DhcpMetrics(sw, port, clock));
            hub.status().put("dhcp", new StatusPart(sw, port, clock)); // /status
        }
        final int n = c.attachLocal(dhcpPortNumber(c), "dhcp", port);
        if (n < 0) {
            port.close();
            return "dhcp: no free port for the DHCP server (expected: fewer ports in use than --max-ports)";
        }
        final String vlanFailure = joinVlans(c, n);
        final String failure = vlanFailure != null ? vlanFailure : applyMacLimits(c);
        if (failure != null) {
            port.close();
            return failure;
        }
        if (relay != null) {
            relay.setPortDescriptions(p -> p >= 0 && p < c.portCount() ? c.port(p).name() : null);
        }
        c.setIngressFilter(port); // admit for client ports, observe for a trusted uplink's frames
        port.attachedAs(n);
        attached = port;
        attachedPort = n;
        return null;
    }

    private String joinVlans(final SwitchControl c, final int n) {
        for (final int vid : portVlans()) {
            if (vid != VlanTable.DEFAULT_VLAN) {
                final int created = c.vlanTable().create(vid);
                final int added = c.vlanTable().addTagged(vid, n);
                if ((created != Errno.OK && created != Errno.EEXIST.code()) || (added != Errno.OK
                    && added != Errno.EEXIST.code())) {
                    return "dhcp: vlan " + vid + ": cannot add the DHCP port " + n + " to it";
                }
            }
        }
        return null;
    }

    private String applyMacLimits(final SwitchControl c) {
        for (final Map.Entry<Integer, Integer> e : config.macLimits().entrySet()) {
            final int p = e.getKey();
            // -n, not portCount: the DHCP port (and any above -n) has grown portCount past it
            if (p >= c.settings().numPorts() || c.setMacLimit(p, e.getValue()) != Errno.OK) {
                return "dhcp: security.macLimits: port " + p + ": cannot set limit " + e.getValue()
                    + " (expected: a port below -n, " + c.settings().numPorts() + ")";
            }
        }
        return null;
    }

    /** The start-up lines: what is served where, the relay, the guard, the lab services and any warnings. */
    private void logStarted(final RunningSwitch sw, final SwitchLog log, final Path file,
                            final LabServices services) {
        final DhcpSettings settings = config.server();
        log.log("dhcp: " + (settings.scopes().isEmpty() ? "no scopes" : "serving") + " on port " + attachedPort
            + ", leases " + (file == null ? "in memory" : "in " + file + (leaseFile.fsync() ? "" : " (written, not fsynced)"))
            + (settings.scopes().isEmpty() ? ""
            : ": " + describeScopes()));
        if (config.relay() != null) {
            log.log("dhcp relay: " + DhcpSecurityCommands.describe(config.relay()));
        }
        log.log("dhcp guard: " + DhcpSecurityCommands.describe(config.guard()) + " on vlans "
            + config.guardedVlans());
        if (services != null) {
            final List<String> lines = sw.call(c -> {
                final List<String> l = new ArrayList<>();
                if (config.services().dns()) {
                    l.add(services.describeDns(clock.getAsLong()).get(0));
                }
                if (config.services().tftp()) {
                    l.add(services.describeTftp().get(0));
                }
                return l;
            });
            lines.forEach(log::log);
        }
        for (final String warning : settings.warnings()) {
            log.log("dhcp: warning: " + warning);
        }
    }

    /** The DHCP port after {@link #attach}, null before. */
    public DhcpPort attached() {
        return attached;
    }

    /** The port the responder was attached on, after {@link #attach}. */
    public int port() {
        return attachedPort;
    }

    /**
     * The first free port from {@code -n} upward: just past the ports vde_switch would offer, so clients keep ports
     * 1..n-1 exactly as with vde_switch, and beyond {@code --max-ports} when that is n (the port never counts
     * against the clients' limit).
     */
    static int dhcpPortNumber(final SwitchControl c) {
        int n = c.settings().numPorts();
        while (n < c.portCount() && c.port(n).allocated()) {
            n++;
        }
        return n;
    }

    private String describeScopes() {
        final StringBuilder sb = new StringBuilder();
        for (final Scope s : config.server().scopes()) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(DhcpCommands.describe(s));
        }
        return sb.toString();
    }

    /** Wraps a configuration error for the CLI: the message names the field and the expectation. */
    static IllegalArgumentException usage(final String option, final DhcpConfigException e) {
        return new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }

    // Classes, not lambdas or method references, on the start path: docs/architecture.md §7.

    private static final class PortServices implements Supplier<LabServices> {
        private final DhcpPort port;

        PortServices(final DhcpPort port) {
            this.port = port;
        }

        @Override
        public LabServices get() {
            return port.services();
        }
    }

    /** What {@link #start} returns: {@link #stop}. */
    private static final class Stop implements AutoCloseable {
        private final DhcpExtension extension;
        private final RunningSwitch sw;
        private final DhcpPort port;
        private final SwitchLog log;

        Stop(final DhcpExtension extension, final RunningSwitch sw, final DhcpPort port, final SwitchLog log) {
            this.extension = extension;
            this.sw = sw;
            this.port = port;
            this.log = log;
        }

        @Override
        public void close() {
            extension.stop(sw, port, log);
        }
    }

    /** On the loop thread: closes the DHCP port. */
    private static final class ClosePort implements Function<SwitchControl, Object> {
        private final DhcpPort port;

        ClosePort(final DhcpPort port) {
            this.port = port;
        }

        @Override
        public Object apply(final SwitchControl c) {
            port.close();
            return null;
        }
    }

    /** The journal's thread tells the port that records are durable. */
    private static final class JournalDurable implements Runnable {
        private final DhcpPort port;

        JournalDurable(final DhcpPort port) {
            this.port = port;
        }

        @Override
        public void run() {
            port.journalDurable();
        }
    }

    /** Runs a lab service's or the host uplink's task on the loop thread. */
    private static final class OnLoop implements Consumer<Runnable>, HostUplink.Loop {
        private final RunningSwitch sw;

        OnLoop(final RunningSwitch sw) {
            this.sw = sw;
        }

        @Override
        public void run(final Runnable task) {
            accept(task);
        }

        @Override
        public void accept(final Runnable task) {
            sw.call(new Function<SwitchControl, Object>() {
                @Override
                public Object apply(final SwitchControl c) {
                    task.run();
                    return null;
                }
            });
        }
    }

    /** Logs a guard violation and puts it on the event stream. */
    private static final class GuardLog implements GuardListener {
        private final SwitchLog log;
        private final DhcpPort port;

        GuardLog(final SwitchLog log, final DhcpPort port) {
            this.log = log;
            this.port = port;
        }

        @Override
        public void onViolation(final GuardDropReason reason, final int p, final int vid, final long mac,
                                final long suppressed) {
            log.log("dhcp guard: " + (reason.dropped() ? "dropped" : "noted") + " a frame from port " + p + " vlan "
                + vid + " (" + MacAddress.toString(mac) + "): " + reason.label() + (suppressed > 0 ? " (" + suppressed
                + " more since the last report)" : "") + " (reported once per interval; dhcp/guard shows the counts)");
            port.observer().violation("guard", reason.label(), reason.dropped(), p, vid, mac, suppressed);
        }
    }

    /** On the loop thread: {@link #plugIn}. */
    private static final class PlugIn implements Function<SwitchControl, String> {
        private final DhcpExtension extension;
        private final RunningSwitch sw;
        private final DhcpPort port;
        private final DhcpResponder responder;
        private final RelayAgent relay;
        private final DhcpGuard guard;

        PlugIn(final DhcpExtension extension, final RunningSwitch sw, final DhcpPort port,
               final DhcpResponder responder, final RelayAgent relay, final DhcpGuard guard) {
            this.extension = extension;
            this.sw = sw;
            this.port = port;
            this.responder = responder;
            this.relay = relay;
            this.guard = guard;
        }

        @Override
        public String apply(final SwitchControl c) {
            return extension.plugIn(c, sw, port, responder, relay, guard);
        }
    }

    /** The {@code dhcp} part of /status (--metrics), read on the loop thread. */
    private static final class StatusPart implements Supplier<Object>, Function<SwitchControl, Object> {
        private final RunningSwitch sw;
        private final DhcpPort port;
        private final LongSupplier clock;

        StatusPart(final RunningSwitch sw, final DhcpPort port, final LongSupplier clock) {
            this.sw = sw;
            this.port = port;
            this.clock = clock;
        }

        @Override
        public Object get() {
            return sw.call(this);
        }

        @Override
        public Object apply(final SwitchControl c) {
            return DhcpJsonCommands.status(port, clock);
        }
    }
}
