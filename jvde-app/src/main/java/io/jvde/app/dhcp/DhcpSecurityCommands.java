package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandContext;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.CommandTable;
import io.jvde.app.console.ConsoleException;
import io.jvde.sw.Errno;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.guard.DhcpGuard;
import io.jvde.dhcp.guard.GuardCounters;
import io.jvde.dhcp.guard.GuardDropReason;
import io.jvde.dhcp.guard.GuardSettings;
import io.jvde.dhcp.guard.SnoopingTable;
import io.jvde.dhcp.relay.RelayAgent;
import io.jvde.dhcp.relay.RelayCounters;
import io.jvde.dhcp.relay.RelayDropReason;
import io.jvde.dhcp.relay.RelaySettings;
import io.jvde.dhcp.relay.RelayVlan;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.sw.vlan.VlanTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The dhcp/ console commands of the relay agent and the guard: show them with their counters per VLAN and per
 * reason, the snooping bindings, and change trust, rate limits, lease caps, servers and relayed VLANs at run time.
 * Every command runs on the event-loop thread through {@link RunningSwitch#call}. Names are chosen so that none is a
 * prefix of another (the console runs the first command whose name prefixes the input, as vde_switch does).
 */
final class DhcpSecurityCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable), in registration order.
    private static final int RELAY = 0;
    private static final int ADD_SERVER = 1;
    private static final int DEL_SERVER = 2;
    private static final int ADD_RELAY = 3;
    private static final int DEL_RELAY = 4;
    private static final int GUARD = 5;
    private static final int SNOOPING = 6;
    private static final int TRUST = 7;
    private static final int RATE_LIMIT = 8;
    private static final int MAX_LEASES = 9;

    private final RunningSwitch sw;
    private final DhcpPort port;
    private final LongSupplier clock;

    private DhcpSecurityCommands(final RunningSwitch sw, final DhcpPort port, final LongSupplier clock) {
        this.sw = sw;
        this.port = port;
        this.clock = clock;
    }

    static void register(final CommandRegistry r, final RunningSwitch sw, final DhcpPort port,
                         final LongSupplier clock) {
        final DhcpSecurityCommands c = new DhcpSecurityCommands(sw, port, clock);
        r.dataCommand("dhcp/relay", "", "relay agent: upstream, servers, relayed VLANs, counters", c, RELAY)
            .command("dhcp/addserver", "IP", "relay requests to the server IP as well", c, ADD_SERVER)
            .command("dhcp/delserver", "IP", "stop relaying to the server IP", c, DEL_SERVER)
            .command("dhcp/addrelay", "VLAN A.B.C.D/P", "relay VLAN with giaddr A.B.C.D", c, ADD_RELAY)
            .command("dhcp/delrelay", "VLAN", "stop relaying VLAN", c, DEL_RELAY)
            .dataCommand("dhcp/guard", "", "DHCP guard: trust, rate limits, counters per reason and VLAN", c, GUARD)
            .dataCommand("dhcp/snooping", "[VLAN]", "snooping bindings: MAC, IP, VLAN, port, expiry", c, SNOOPING)
            .command("dhcp/trust", "PORT 1|0", "trust PORT's DHCP server messages and option 82 (or not)", c, TRUST)
            .command("dhcp/ratelimit", "port|mac RATE BURST", "DHCP client messages per second (0 = no limit)",
                c, RATE_LIMIT)
            .command("dhcp/maxleases", "VLAN N", "cap the active leases of VLAN's scope (0 = no cap)",
                c, MAX_LEASES);
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case RELAY -> relay(ctx);
            case ADD_SERVER -> addServer(ctx);
            case DEL_SERVER -> delServer(ctx);
            case ADD_RELAY -> addRelay(ctx);
            case DEL_RELAY -> delRelay(ctx);
            case GUARD -> guard(ctx);
            case SNOOPING -> snooping(ctx);
            case TRUST -> trust(ctx);
            case RATE_LIMIT -> rateLimit(ctx);
            case MAX_LEASES -> maxLeases(ctx);
            default -> throw CommandTable.noCase(this, id);
        }
    }

    /** One line: {@code upstream vlan 99 10.99.0.254/24 servers 10.99.0.1 relays vlan 10 giaddr 10.10.0.1 ...}. */
    static String describe(final RelaySettings s) {
        final StringBuilder sb = new StringBuilder("upstream ");
        if (s.hostUplink()) {
            Ipv4Address.append(sb.append("host "), s.upstreamAddress()).append(":67");
        } else {
            sb.append("vlan ").append(s.upstreamVlan()).append(' ');
            Ipv4Address.append(sb, s.upstreamAddress()).append('/').append(s.upstreamPrefix());
        }
        if (s.gateway() != 0) {
            Ipv4Address.append(sb.append(" gateway "), s.gateway());
        }
        sb.append(" servers");
        for (final int server : s.servers()) {
            Ipv4Address.append(sb.append(' '), server);
        }
        for (final RelayVlan v : s.vlans()) {
            sb.append(" | vlan ").append(v.vid()).append(" giaddr ");
            Ipv4Address.append(sb, v.relayAddress()).append('/').append(v.prefixLength()).append(" circuit-id \"")
                .append(v.circuitIdTemplate()).append('"');
            if (v.linkSelection()) {
                sb.append(" link-selection");
            }
            if (v.serverIdOverride()) {
                sb.append(" server-id-override");
            }
        }
        return sb.append(" | remote-id \"").append(s.switchName()).append("\" hops-limit ").append(s.hopsLimit())
            .toString();
    }

    /** One line: {@code on, per port 50/s burst 100, per MAC 10/s burst 20, trusted ports [5], ...}. */
    static String describe(final GuardSettings s) {
        return (s.enabled() ? "on" : "off") + ", per port " + rate(s.portRate(), s.portBurst()) + ", per MAC "
            + rate(s.macRate(), s.macBurst()) + ", trusted ports " + s.trustedPorts() + ", reports every "
            + s.logIntervalMillis() / 1000 + " s, bindings up to " + s.bindingCapacity();
    }

    private static String rate(final int rate, final int burst) {
        return rate == 0 ? "unlimited" : rate + "/s burst " + burst;
    }

    private RelayAgent relayAgent() {
        final RelayAgent relay = port.relay();
        if (relay == null) {
            throw new ConsoleException(Errno.ENXIO, "no relay agent (expected: relay: in the --dhcp-config file)");
        }
        return relay;
    }

    private void relay(final CommandContext ctx) {
        final List<String> lines = sw.call(c -> {
            final RelayAgent relay = relayAgent();
            final RelaySettings s = relay.settings();
            final RelayCounters k = relay.counters();
            final List<String> l = new ArrayList<>();
            l.add(describe(s));
            final List<Integer> vids = new ArrayList<>();
            s.vlans().forEach(v -> vids.add(v.vid()));
            vids.add(s.upstreamVlan());
            for (final int vid : vids) {
                final boolean up = vid == s.upstreamVlan();
                final String name = up && s.hostUplink() ? "host uplink" : "vlan " + vid + (up ? " (upstream)" : "");
                final StringBuilder sb = new StringBuilder(name).append(" requests ").append(k.requestsRelayed(vid))
                    .append(" replies ").append(k.repliesRelayed(vid));
                for (final RelayDropReason reason : RelayDropReason.values()) {
                    if (reason != RelayDropReason.NOT_FOR_RELAY && k.count(vid, reason) > 0) {
                        sb.append(", ").append(reason.label()).append(' ').append(k.count(vid, reason));
                    }
                }
                l.add(sb.toString());
            }
            final HostUplink up = port.uplink();
            if (up != null) {
                l.add("host uplink socket " + Ipv4Address.toString(up.bindAddress()) + ":" + up.localPort()
                    + " received " + up.received() + " queue-full-drops " + up.queueFullDrops() + " send-errors "
                    + up.sendErrors() + (up.lastSendError() == null ? "" : " (last: " + up.lastSendError() + ")"));
            }
            l.add("sent " + k.framesSent() + " arp-requests " + k.arpRequestsSent() + " arp-replies "
                + k.arpRepliesSent() + " icmp-replies " + k.icmpRepliesSent() + " held " + k.heldPackets());
            return l;
        });
        lines.forEach(ctx::println);
    }

    private void addServer(final CommandContext ctx) {
        final int server = DhcpCommands.address(ctx, 0);
        reconfigureRelay(relayAgent -> relayAgent.settings().toBuilder().server(server));
    }

    private void delServer(final CommandContext ctx) {
        final int server = DhcpCommands.address(ctx, 0);
        reconfigureRelay(relayAgent -> {
            final RelaySettings s = relayAgent.settings();
            final RelaySettings.Builder b = s.toBuilder().clearServers();
            boolean found = false;
            for (final int a : s.servers()) {
                if (a == server) {
                    found = true;
                } else {
                    b.server(a);
                }
            }
            if (!found) {
                throw new ConsoleException(Errno.ENXIO, "server " + Ipv4Address.toString(server)
                    + " (expected: one of the relay's servers)");
            }
            return b;
        });
    }

    private void addRelay(final CommandContext ctx) {
        final int vid = ctx.intArg(0, "vlan");
        if (ctx.words().size() < 2) {
            throw new ConsoleException(Errno.EINVAL, "address: missing (expected: the relay address A.B.C.D/P)");
        }
        final String cidr = ctx.words().get(1);
        sw.call(c -> {
            final DhcpResponder responder = port.responder();
            if (responder.serves(vid)) {
                throw new ConsoleException(Errno.EEXIST, "vlan " + vid + " has a DHCP scope (expected: a VLAN"
                    + " either served or relayed)");
            }
            final RelayAgent relay = relayAgent();
            if (relay.settings().upstreamVlan() == vid) {
                throw new ConsoleException(Errno.EINVAL, "vlan " + vid + " is the upstream VLAN");
            }
            final RelayVlan added;
            try {
                added = RelayVlan.of(vid, cidr);
            } catch (final RuntimeException e) {
                throw new ConsoleException(Errno.EINVAL, message(e));
            }
            final RelaySettings.Builder b = relay.settings().toBuilder().clearVlans();
            for (final RelayVlan v : relay.settings().vlans()) {
                if (v.vid() != vid) {
                    b.vlan(v);
                }
            }
            apply(relay, b.vlan(added));
            if (vid != VlanTable.DEFAULT_VLAN) {
                c.vlanTable().create(vid);
                c.vlanTable().addTagged(vid, port.number());
            }
            if (port.guard() != null) {
                port.guard().setGuarded(vid, true);
            }
            return null;
        });
    }

    private void delRelay(final CommandContext ctx) {
        final int vid = ctx.intArg(0, "vlan");
        reconfigureRelay(relay -> {
            final RelaySettings.Builder b = relay.settings().toBuilder().clearVlans();
            boolean found = false;
            for (final RelayVlan v : relay.settings().vlans()) {
                if (v.vid() == vid) {
                    found = true;
                } else {
                    b.vlan(v);
                }
            }
            if (!found) {
                throw new ConsoleException(Errno.ENXIO, "vlan " + vid + " (expected: a relayed VLAN)");
            }
            return b;
        });
        sw.call(c -> {
            if (port.guard() != null) {
                port.guard().setGuarded(vid, false); // only once the relay let go: a refused delrelay keeps it
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface RelayChange {
        RelaySettings.Builder apply(RelayAgent relay);
    }

    private void reconfigureRelay(final RelayChange change) {
        sw.call(c -> {
            final RelayAgent relay = relayAgent();
            apply(relay, change.apply(relay));
            return null;
        });
    }

    private static void apply(final RelayAgent relay, final RelaySettings.Builder b) {
        try {
            relay.reconfigure(b.build());
        } catch (final DhcpConfigException e) {
            throw new ConsoleException(Errno.EINVAL, e.getMessage());
        }
    }

    private DhcpGuard dhcpGuard() {
        final DhcpGuard guard = port.guard();
        if (guard == null) {
            throw new ConsoleException(Errno.ENXIO, "no DHCP guard");
        }
        return guard;
    }

    private void guard(final CommandContext ctx) {
        final List<String> lines = sw.call(c -> {
            final DhcpGuard guard = dhcpGuard();
            final GuardCounters k = guard.counters();
            final List<String> l = new ArrayList<>();
            final List<Integer> guarded = new ArrayList<>();
            for (int vid = 0; vid <= VlanTable.MAX_VID; vid++) {
                if (guard.guarded(vid)) {
                    guarded.add(vid);
                }
            }
            l.add(describe(guard.settings()) + ", vlans " + guarded);
            l.add("client messages " + k.clientMessages() + ", server messages " + k.serverMessages()
                + ", bindings learned " + k.bindingsLearned() + ", reports " + k.notifications() + " (suppressed "
                + k.suppressed() + ")");
            for (final GuardDropReason reason : GuardDropReason.values()) {
                final StringBuilder sb = new StringBuilder(reason.label()).append(' ').append(k.drops(reason));
                if (k.drops(reason) > 0) {
                    for (final int vid : guarded) {
                        if (k.drops(vid, reason) > 0) {
                            sb.append(", vlan ").append(vid).append(": ").append(k.drops(vid, reason));
                        }
                    }
                }
                l.add(sb.toString());
            }
            return l;
        });
        lines.forEach(ctx::println);
    }

    private void snooping(final CommandContext ctx) {
        final int only = ctx.intArgOr(0, "vlan", -1);
        final List<String> lines = sw.call(c -> {
            final long now = clock.getAsLong();
            final List<String> l = new ArrayList<>();
            for (final SnoopingTable.Binding b : dhcpGuard().bindings().entries()) {
                if ((only >= 0 && b.vid() != only) || (b.expiresAt() != SnoopingTable.NEVER && b.expiresAt() <= now)) {
                    continue;
                }
                final StringBuilder sb = new StringBuilder(MacAddress.toString(b.mac())).append(' ');
                Ipv4Address.append(sb, b.ip()).append(" vlan ").append(b.vid()).append(" port ")
                    .append(b.port() < 0 ? "?" : Integer.toString(b.port())).append(" expires ")
                    .append(b.expiresAt() == SnoopingTable.NEVER ? "never" : "in " + (b.expiresAt() - now) / 1000
                        + " s");
                l.add(sb.toString());
            }
            return l;
        });
        lines.forEach(ctx::println);
    }

    private void trust(final CommandContext ctx) {
        final int p = ctx.intArg(0, "port");
        final int on = ctx.intArg(1, "trusted");
        if (p < 0 || (on != 0 && on != 1)) {
            throw new ConsoleException(Errno.EINVAL, "dhcp/trust " + ctx.args() + " (expected: PORT 1|0)");
        }
        sw.call(c -> {
            dhcpGuard().setTrusted(p, on == 1);
            if (port.relay() != null) {
                port.relay().setTrusted(p, on == 1);
            }
            port.responder().setTrusted(p, on == 1);
            return null;
        });
    }

    private void rateLimit(final CommandContext ctx) {
        final List<String> w = ctx.words();
        final String which = w.isEmpty() ? "" : w.get(0).toLowerCase(Locale.ROOT);
        if (!which.equals("port") && !which.equals("mac")) {
            throw new ConsoleException(Errno.EINVAL, "dhcp/ratelimit " + ctx.args()
                + " (expected: port|mac RATE BURST)");
        }
        final int rate = ctx.intArg(1, "rate");
        final int burst = ctx.intArgOr(2, "burst", Math.max(1, rate * 2));
        sw.call(c -> {
            final DhcpGuard guard = dhcpGuard();
            final GuardSettings.Builder b = guard.settings().toBuilder();
            if (which.equals("port")) {
                b.portRate(rate).portBurst(burst);
            } else {
                b.macRate(rate).macBurst(burst);
            }
            try {
                guard.reconfigure(b.build());
            } catch (final DhcpConfigException e) {
                throw new ConsoleException(Errno.EINVAL, e.getMessage());
            }
            return null;
        });
    }

    private void maxLeases(final CommandContext ctx) {
        final int max = ctx.intArg(1, "maximum");
        sw.call(c -> {
            final DhcpResponder r = port.responder();
            final int vid = DhcpCommands.vlan(ctx, r);
            try {
                r.setMaxLeases(vid, max);
            } catch (final DhcpConfigException e) {
                throw new ConsoleException(Errno.EINVAL, e.getMessage());
            }
            return null;
        });
    }

    private static String message(final RuntimeException e) {
        return e instanceof DhcpConfigException d ? d.getMessage() : String.valueOf(e.getMessage());
    }
}
