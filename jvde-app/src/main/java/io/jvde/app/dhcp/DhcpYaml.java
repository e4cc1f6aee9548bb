package io.jvde.app.dhcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvde.app.config.YamlLines;
import io.jvde.dhcp.config.BootSettings;
import io.jvde.dhcp.config.ClientArch;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.FormulaReservation;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.guard.GuardSettings;
import io.jvde.dhcp.relay.RelaySettings;
import io.jvde.dhcp.relay.RelayVlan;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DHCP configuration file ({@code --dhcp-config FILE}): YAML with one scope per VLAN, field names as in
 * Harvester's IPPool ({@code serverIP}, {@code cidr}, {@code pool: {start, end, exclude}}, {@code router},
 * {@code dns}, {@code domainName}, {@code domainSearch}, {@code ntp}, {@code leaseTime}) plus reservations and boot
 * settings (README, "DHCP"). A bad file is refused as a whole with {@code FILE:LINE: field: value (expected: ...)}.
 */
public final class DhcpYaml {
    private static final Set<String> TOP = Set.of("serverMac", "offerHoldSeconds", "declineProbationSeconds",
        "echoClientId", "trustedPorts", "scopes", "relay", "security", "dns");
    private static final Set<String> SCOPE = Set.of("vlan", "name", "cidr", "serverIP", "serverIp", "pool",
        "ranges", "router", "dns", "domainName", "domainSearch", "ntp", "mtu", "routes", "leaseTime", "renewalTime",
        "rebindingTime", "options", "reservations", "formula", "boot", "authoritative", "maxLeases");
    private static final Set<String> POOL = Set.of("start", "end", "exclude");
    private static final Set<String> RESERVATION = Set.of("mac", "clientId", "circuitId", "port", "ip",
        "hostname", "leaseTime", "boot");
    private static final Set<String> BOOT = Set.of("file", "serverName", "nextServer", "arch", "ipxe", "tftpRoot");
    private static final Set<String> RELAY = Set.of("remoteId", "upstream", "servers", "hopsLimit", "maxPacketSize",
        "vlans");
    private static final Set<String> UPSTREAM = Set.of("vlan", "address", "gateway", "host");
    private static final Set<String> RELAY_VLAN = Set.of("vlan", "address", "circuitId", "remoteId",
        "linkSelection", "serverIdOverride");
    private static final Set<String> SECURITY = Set.of("enabled", "rateLimit", "logInterval", "bindings",
        "macLimits");
    private static final Set<String> RATE = Set.of("port", "portBurst", "mac", "macBurst");

    private final Path file;
    private final YamlLines doc;

    private DhcpYaml(final Path file, final YamlLines doc) {
        this.file = file;
        this.doc = doc;
    }

    /** Reads and validates {@code file}; throws IllegalArgumentException {@code FILE:LINE: reason}. */
    public static DhcpConfig load(final Path file) {
        return parse(file, YamlLines.read(DhcpCommandLine.CONFIG, file));
    }

    /** As {@link #load}, with the text given ({@code file} names it in messages). */
    public static DhcpConfig parse(final Path file, final String text) {
        final DhcpYaml y = new DhcpYaml(file, YamlLines.parse(file, text));
        return y.config(y.doc.root());
    }

    private IllegalArgumentException error(final String at, final String reason) {
        return doc.error(at, reason);
    }

    private void known(final JsonNode node, final String at, final Set<String> names) {
        doc.known(node, at, names);
    }

    private static String join(final String at, final String name) {
        return YamlLines.join(at, name);
    }

    private DhcpConfig config(final JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw error("", "empty file (expected: a mapping with scopes: and/or relay:)");
        }
        known(root, "", TOP);
        final DhcpSettings server = settings(root, root.has("relay"));
        final RelaySettings relay = root.has("relay") ? relay("relay", root.get("relay"), server) : null;
        final GuardSettings.Builder guard = GuardSettings.builder();
        server.trustedPorts().stream().forEach(guard::trustedPort);
        final Map<Integer, Integer> macLimits = new java.util.TreeMap<>();
        if (root.has("security")) {
            security("security", root.get("security"), guard, macLimits);
        }
        try {
            return new DhcpConfig(server, relay, guard.build(), macLimits, services(root));
        } catch (final DhcpConfigException e) {
            throw error("security." + e.path(), e.reason());
        }
    }

    /**
     * relay: the switch's address on the upstream VLAN, the servers, and one relay address (giaddr) per relayed
     * VLAN; a VLAN is either served by a scope or relayed, and the upstream VLAN is neither.
     */
    private RelaySettings relay(final String at, final JsonNode n, final DhcpSettings server) {
        known(n, at, RELAY);
        final RelaySettings.Builder b = RelaySettings.builder().relayMac(server.serverMac());
        field(at + ".remoteId", n.get("remoteId"), v -> b.switchName(text(at + ".remoteId", v)));
        final JsonNode up = n.get("upstream");
        if (up == null) {
            throw error(at + ".upstream", "missing (expected: {vlan: N, address: A.B.C.D/P[, gateway: A.B.C.D]}"
                + " or {host: true|A.B.C.D})");
        }
        known(up, at + ".upstream", UPSTREAM);
        final int upVlan;
        if (up.has("host")) {
            upVlan = -1; // no upstream VLAN: the servers are reached through the host's socket
            hostUplink(at + ".upstream", up, b);
        } else {
            upVlan = vlan(at + ".upstream.vlan", up.get("vlan"));
            field(at + ".upstream.address", up.get("address"),
                v -> b.upstream(upVlan, text(at + ".upstream.address", v)));
            if (!up.has("address")) {
                throw error(at + ".upstream.address", "missing (expected: the switch's address on the upstream"
                    + " VLAN, A.B.C.D/P)");
            }
            field(at + ".upstream.gateway", up.get("gateway"),
                v -> b.gateway(address(at + ".upstream.gateway", v)));
        }
        each(at + ".servers", n.get("servers"), (p, v) -> b.server(address(p, v)));
        field(at + ".hopsLimit", n.get("hopsLimit"), v -> b.hopsLimit((int) integer(at + ".hopsLimit", v)));
        field(at + ".maxPacketSize", n.get("maxPacketSize"),
            v -> b.maxPacketSize((int) integer(at + ".maxPacketSize", v)));
        for (final Scope s : server.scopes()) {
            if (s.vlan() == upVlan) {
                throw error(at + ".upstream.vlan", upVlan + " (expected: a VLAN no scope serves; "
                    + "scopes serve " + upVlan + ")");
            }
        }
        final List<JsonNode> vlans = list(at + ".vlans", n.get("vlans"));
        if (vlans.isEmpty()) {
            throw error(at + ".vlans", "missing or empty (expected: a list of {vlan: N, address: A.B.C.D/P})");
        }
        for (int i = 0; i < vlans.size(); i++) {
            final String p = at + ".vlans[" + i + "]";
            final JsonNode v = vlans.get(i);
            known(v, p, RELAY_VLAN);
            final int vid = vlan(p + ".vlan", v.get("vlan"));
            for (final Scope s : server.scopes()) {
                if (s.vlan() == vid) {
                    throw error(p + ".vlan", vid + " (expected: a VLAN either served by a scope or relayed, not both)");
                }
            }
            final RelayVlan[] rv = new RelayVlan[1];
            field(p + ".address", v.get("address"), x -> rv[0] = RelayVlan.of(vid, text(p + ".address", x)));
            if (rv[0] == null) {
                throw error(p + ".address", "missing (expected: the relay address (giaddr) on VLAN " + vid
                    + ", A.B.C.D/P)");
            }
            field(p + ".circuitId", v.get("circuitId"), x -> rv[0] = rv[0].withCircuitId(text(p + ".circuitId", x)));
            field(p + ".remoteId", v.get("remoteId"), x -> rv[0] = rv[0].withRemoteId(text(p + ".remoteId", x)));
            field(p + ".linkSelection", v.get("linkSelection"),
                x -> rv[0] = rv[0].withLinkSelection(bool(p + ".linkSelection", x)));
            field(p + ".serverIdOverride", v.get("serverIdOverride"),
                x -> rv[0] = rv[0].withServerIdOverride(bool(p + ".serverIdOverride", x)));
            b.vlan(rv[0]);
        }
        try {
            return b.build();
        } catch (final DhcpConfigException e) {
            throw error(at + "." + ("hostUplink".equals(e.path()) ? "upstream.host" : e.path()), e.reason());
        }
    }

    /**
     * upstream: {host: true} (socket on 0.0.0.0:67) or {host: A.B.C.D} (on that address of the host): requests
     * reach the servers through the host's routing, no upstream VLAN; vlan, address and gateway do not apply.
     */
    private void hostUplink(final String at, final JsonNode up, final RelaySettings.Builder b) {
        for (final String other : List.of("vlan", "address", "gateway")) {
            if (up.has(other)) {
                throw error(at + "." + other, "not with host: (expected: either {host: true|A.B.C.D} or"
                    + " {vlan: N, address: A.B.C.D/P[, gateway: A.B.C.D]})");
            }
        }
        final JsonNode host = up.get("host");
        if (host.isBoolean() && host.booleanValue()) {
            b.hostUplink(0);
        } else if (host.isTextual() && Ipv4Address.parseOrMinusOne(host.textValue()) >= 0) {
            b.hostUplink((int) Ipv4Address.parseOrMinusOne(host.textValue()));
        } else {
            throw error(at + ".host", host.asText() + " (expected: true for 0.0.0.0, or one of the host's"
                + " addresses A.B.C.D to bind UDP port 67 to)");
        }
    }

    /** security: rate limits, snooping table size, violation log interval and start-up MAC limits per port. */
    private void security(final String at, final JsonNode n, final GuardSettings.Builder b,
                          final Map<Integer, Integer> macLimits) {
        known(n, at, SECURITY);
        field(at + ".enabled", n.get("enabled"), v -> b.enabled(bool(at + ".enabled", v)));
        final JsonNode rate = n.get("rateLimit");
        if (rate != null) {
            known(rate, at + ".rateLimit", RATE);
            field(at + ".rateLimit.port", rate.get("port"), v -> b.portRate((int) integer(at + ".rateLimit.port", v)));
            field(at + ".rateLimit.portBurst", rate.get("portBurst"),
                v -> b.portBurst((int) integer(at + ".rateLimit.portBurst", v)));
            field(at + ".rateLimit.mac", rate.get("mac"), v -> b.macRate((int) integer(at + ".rateLimit.mac", v)));
            field(at + ".rateLimit.macBurst", rate.get("macBurst"),
                v -> b.macBurst((int) integer(at + ".rateLimit.macBurst", v)));
        }
        field(at + ".logInterval", n.get("logInterval"),
            v -> b.logIntervalMillis(seconds(at + ".logInterval", v) * 1000));
        field(at + ".bindings", n.get("bindings"), v -> b.bindingCapacity((int) integer(at + ".bindings", v)));
        final JsonNode limits = n.get("macLimits");
        if (limits != null) {
            if (!limits.isObject()) {
                throw error(at + ".macLimits", "expected a mapping PORT: MAXIMUM (learned MACs per port)");
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> e = it.next();
                final String p = at + ".macLimits." + e.getKey();
                final int port;
                try {
                    port = Integer.parseInt(e.getKey());
                } catch (final NumberFormatException x) {
                    throw error(p, e.getKey() + " (expected: a port number)");
                }
                final long max = integer(p, e.getValue());
                if (port < 1 || max < 0 || max > Integer.MAX_VALUE) {
                    throw error(p, port + ": " + max + " (expected: a port >= 1 and a limit >= 0, 0 = none)");
                }
                macLimits.put(port, (int) max);
            }
        }
    }

    private int vlan(final String at, final JsonNode v) {
        final long vid = integer(at, v);
        if (vid < 0 || vid > 4094) {
            throw error(at, vid + " (expected: 0..4094, 0 = untagged)");
        }
        return (int) vid;
    }

    private DhcpSettings settings(final JsonNode root, final boolean relaying) {
        final DhcpSettings.Builder b = DhcpSettings.builder();
        if (root.has("serverMac")) {
            b.serverMac(mac("serverMac", root.get("serverMac")));
        }
        if (root.has("offerHoldSeconds")) {
            b.offerHoldSeconds(integer("offerHoldSeconds", root.get("offerHoldSeconds")));
        }
        if (root.has("declineProbationSeconds")) {
            b.declineProbationSeconds(integer("declineProbationSeconds", root.get("declineProbationSeconds")));
        }
        if (root.has("echoClientId")) {
            b.echoClientId(bool("echoClientId", root.get("echoClientId")));
        }
        int i = 0;
        for (final JsonNode port : list("trustedPorts", root.get("trustedPorts"))) {
            b.trustedPort((int) integer("trustedPorts[" + i++ + "]", port));
        }
        final List<JsonNode> scopes = list("scopes", root.get("scopes"));
        if (scopes.isEmpty() && !relaying) {
            throw error("scopes", "missing or empty (expected: a list with one scope per VLAN, or relay:)");
        }
        final Map<Integer, String> vlans = new HashMap<>();
        for (int s = 0; s < scopes.size(); s++) {
            final String at = "scopes[" + s + "]";
            final Scope scope = scope(at, scopes.get(s));
            tftpRoot(at + ".boot." + TFTP_ROOT, scopes.get(s).path("boot").get(TFTP_ROOT), scope.vlan());
            final String dup = vlans.put(scope.vlan(), at);
            if (dup != null) {
                throw error(at + ".vlan", scope.vlan() + " (expected: one scope per VLAN; " + dup
                    + " already serves it)");
            }
            b.scope(scope);
        }
        try {
            return b.build();
        } catch (final DhcpConfigException e) {
            throw error(e.path(), e.reason());
        }
    }

    private Scope scope(final String at, final JsonNode n) {
        known(n, at, SCOPE);
        final int vlan = n.has("vlan") ? (int) integer(at + ".vlan", n.get("vlan")) : 0;
        if (vlan < 0 || vlan > 4094) {
            throw error(at + ".vlan", vlan + " (expected: 0..4094, 0 = untagged)");
        }
        final String cidr = text(at + ".cidr", n.get("cidr"));
        final Scope.Builder b;
        try {
            b = Scope.builder(vlan, cidr);
        } catch (final RuntimeException e) {
            throw error(at + ".cidr", message(e));
        }
        field(at + ".name", n.get("name"), v -> b.name(text(at + ".name", v)));
        final JsonNode server = n.has("serverIP") ? n.get("serverIP") : n.get("serverIp");
        field(at + (n.has("serverIP") ? ".serverIP" : ".serverIp"), server, v -> b.serverIp(v.asText()));
        final JsonNode pool = n.get("pool");
        if (pool != null) {
            known(pool, at + ".pool", POOL);
            if (pool.has("start") || pool.has("end")) {
                final String s = text(at + ".pool.start", pool.get("start"));
                final String e = text(at + ".pool.end", pool.get("end"));
                field(at + ".pool.start", pool.get("start"), v -> b.range(s, e));
            }
            each(at + ".pool.exclude", pool.get("exclude"), (p, v) -> b.exclude(v.asText()));
        }
        each(at + ".ranges", n.get("ranges"), (p, v) -> {
            known(v, p, Set.of("start", "end"));
            b.range(text(p + ".start", v.get("start")), text(p + ".end", v.get("end")));
        });
        each(at + ".router", n.get("router"), (p, v) -> b.router(v.asText()));
        each(at + ".dns", n.get("dns"), (p, v) -> b.dns(v.asText()));
        field(at + ".domainName", n.get("domainName"), v -> b.domainName(v.asText()));
        each(at + ".domainSearch", n.get("domainSearch"), (p, v) -> b.domainSearch(v.asText()));
        each(at + ".ntp", n.get("ntp"), (p, v) -> b.ntp(v.asText()));
        field(at + ".mtu", n.get("mtu"), v -> b.mtu((int) integer(at + ".mtu", v)));
        each(at + ".routes", n.get("routes"), (p, v) -> {
            known(v, p, Set.of("destination", "router"));
            b.route(text(p + ".destination", v.get("destination")), text(p + ".router", v.get("router")));
        });
        field(at + ".leaseTime", n.get("leaseTime"), v -> b.leaseTime(seconds(at + ".leaseTime", v)));
        field(at + ".renewalTime", n.get("renewalTime"), v -> b.renewalTime(seconds(at + ".renewalTime", v)));
        field(at + ".rebindingTime", n.get("rebindingTime"),
            v -> b.rebindingTime(seconds(at + ".rebindingTime", v)));
        final JsonNode options = n.get("options");
        if (options != null) {
            if (!options.isObject()) {
                throw error(at + ".options", "expected a mapping CODE: VALUE");
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> e = it.next();
                final String p = at + ".options." + e.getKey();
                field(p, e.getValue(), v -> {
                    final int code;
                    try {
                        code = Integer.parseInt(e.getKey());
                    } catch (final NumberFormatException x) {
                        throw new IllegalArgumentException(e.getKey() + " (expected: an option code 1..254)");
                    }
                    b.option(code, optionValue(v.asText()));
                });
            }
        }
        each(at + ".reservations", n.get("reservations"), (p, v) -> b.reservation(reservation(p, v)));
        field(at + ".formula", n.get("formula"), v -> {
            if (!"nixos".equals(v.asText())) {
                throw new IllegalArgumentException(v.asText() + " (expected: nixos, i.e. 52:54:00:12:VV:NN ->"
                    + " 192.168.VV.NN)");
            }
            b.formula(FormulaReservation.nixos());
        });
        field(at + ".boot", n.get("boot"), v -> b.boot(boot(at + ".boot", v)));
        field(at + ".authoritative", n.get("authoritative"), v -> b.authoritative(bool(at + ".authoritative", v)));
        field(at + ".maxLeases", n.get("maxLeases"), v -> b.maxLeases((int) integer(at + ".maxLeases", v)));
        try {
            return b.build();
        } catch (final DhcpConfigException e) {
            // the builder names fields relative to "scope"; map them back to this scope's YAML
            final String rel = e.path().startsWith("scope") ? e.path().substring("scope".length()) : "." + e.path();
            throw error(at + yamlName(rel), e.reason());
        } catch (final RuntimeException e) {
            throw error(at, message(e));
        }
    }

    /** The builder's field names where the YAML ones differ. */
    private static String yamlName(final String rel) {
        return rel.replace(".serverIp", ".serverIP").replace(".ranges[0]", ".pool").replace(".routers", ".router")
            .replaceAll("(reservations\\[\\d+])\\.address", "$1.ip");
    }

    private Reservation reservation(final String at, final JsonNode v) {
        known(v, at, RESERVATION);
        final ReservationKey key;
        int keys = 0;
        ReservationKey k = null;
        if (v.has("mac")) {
            keys++;
            k = new ReservationKey.Mac(mac(at + ".mac", v.get("mac")));
        }
        if (v.has("clientId")) {
            keys++;
            k = ReservationKey.ClientId.parseHex(text(at + ".clientId", v.get("clientId")));
        }
        if (v.has("circuitId")) {
            keys++;
            k = ReservationKey.CircuitId.parseHex(text(at + ".circuitId", v.get("circuitId")));
        }
        if (v.has("port")) {
            keys++;
            k = new ReservationKey.Port((int) integer(at + ".port", v.get("port")));
        }
        if (keys != 1) {
            throw error(at, "expected exactly one of mac, clientId, circuitId, port");
        }
        key = k;
        final int ip = v.has("ip") ? address(at + ".ip", v.get("ip")) : 0;
        final String hostname = v.has("hostname") ? text(at + ".hostname", v.get("hostname")) : null;
        final long lease = v.has("leaseTime") ? seconds(at + ".leaseTime", v.get("leaseTime")) : 0;
        if (v.path("boot").has(TFTP_ROOT)) {
            throw error(at + ".boot." + TFTP_ROOT, "in a reservation (expected: in the scope's boot:, one root per"
                + " VLAN)");
        }
        final BootSettings boot = v.has("boot") ? boot(at + ".boot", v.get("boot")) : null;
        return new Reservation(key, ip, hostname, lease, boot, Map.of());
    }

    private BootSettings boot(final String at, final JsonNode v) {
        known(v, at, BOOT);
        final String file = v.has("file") ? text(at + ".file", v.get("file")) : null;
        final String name = v.has("serverName") ? text(at + ".serverName", v.get("serverName")) : null;
        final String next = v.has("nextServer") ? Ipv4Address.toString(address(at + ".nextServer",
            v.get("nextServer"))) : null;
        BootSettings boot = BootSettings.of(file, name, next);
        final JsonNode arch = v.get("arch");
        if (arch != null) {
            if (!arch.isObject()) {
                throw error(at + ".arch", "expected a mapping ARCH: FILE (bios, x64-uefi, x64-uefi-http, ...)");
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = arch.fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> e = it.next();
                final ClientArch a;
                try {
                    a = ClientArch.fromName(e.getKey());
                } catch (final RuntimeException x) {
                    throw error(at + ".arch." + e.getKey(), message(x));
                }
                boot = boot.withArch(a, text(at + ".arch." + e.getKey(), e.getValue()));
            }
        }
        if (v.has("ipxe")) {
            boot = boot.withIpxeFile(text(at + ".ipxe", v.get("ipxe")));
        }
        return boot;
    }

    private static byte[] optionValue(final String value) {
        if (value.startsWith("0x")) {
            final String hex = value.substring(2);
            if (hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]*")) {
                throw new IllegalArgumentException(value + " (expected: an even number of hex digits after 0x)");
            }
            final byte[] b = new byte[hex.length() / 2];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            return b;
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @FunctionalInterface
    private interface Apply {
        void to(JsonNode value);
    }

    @FunctionalInterface
    private interface ApplyAt {
        void to(String at, JsonNode value);
    }

    /** Applies one optional field, turning any rejection into FILE:LINE. */
    private void field(final String at, final JsonNode v, final Apply apply) {
        if (v == null || v.isNull()) {
            return;
        }
        try {
            apply.to(v);
        } catch (final DhcpConfigException e) {
            throw error(at, e.reason());
        } catch (final IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file + ":")) {
                throw e;
            }
            throw error(at, message(e));
        }
    }

    /** A scalar or a list: each element applied with its own path. */
    private void each(final String at, final JsonNode v, final ApplyAt apply) {
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isArray()) {
            field(at, v, x -> apply.to(at, x));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            final String p = at + "[" + i + "]";
            field(p, v.get(i), x -> apply.to(p, x));
        }
    }

    private List<JsonNode> list(final String at, final JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(at, "expected a list");
        }
        final java.util.ArrayList<JsonNode> l = new java.util.ArrayList<>();
        v.forEach(l::add);
        return l;
    }

    private String text(final String at, final JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()) {
            throw error(at, (v == null ? "missing" : "'" + (v.isContainerNode() ? "(a " + v.getNodeType()
                .toString().toLowerCase(java.util.Locale.ROOT) + ")" : v.asText()) + "'") + " (expected: a value)");
        }
        return v.asText();
    }

    private long integer(final String at, final JsonNode v) {
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw error(at, (v == null ? "missing" : "'" + v.asText() + "'") + " (expected: a whole number)");
        }
        return v.asLong();
    }

    private boolean bool(final String at, final JsonNode v) {
        if (v == null || !v.isBoolean()) {
            throw error(at, (v == null ? "missing" : "'" + v.asText() + "'") + " (expected: true or false)");
        }
        return v.asBoolean();
    }

    private int address(final String at, final JsonNode v) {
        final long a = Ipv4Address.parseOrMinusOne(text(at, v));
        if (a < 0) {
            throw error(at, v.asText() + " (expected: an IPv4 address like 192.168.1.254)");
        }
        return (int) a;
    }

    private long mac(final String at, final JsonNode v) {
        try {
            return MacAddress.parse(text(at, v));
        } catch (final IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file + ":")) {
                throw e;
            }
            throw error(at, message(e));
        }
    }

    /** Seconds as a number, or dnsmasq-style text: 45m, 12h, 1d, infinite. */
    private long seconds(final String at, final JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        try {
            return DhcpCommandLine.leaseTime("leaseTime", v.asText(), v.asText());
        } catch (final IllegalArgumentException e) {
            throw error(at, v.asText() + " (expected: seconds, or a time like 45m, 12h, 1d, infinite)");
        }
    }

    private static String message(final RuntimeException e) {
        return e instanceof DhcpConfigException d ? d.reason() : String.valueOf(e.getMessage());
    }

    // ---------------------------------------------------------------- lab services: dns: and boot.tftpRoot
    // Kept apart from the DHCP fields: the top-level dns: block and each scope's boot.tftpRoot (README, "DNS and
    // TFTP"); ServicesArgs merges them with the command line and derives the scopes' option 6 and siaddr.

    static final String TFTP_ROOT = "tftpRoot";
    private static final Set<String> DNS = Set.of("enabled", "ttl", "records", "upstream");
    private static final Set<String> DNS_RECORD = Set.of("name", "ip");
    private final Map<Integer, java.nio.file.Path> tftpRoots = new HashMap<>();

    private void tftpRoot(final String at, final JsonNode v, final int vlan) {
        if (v == null) {
            return;
        }
        final String dir = text(at, v);
        final Path p = file.toAbsolutePath().getParent() == null ? Path.of(dir)
            : file.toAbsolutePath().getParent().resolve(dir);
        if (!Files.isDirectory(p)) {
            throw error(at, dir + " (expected: an existing directory to serve over TFTP; relative to the file)");
        }
        tftpRoots.put(vlan, p.normalize());
    }

    /** dns: {enabled, ttl, records: [{name, ip}], upstream: IP[:PORT]}; present means on unless enabled: false. */
    private io.jvde.app.services.ServicesConfig services(final JsonNode root) {
        final JsonNode n = root.get("dns");
        if (n == null) {
            return new io.jvde.app.services.ServicesConfig(false, io.jvde.app.services.ServicesConfig.DEFAULT_TTL,
                List.of(), null, null, tftpRoots);
        }
        known(n, "dns", DNS);
        final boolean enabled = !n.has("enabled") || bool("dns.enabled", n.get("enabled"));
        final long ttl = n.has("ttl") ? integer("dns.ttl", n.get("ttl"))
            : io.jvde.app.services.ServicesConfig.DEFAULT_TTL;
        if (ttl < 0 || ttl > 86_400) {
            throw error("dns.ttl", ttl + " (expected: 0..86400 seconds)");
        }
        final List<io.jvde.app.services.ServicesConfig.Record> records = new java.util.ArrayList<>();
        each("dns.records", n.get("records"), (p, v) -> {
            known(v, p, DNS_RECORD);
            records.add(ServicesArgs.record(p, text(p + ".name", v.get("name")) + ","
                + Ipv4Address.toString(address(p + ".ip", v.get("ip")))));
        });
        java.net.InetSocketAddress upstream = null;
        if (n.has("upstream")) {
            try {
                upstream = ServicesArgs.upstream("dns.upstream", text("dns.upstream", n.get("upstream")));
            } catch (final IllegalArgumentException e) {
                throw error("dns.upstream", n.get("upstream").asText() + " (expected: IP[:PORT] of a DNS server the"
                    + " host can reach)");
            }
        }
        return new io.jvde.app.services.ServicesConfig(enabled, (int) ttl, records, upstream, null, tftpRoots);
    }
}
