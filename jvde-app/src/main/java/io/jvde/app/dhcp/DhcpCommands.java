package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandContext;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.CommandTable;
import io.jvde.app.console.ConsoleException;
import io.jvde.sw.Errno;
import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.AddressRange;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.server.DhcpCounters;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The dhcp/ console menu: scopes and counters, leases, and run-time changes (release). Every command runs on the
 * event-loop thread through {@link RunningSwitch#call}, so it sees and changes the responder's state safely.
 */
final class DhcpCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable), in registration order.
    private static final int SCOPES = 0;
    private static final int LEASES = 1;
    private static final int RESERVE = 2;
    private static final int UNRESERVE = 3;
    private static final int RELEASE = 4;

    private final RunningSwitch sw;
    private final DhcpPort port;
    private final LongSupplier clock;

    private DhcpCommands(final RunningSwitch sw, final DhcpPort port, final LongSupplier clock) {
        this.sw = sw;
        this.port = port;
        this.clock = clock;
    }

    static void register(final CommandRegistry r, final RunningSwitch sw, final DhcpPort port,
                         final LongSupplier clock) {
        final DhcpCommands c = new DhcpCommands(sw, port, clock);
        r.menu("dhcp", "DHCP SERVER MENU")
            .dataCommand("dhcp/scopes", "", "list the scopes with their counters", c, SCOPES)
            .dataCommand("dhcp/leases", "[VLAN]", "list the leases (of one VLAN)", c, LEASES)
            .command("dhcp/reserve", "VLAN MAC IP [NAME]", "always give IP (and NAME) to MAC", c, RESERVE)
            .command("dhcp/unreserve", "VLAN MAC", "remove the reservation of MAC", c, UNRESERVE)
            .command("dhcp/release", "VLAN IP", "release the lease on IP as if its client had", c, RELEASE);
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case SCOPES -> scopes(ctx);
            case LEASES -> leases(ctx);
            case RESERVE -> reserve(ctx);
            case UNRESERVE -> unreserve(ctx);
            case RELEASE -> release(ctx);
            default -> throw CommandTable.noCase(this, id);
        }
    }

    /** One line per scope, e.g. {@code vlan 0 "default" 10.86.68.0/24 server 10.86.68.254 range ...}. */
    static String describe(final Scope s) {
        final StringBuilder sb = new StringBuilder();
        sb.append("vlan ").append(s.vlan()).append(" \"").append(s.name()).append("\" ").append(s.cidr())
            .append(" server ");
        Ipv4Address.append(sb, s.serverIp());
        for (final AddressRange r : s.addresses().ranges()) {
            sb.append(" range ");
            Ipv4Address.append(sb, r.start()).append('-');
            Ipv4Address.append(sb, r.end());
        }
        sb.append(" lease ").append(s.leaseTime() == Scope.INFINITE ? "infinite" : s.leaseTime() + "s");
        if (!s.reservations().isEmpty()) {
            sb.append(" reservations ").append(s.reservations().size());
        }
        if (s.boot() != null && s.boot().file() != null) {
            sb.append(" boot ").append(s.boot().file());
        }
        return sb.toString();
    }

    private void scopes(final CommandContext ctx) {
        final List<String> lines = sw.call(c -> {
            final DhcpResponder r = port.responder();
            final List<String> l = new ArrayList<>();
            final long now = clock.getAsLong();
            for (final Scope s : r.scopes()) {
                l.add(describe(s) + " leases " + r.leases(s.vlan(), now).stream()
                    .filter(x -> "bound".equals(x.state())).count());
            }
            final DhcpCounters k = r.counters();
            final StringBuilder sb = new StringBuilder("exchanges");
            for (final DhcpEvent.Kind kind : DhcpEvent.Kind.values()) {
                sb.append(' ').append(kind.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                    .append(k.exchanges(kind));
            }
            l.add(sb.toString());
            l.add("arp=" + k.arpReplies() + " icmp=" + k.icmpReplies() + " syncs=" + k.syncs() + " sent="
                + k.framesSent() + " inject-failures=" + port.injectFailures());
            final StringBuilder drops = new StringBuilder("drops ").append(k.totalDrops());
            for (final DhcpDropReason reason : DhcpDropReason.values()) {
                if (k.drops(reason) > 0) {
                    drops.append(' ').append(reason.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                        .append(k.drops(reason));
                }
            }
            l.add(drops.toString());
            return l;
        });
        lines.forEach(ctx::println);
    }

    private void leases(final CommandContext ctx) {
        final List<String> lines = sw.call(c -> {
            final DhcpResponder r = port.responder();
            final int only = ctx.words().isEmpty() ? -1 : vlan(ctx, r);
            final long now = clock.getAsLong();
            final List<String> l = new ArrayList<>();
            for (final Scope s : r.scopes()) {
                if (only >= 0 && s.vlan() != only) {
                    continue;
                }
                for (final LeaseInfo lease : r.leases(s.vlan(), now)) {
                    l.add(lease.toString());
                }
            }
            return l;
        });
        lines.forEach(ctx::println);
    }

    private void release(final CommandContext ctx) {
        sw.call(c -> {
            final DhcpResponder r = port.responder();
            final int vid = vlan(ctx, r);
            final int address = address(ctx, 1);
            if (!r.releaseLease(vid, address, clock.getAsLong())) {
                throw new ConsoleException(Errno.ENXIO, "no lease on " + Ipv4Address.toString(address)
                    + " in vlan " + vid);
            }
            return null;
        });
    }

    private void reserve(final CommandContext ctx) {
        sw.call(c -> {
            final DhcpResponder r = port.responder();
            final int vid = vlan(ctx, r);
            final long mac = mac(ctx);
            final int address = address(ctx, 2);
            final String name = ctx.words().size() > 3 ? ctx.words().get(3) : null;
            try {
                r.reserve(vid, new Reservation(new ReservationKey.Mac(mac), address, name, 0, null, Map.of()));
                namesChanged();
            } catch (final DhcpConfigException e) {
                throw new ConsoleException(Errno.EINVAL, e.getMessage());
            }
            return null;
        });
    }

    private void unreserve(final CommandContext ctx) {
        sw.call(c -> {
            final DhcpResponder r = port.responder();
            final int vid = vlan(ctx, r);
            final long mac = mac(ctx);
            if (!r.unreserve(vid, new ReservationKey.Mac(mac))) {
                throw new ConsoleException(Errno.ENXIO, "no reservation for " + MacAddress.toString(mac)
                    + " in vlan " + vid);
            }
            namesChanged();
            return null;
        });
    }

    /** A reservation's name reaches DNS (or leaves it) with the reservation. */
    private void namesChanged() {
        if (port.services() != null) {
            port.services().reservationsChanged();
        }
    }

    private static long mac(final CommandContext ctx) {
        final List<String> words = ctx.words();
        if (words.size() < 2) {
            throw new ConsoleException(Errno.EINVAL, "mac: missing (expected: a MAC like 52:54:00:01:01:01)");
        }
        try {
            return MacAddress.parse(words.get(1));
        } catch (final IllegalArgumentException e) {
            throw new ConsoleException(Errno.EINVAL, "mac: " + words.get(1)
                + " (expected: a MAC like 52:54:00:01:01:01)");
        }
    }

    static int vlan(final CommandContext ctx, final DhcpResponder r) {
        final int vid = ctx.intArg(0, "vlan");
        if (!r.serves(vid)) {
            throw new ConsoleException(Errno.ENXIO, "vlan " + vid + " (expected: a VLAN with a DHCP scope)");
        }
        return vid;
    }

    static int address(final CommandContext ctx, final int index) {
        final List<String> words = ctx.words();
        if (index >= words.size()) {
            throw new ConsoleException(Errno.EINVAL, "ip: missing (expected: an IPv4 address)");
        }
        final long a = Ipv4Address.parseOrMinusOne(words.get(index));
        if (a < 0) {
            throw new ConsoleException(Errno.EINVAL, "ip: " + words.get(index) + " (expected: an IPv4 address)");
        }
        return (int) a;
    }
}
