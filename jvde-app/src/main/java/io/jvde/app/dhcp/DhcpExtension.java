package io.jvde.app.dhcp;

import io.jvde.app.ProcessExtension;
import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.sw.Errno;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Starts the DHCP responder inside a running switch: opens (and replays) the lease journal, attaches a
 * {@link DhcpPort} on the first free port from {@code -n} upward (so it takes none of the ports a client of
 * vde_switch would get), makes that port a tagged member of every served VLAN but 0, and registers the
 * dhcp/ console commands. Closing syncs and closes the journal on the loop thread.
 */
public final class DhcpExtension implements ProcessExtension {
    private final DhcpSettings settings;
    private final LeaseFile leaseFile;
    private final LongSupplier clock;
    private DhcpPort attached;
    private int attachedPort = -1;

    /**
     * @param leaseFile where the journal lives ({@link LeaseFile#resolve} against the switch directory)
     */
    public DhcpExtension(final DhcpSettings settings, final LeaseFile leaseFile, final LongSupplier clock) {
        this.settings = Objects.requireNonNull(settings);
        this.leaseFile = Objects.requireNonNull(leaseFile);
        this.clock = Objects.requireNonNull(clock);
    }

    public DhcpExtension(final DhcpSettings settings, final LeaseFile leaseFile) {
        this(settings, leaseFile, System::currentTimeMillis);
    }

    public DhcpSettings settings() {
        return settings;
    }

    public LeaseFile leaseFile() {
        return leaseFile;
    }

    @Override
    public AutoCloseable start(final RunningSwitch sw, final CommandRegistry console, final SwitchLog log)
        throws SwitchStartException {
        final DhcpPort port = attach(sw, log);
        DhcpCommands.register(console, sw, port, clock);
        return () -> sw.call(c -> {
            port.close();
            return null;
        });
    }

    /** Opens the journal, starts the responder on the loop thread and attaches its port; for tests too. */
    public DhcpPort attach(final RunningSwitch sw, final SwitchLog log) throws SwitchStartException {
        final Path file = leaseFile.resolve(sw.directory());
        final LeaseJournal journal;
        try {
            journal = file == null ? LeaseJournal.inMemory() : FileLeaseJournal.open(file);
        } catch (final UncheckedIOException e) {
            throw new SwitchStartException("dhcp: " + e.getMessage(), false);
        }
        // Journal replay and the responder's tables are built here, not on the loop thread, so the switch keeps
        // answering handshakes meanwhile; the loop thread takes the responder over through call() (happens-before).
        final DhcpPort port = new DhcpPort(log, VlanTable.DEFAULT_VLAN, clock);
        final DhcpResponder responder;
        try {
            responder = DhcpResponder.start(settings, journal, port, port, clock.getAsLong());
        } catch (final RuntimeException e) {
            journal.close();
            throw new SwitchStartException("dhcp: lease journal " + file + ": " + e.getMessage(), false);
        }
        final String failure = sw.call(c -> {
            port.bind(responder);
            final int n = c.attachLocal(dhcpPortNumber(c), "dhcp", port);
            if (n < 0) {
                responder.close();
                return "dhcp: no free port for the DHCP server (expected: fewer ports in use than --max-ports)";
            }
            for (final Scope s : settings.scopes()) {
                if (s.vlan() != VlanTable.DEFAULT_VLAN) {
                    final int created = c.vlanTable().create(s.vlan());
                    final int added = c.vlanTable().addTagged(s.vlan(), n);
                    if ((created != Errno.OK && created != Errno.EEXIST) || added != Errno.OK) {
                        responder.close();
                        return "dhcp: vlan " + s.vlan() + ": cannot add the DHCP port " + n + " to it";
                    }
                }
            }
            attached = port;
            attachedPort = n;
            return null;
        });
        if (failure != null) {
            throw new SwitchStartException(failure, false);
        }
        log.log("dhcp: serving on port " + attachedPort + ", leases " + (file == null ? "in memory"
            : "in " + file) + ": " + describeScopes());
        for (final String warning : settings.warnings()) {
            log.log("dhcp: warning: " + warning);
        }
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
    static int dhcpPortNumber(final io.jvde.sw.engine.SwitchControl c) {
        int n = c.settings().numPorts();
        while (n < c.portCount() && c.port(n).allocated()) {
            n++;
        }
        return n;
    }

    private String describeScopes() {
        final StringBuilder sb = new StringBuilder();
        for (final Scope s : settings.scopes()) {
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
}
