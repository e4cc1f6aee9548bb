package io.jvde.app.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandContext;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.CommandTable;
import io.jvde.app.console.ConsoleException;
import io.jvde.sw.Errno;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.sw.forward.DropReason;
import io.jvde.sw.port.Endpoint;
import io.jvde.sw.port.Port;
import io.jvde.sw.vlan.VlanTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code json/COMMAND}: the data of a console command as one JSON document ({@code jvde ctl --json COMMAND} sends
 * these). The engine's here ({@code port/allprint}, {@code port/print}, {@code vlan/print}, {@code hash/print}); the
 * DHCP glue adds {@code json/dhcp/leases} and {@code json/dhcp/scopes} with {@link #add}.
 */
public final class JsonCommands implements CommandTable {
    /** The prefix {@code jvde ctl --json} puts before a command. */
    public static final String PREFIX = "json/";

    // The ids of the commands in this table (CommandTable), in registration order.
    private static final int PORT_ALLPRINT = 0;
    private static final int PORT_PRINT = 1;
    private static final int VLAN_PRINT = 2;
    private static final int HASH_PRINT = 3;
    private static final int VXLAN_PRINT = 4;

    private final RunningSwitch sw;

    private JsonCommands(final RunningSwitch sw) {
        this.sw = sw;
    }

    /**
     * Made on the first JSON command, not when the commands are registered: a mapper loads ~270 Jackson classes,
     * which would otherwise lie on the switch's start-up path (BENCHMARKS.md, start-up).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    static void register(final CommandRegistry r, final RunningSwitch sw) {
        final JsonCommands c = new JsonCommands(sw);
        r.menu("json", "MACHINE-READABLE OUTPUT MENU (jvde ctl --json)");
        r.dataCommand(PREFIX + "port/allprint", "", "ports as JSON", c, PORT_ALLPRINT);
        r.dataCommand(PREFIX + "port/print", "[N]", "port N (or every allocated port) as JSON", c, PORT_PRINT);
        r.dataCommand(PREFIX + "vlan/print", "[VLAN]", "VLANs and their ports as JSON", c, VLAN_PRINT);
        r.dataCommand(PREFIX + "hash/print", "", "the MAC table as JSON", c, HASH_PRINT);
        if (sw.settings().vxlan() != null) { // the uplink is attached at start exactly when configured
            add(r, "vxlan/print", "the VXLAN uplink as JSON", c, VXLAN_PRINT);
        }
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case PORT_ALLPRINT -> print(ctx, ports(sw, -1));
            case PORT_PRINT -> print(ctx, ports(sw, ctx.intArgOr(0, "port", -1)));
            case VLAN_PRINT -> print(ctx, vlans(sw, ctx.intArgOr(0, "vlan", -1)));
            case HASH_PRINT -> print(ctx, hash(sw));
            case VXLAN_PRINT -> print(ctx, vxlan(sw));
            default -> throw CommandTable.noCase(this, id);
        }
    }

    /**
     * Adds {@code json/PATH}, command {@code id} of {@code table}, whose body prints its data with {@link #print}
     * (called on the console thread).
     */
    public static void add(final CommandRegistry r, final String path, final String help, final CommandTable table,
                           final int id) {
        r.dataCommand(PREFIX + path, "", help, table, id);
    }

    /** Prints {@code data} as one line of JSON (a JSON command's body). */
    public static void print(final CommandContext ctx, final Object data) {
        try {
            ctx.println(Json.MAPPER.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new ConsoleException(Errno.EIO, "json: " + e.getMessage());
        }
    }

    private static Object ports(final RunningSwitch sw, final int only) {
        return sw.call(c -> {
            if (only >= c.portCount() || only < -1) {
                throw new ConsoleException(Errno.EINVAL, "port: " + only + " (expected: 0.." + (c.portCount() - 1)
                    + ")");
            }
            final List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < c.portCount(); i++) {
                final Port p = c.port(i);
                if ((only >= 0 && i != only) || (only < 0 && !p.allocated())) {
                    continue;
                }
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("port", i);
                m.put("allocated", p.allocated());
                m.put("active", p.active());
                m.put("allocatable", p.allocatable());
                m.put("name", p.name());
                m.put("untagged_vlan", c.vlanTable().untaggedVlan(i));
                m.put("current_user", p.currentUser());
                m.put("rx_frames", p.inPackets);
                m.put("rx_bytes", p.inBytes);
                m.put("tx_frames", p.outPackets);
                m.put("tx_bytes", p.outBytes);
                final Map<String, Long> drops = new LinkedHashMap<>();
                for (final DropReason r : DropReason.values()) {
                    if (p.drops(r) != 0) {
                        drops.put(r.name().toLowerCase(Locale.ROOT), p.drops(r));
                    }
                }
                m.put("drops", drops);
                m.put("capture_drops", p.captureDrops);
                m.put("mac_limit", p.macLimit());
                final List<Map<String, Object>> eps = new ArrayList<>();
                for (int k = 0; k < p.endpointCount(); k++) {
                    final Endpoint e = p.endpoint(k);
                    final Map<String, Object> em = new LinkedHashMap<>();
                    em.put("id", e.id());
                    em.put("module", e.module());
                    em.put("description", e.description());
                    eps.add(em);
                }
                m.put("endpoints", eps);
                out.add(m);
            }
            return out;
        });
    }

    private static Object vlans(final RunningSwitch sw, final int only) {
        return sw.call(c -> {
            final VlanTable v = c.vlanTable();
            final List<Map<String, Object>> out = new ArrayList<>();
            for (final int vid : v.definedVlans()) {
                if (only >= 0 && vid != only) {
                    continue;
                }
                final List<Map<String, Object>> ports = new ArrayList<>();
                for (final int p : v.memberPorts(vid)) {
                    if (p >= c.portCount() || !c.port(p).allocated()) {
                        continue; // as vlan/print: allocated ports only
                    }
                    final Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("port", p);
                    pm.put("tagged", v.isTaggedMember(vid, p));
                    pm.put("active", c.port(p).active());
                    ports.add(pm);
                }
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("vlan", vid);
                m.put("ports", ports);
                out.add(m);
            }
            if (only >= 0 && out.isEmpty()) {
                throw new ConsoleException(Errno.ENXIO, "vlan " + only + " is not defined");
            }
            return out;
        });
    }

    /** vxlan/print's data: local address, group, VNIs, peers with counters, remote MACs, drops. */
    private static Object vxlan(final RunningSwitch sw) {
        return sw.call(c -> {
            final io.jvde.sw.vxlan.VxlanControl v = c.vxlan();
            final io.jvde.sw.vxlan.VxlanSettings s = v.settings();
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("local", io.jvde.vde.sys.SockaddrIn.text(s.localAddress()) + ":" + s.localPort());
            m.put("group", s.group() == 0 ? null : io.jvde.vde.sys.SockaddrIn.text(s.group()));
            m.put("group_interface", s.groupInterface());
            m.put("ttl", s.ttl());
            m.put("inner_mtu", s.innerMtu());
            m.put("source_ports", v.sourcePorts());
            m.put("dhcp_trusted", s.trusted());
            final List<Map<String, Object>> vnis = new ArrayList<>();
            for (final Map.Entry<Integer, Integer> e : new java.util.TreeMap<>(s.vniToVlan()).entrySet()) {
                final Map<String, Object> vni = new LinkedHashMap<>();
                vni.put("vni", e.getKey());
                vni.put("vlan", e.getValue());
                vnis.add(vni);
            }
            m.put("vnis", vnis);
            final List<io.jvde.sw.vxlan.VxlanPeerStats> peers = v.peerStats();
            final List<Map<String, Object>> peerList = new ArrayList<>();
            for (final io.jvde.sw.vxlan.VxlanPeerStats p : peers) {
                final Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("address", p.address());
                pm.put("udp_port", p.udpPort());
                pm.put("kind", p.kind());
                pm.put("port", p.port());
                pm.put("rx_frames", p.rxFrames());
                pm.put("rx_bytes", p.rxBytes());
                pm.put("tx_frames", p.txFrames());
                pm.put("tx_bytes", p.txBytes());
                pm.put("drops", p.drops());
                peerList.add(pm);
            }
            m.put("peers", peerList);
            final List<Map<String, Object>> macs = new ArrayList<>();
            c.macTable().forEach(System.nanoTime(), (slot, vid, mac, port, age) -> {
                for (final io.jvde.sw.vxlan.VxlanPeerStats p : peers) {
                    if (p.port() == port) {
                        final Map<String, Object> e = new LinkedHashMap<>();
                        e.put("mac", MacAddress.toString(mac));
                        e.put("vlan", vid);
                        e.put("vtep", p.address());
                        e.put("port", port);
                        e.put("age_seconds", age / 1_000_000_000L);
                        macs.add(e);
                    }
                }
            });
            m.put("macs", macs);
            m.put("drops", v.drops());
            return m;
        });
    }

    private static Object hash(final RunningSwitch sw) {
        return sw.call(c -> {
            final List<Map<String, Object>> out = new ArrayList<>();
            c.macTable().forEach(System.nanoTime(), (slot, vid, mac, port, age) -> {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("mac", MacAddress.toString(mac));
                m.put("vlan", vid);
                m.put("port", port);
                m.put("age_seconds", age / 1_000_000_000L);
                out.add(m);
            });
            return out;
        });
    }
}
