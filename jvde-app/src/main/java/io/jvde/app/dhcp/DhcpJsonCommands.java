package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandContext;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.CommandTable;
import io.jvde.app.observe.JsonCommands;
import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.AddressRange;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.server.DhcpCounters;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/** {@code json/dhcp/leases [VLAN]} and {@code json/dhcp/scopes}: dhcp/leases and dhcp/scopes as JSON. */
final class DhcpJsonCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable), in registration order.
    private static final int LEASES = 0;
    private static final int SCOPES = 1;

    private final RunningSwitch sw;
    private final DhcpPort port;
    private final LongSupplier clock;

    private DhcpJsonCommands(final RunningSwitch sw, final DhcpPort port, final LongSupplier clock) {
        this.sw = sw;
        this.port = port;
        this.clock = clock;
    }

    static void register(final CommandRegistry r, final RunningSwitch sw, final DhcpPort port,
                         final LongSupplier clock) {
        final DhcpJsonCommands c = new DhcpJsonCommands(sw, port, clock);
        JsonCommands.add(r, "dhcp/leases", "leases as JSON", c, LEASES);
        JsonCommands.add(r, "dhcp/scopes", "scopes and counters as JSON", c, SCOPES);
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case LEASES -> JsonCommands.print(ctx, sw.call(c ->
                leases(port, clock, ctx.intArgOr(0, "vlan", -1))));
            case SCOPES -> JsonCommands.print(ctx, sw.call(c -> scopes(port, clock)));
            default -> throw CommandTable.noCase(this, id);
        }
    }

    /**
     * The DHCP part of {@code /status}: {@code {"scopes": json/dhcp/scopes, "leases": json/dhcp/leases}}. Loop
     * thread only.
     */
    static Map<String, Object> status(final DhcpPort port, final LongSupplier clock) {
        final Map<String, Object> out = scopes(port, clock);
        out.put("leases", leases(port, clock, -1));
        return out;
    }

    /** Every lease record of {@code only} (-1: of every scope). Loop thread only. */
    static List<Map<String, Object>> leases(final DhcpPort port, final LongSupplier clock, final int only) {
        final DhcpResponder resp = port.responder();
        final List<Map<String, Object>> out = new ArrayList<>();
        final long now = clock.getAsLong();
        for (final Scope s : resp.scopes()) {
            if (only >= 0 && s.vlan() != only) {
                continue;
            }
            for (final LeaseInfo l : resp.leases(s.vlan(), now)) {
                out.add(lease(l));
            }
        }
        return out;
    }

    /** Scopes with pool size and free addresses, and the server's counters. Loop thread only. */
    static Map<String, Object> scopes(final DhcpPort port, final LongSupplier clock) {
        final DhcpResponder resp = port.responder();
        final long now = clock.getAsLong();
        final List<Map<String, Object>> scopes = new ArrayList<>();
        for (final Scope s : resp.scopes()) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("vlan", s.vlan());
            m.put("name", s.name());
            m.put("cidr", s.cidr().toString());
            m.put("server", Ipv4Address.toString(s.serverIp()));
            final List<String> ranges = new ArrayList<>();
            for (final AddressRange a : s.addresses().ranges()) {
                ranges.add(Ipv4Address.toString(a.start()) + "-" + Ipv4Address.toString(a.end()));
            }
            m.put("ranges", ranges);
            m.put("lease_seconds", s.leaseTime() == Scope.INFINITE ? null : s.leaseTime());
            final List<LeaseInfo> leases = resp.leases(s.vlan(), now);
            final long bound = leases.stream().filter(x -> "bound".equals(x.state())).count();
            final long offered = leases.stream().filter(x -> "offered".equals(x.state())).count();
            m.put("pool_size", s.rangeSize());
            m.put("bound", bound);
            m.put("offered", offered);
            m.put("free", Math.max(0, s.rangeSize() - bound - offered));
            m.put("reservations", s.reservations().size());
            scopes.add(m);
        }
        final DhcpCounters k = resp.counters();
        final Map<String, Long> exchanges = new LinkedHashMap<>();
        for (final DhcpEvent.Kind kind : DhcpEvent.Kind.values()) {
            exchanges.put(kind.name().toLowerCase(Locale.ROOT), k.exchanges(kind));
        }
        final Map<String, Long> drops = new LinkedHashMap<>();
        for (final DhcpDropReason reason : DhcpDropReason.values()) {
            if (k.drops(reason) > 0) {
                drops.put(reason.name().toLowerCase(Locale.ROOT), k.drops(reason));
            }
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("scopes", scopes);
        out.put("exchanges", exchanges);
        out.put("drops", drops);
        out.put("arp_replies", k.arpReplies());
        out.put("icmp_replies", k.icmpReplies());
        return out;
    }

    private static Map<String, Object> lease(final LeaseInfo l) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("vlan", l.vid());
        m.put("ip", Ipv4Address.toString(l.address()));
        m.put("mac", MacAddress.toString(l.mac()));
        m.put("state", l.state());
        m.put("time", l.time());
        m.put("hostname", l.hostname() == null ? null : l.hostnameText());
        return m;
    }
}
