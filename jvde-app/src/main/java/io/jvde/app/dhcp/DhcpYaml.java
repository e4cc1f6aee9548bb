package io.jvde.app.dhcp;

import io.jvde.app.config.ConfigFile;
import io.jvde.app.services.ServicesConfig;
import io.jvde.dhcp.config.AddressRange;
import io.jvde.dhcp.config.BootSettings;
import io.jvde.dhcp.config.ClientArch;
import io.jvde.dhcp.config.ClasslessRoute;
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

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DHCP configuration file ({@code --dhcp-config FILE}): YAML with one scope per VLAN, field names as in
 * Harvester's IPPool ({@code serverIP}, {@code cidr}, {@code pool: {start, end, exclude}}, {@code router},
 * {@code dns}, {@code domainName}, {@code domainSearch}, {@code ntp}, {@code leaseTime}) plus reservations and boot
 * settings (README, "DHCP"). Jackson binds the text to {@link DhcpFile}; this class checks what the fields mean
 * together and builds the settings. A bad file is refused as a whole with
 * {@code FILE:LINE: field: value (expected: ...)}.
 */
public final class DhcpYaml {
    static final String TFTP_ROOT = "tftpRoot";

    private final ConfigFile file;
    private final Map<Integer, Path> tftpRoots = new HashMap<>();

    private DhcpYaml(final ConfigFile file) {
        this.file = file;
    }

    /** Reads and validates {@code file}; throws IllegalArgumentException {@code FILE:LINE: reason}. */
    public static DhcpConfig load(final Path file) {
        return new DhcpYaml(ConfigFile.read(DhcpCommandLine.CONFIG, file)).config();
    }

    /** As {@link #load}, with the text given ({@code file} names it in messages). */
    public static DhcpConfig parse(final Path file, final String text) {
        return new DhcpYaml(ConfigFile.parse(file, text)).config();
    }

    private IllegalArgumentException error(final String at, final String reason) {
        return file.error(at, reason);
    }

    private DhcpConfig config() {
        if (file.isEmpty()) {
            throw error("", "empty file (expected: a mapping with scopes: and/or relay:)");
        }
        final DhcpFile root = file.bind(DhcpFile.class);
        final DhcpSettings server = settings(root);
        final RelaySettings relay = root.relay() == null ? null : relay("relay", root.relay(), server);
        final GuardSettings.Builder guard = GuardSettings.builder();
        server.trustedPorts().stream().forEach(guard::trustedPort);
        final Map<Integer, Integer> macLimits = new TreeMap<>();
        if (root.security() != null) {
            security("security", root.security(), guard, macLimits);
        }
        try {
            return new DhcpConfig(server, relay, guard.build(), macLimits, services(root.dns()));
        } catch (final DhcpConfigException e) {
            throw error("security." + e.path(), e.reason());
        }
    }

    // ---------------------------------------------------------------- top level and scopes

    private DhcpSettings settings(final DhcpFile root) {
        final DhcpSettings.Builder b = DhcpSettings.builder();
        apply("serverMac", root.serverMac(), b::serverMac);
        apply("offerHoldSeconds", root.offerHoldSeconds(), b::offerHoldSeconds);
        apply("declineProbationSeconds", root.declineProbationSeconds(), b::declineProbationSeconds);
        apply("echoClientId", root.echoClientId(), b::echoClientId);
        each("trustedPorts", root.trustedPorts(), (p, port) -> b.trustedPort(port));
        final List<DhcpFile.ScopeEntry> scopes = orEmpty(root.scopes());
        if (scopes.isEmpty() && root.relay() == null) {
            throw error("scopes", "missing or empty (expected: a list with one scope per VLAN, or relay:)");
        }
        final Map<Integer, String> vlans = new HashMap<>();
        for (int s = 0; s < scopes.size(); s++) {
            final String at = "scopes[" + s + "]";
            final DhcpFile.ScopeEntry entry = scopes.get(s);
            final Scope scope = scope(at, entry);
            if (entry.boot() != null && entry.boot().tftpRoot() != null) {
                tftpRoot(at + ".boot." + TFTP_ROOT, entry.boot().tftpRoot(), scope.vlan());
            }
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

    private Scope scope(final String at, final DhcpFile.ScopeEntry n) {
        final int vlan = n.vlan() == null ? 0 : vlan(at + ".vlan", n.vlan());
        if (n.cidr() == null) {
            throw error(at + ".cidr", "missing (expected: a value)");
        }
        final Scope.Builder b = Scope.builder(vlan, n.cidr());
        if (n.name() != null) {
            b.name(text(at + ".name", n.name()));
        }
        final String serverIp = at + (file.has(at + ".serverIp") ? ".serverIp" : ".serverIP");
        apply(serverIp, n.serverIP(), b::serverIp);
        pool(at + ".pool", n.pool(), b);
        each(at + ".ranges", n.ranges(), (p, r) -> b.range(new AddressRange(required(p + ".start", r.start()),
            required(p + ".end", r.end()))));
        each(at + ".router", n.router(), (p, a) -> b.router(a));
        each(at + ".dns", n.dns(), (p, a) -> b.dns(a));
        apply(at + ".domainName", n.domainName(), b::domainName);
        each(at + ".domainSearch", n.domainSearch(), (p, d) -> b.domainSearch(d));
        each(at + ".ntp", n.ntp(), (p, a) -> b.ntp(a));
        apply(at + ".mtu", n.mtu(), b::mtu);
        each(at + ".routes", n.routes(), (p, r) -> b.route(new ClasslessRoute(
            required(p + ".destination", r.destination()), required(p + ".router", r.router()))));
        apply(at + ".leaseTime", n.leaseTime(), b::leaseTime);
        apply(at + ".renewalTime", n.renewalTime(), b::renewalTime);
        apply(at + ".rebindingTime", n.rebindingTime(), b::rebindingTime);
        if (n.options() != null) {
            n.options().forEach(b::option);
        }
        each(at + ".reservations", n.reservations(), (p, r) -> b.reservation(reservation(p, r)));
        apply(at + ".formula", n.formula(), f -> {
            if (!"nixos".equals(f)) {
                throw new IllegalArgumentException(f + " (expected: nixos, i.e. 52:54:00:12:VV:NN ->"
                    + " 192.168.VV.NN)");
            }
            b.formula(FormulaReservation.nixos());
        });
        if (n.boot() != null) {
            b.boot(boot(at + ".boot", n.boot()));
        }
        apply(at + ".authoritative", n.authoritative(), b::authoritative);
        apply(at + ".maxLeases", n.maxLeases(), b::maxLeases);
        try {
            return b.build();
        } catch (final DhcpConfigException e) {
            // the builder names fields relative to "scope"; map them back to this scope's YAML
            final String rel = e.path().startsWith("scope") ? e.path().substring("scope".length()) : "." + e.path();
            throw error(at + yamlName(rel, serverIp.substring(at.length())), e.reason());
        }
    }

    /** pool: {start, end, exclude}: the first range and the exclusions. */
    private void pool(final String at, final DhcpFile.Pool pool, final Scope.Builder b) {
        if (pool == null) {
            return;
        }
        if (pool.start() != null || pool.end() != null) {
            final int start = required(at + ".start", pool.start());
            final int end = required(at + ".end", pool.end());
            apply(at + ".start", start, s -> b.range(new AddressRange(s, end)));
        }
        each(at + ".exclude", pool.exclude(), (p, x) -> b.exclude(x));
    }

    /** The builder's field names where the YAML ones differ. */
    private static String yamlName(final String rel, final String serverIp) {
        return rel.replace(".serverIp", serverIp).replace(".ranges[0]", ".pool").replace(".routers", ".router")
            .replaceAll("(reservations\\[\\d+])\\.address", "$1.ip");
    }

    private Reservation reservation(final String at, final DhcpFile.ReservationEntry v) {
        final List<ReservationKey> keys = new ArrayList<>();
        if (v.mac() != null) {
            keys.add(new ReservationKey.Mac(v.mac()));
        }
        if (v.clientId() != null) {
            keys.add(ReservationKey.ClientId.parseHex(text(at + ".clientId", v.clientId())));
        }
        if (v.circuitId() != null) {
            keys.add(ReservationKey.CircuitId.parseHex(text(at + ".circuitId", v.circuitId())));
        }
        if (v.port() != null) {
            keys.add(new ReservationKey.Port(v.port()));
        }
        if (keys.size() != 1) {
            throw error(at, "expected exactly one of mac, clientId, circuitId, port");
        }
        final int ip = v.ip() == null ? 0 : v.ip();
        final String hostname = v.hostname() == null ? null : text(at + ".hostname", v.hostname());
        final long lease = v.leaseTime() == null ? 0 : v.leaseTime();
        if (v.boot() != null && v.boot().tftpRoot() != null) {
            throw error(at + ".boot." + TFTP_ROOT, "in a reservation (expected: in the scope's boot:, one root per"
                + " VLAN)");
        }
        final BootSettings boot = v.boot() == null ? null : boot(at + ".boot", v.boot());
        return new Reservation(keys.get(0), ip, hostname, lease, boot, Map.of());
    }

    private BootSettings boot(final String at, final DhcpFile.Boot v) {
        final String bootFile = v.file() == null ? null : text(at + ".file", v.file());
        final String name = v.serverName() == null ? null : text(at + ".serverName", v.serverName());
        final String next = v.nextServer() == null ? null : Ipv4Address.toString(v.nextServer());
        BootSettings boot = BootSettings.of(bootFile, name, next);
        if (v.arch() != null) {
            for (final Map.Entry<String, String> e : v.arch().entrySet()) {
                final String p = at + ".arch." + e.getKey();
                final ClientArch a;
                try {
                    a = ClientArch.fromName(e.getKey());
                } catch (final RuntimeException x) {
                    throw error(p, message(x));
                }
                boot = boot.withArch(a, text(p, e.getValue()));
            }
        }
        if (v.ipxe() != null) {
            boot = boot.withIpxeFile(text(at + ".ipxe", v.ipxe()));
        }
        return boot;
    }

    // ---------------------------------------------------------------- relay and security

    /**
     * relay: the switch's address on the upstream VLAN, the servers, and one relay address (giaddr) per relayed
     * VLAN; a VLAN is either served by a scope or relayed, and the upstream VLAN is neither.
     */
    private RelaySettings relay(final String at, final DhcpFile.Relay n, final DhcpSettings server) {
        final RelaySettings.Builder b = RelaySettings.builder().relayMac(server.serverMac());
        if (n.remoteId() != null) {
            b.switchName(text(at + ".remoteId", n.remoteId()));
        }
        final int upVlan = upstream(at + ".upstream", n.upstream(), b);
        each(at + ".servers", n.servers(), (p, a) -> b.server(a));
        apply(at + ".hopsLimit", n.hopsLimit(), b::hopsLimit);
        apply(at + ".maxPacketSize", n.maxPacketSize(), b::maxPacketSize);
        for (final Scope s : server.scopes()) {
            if (s.vlan() == upVlan) {
                throw error(at + ".upstream.vlan", upVlan + " (expected: a VLAN no scope serves; "
                    + "scopes serve " + upVlan + ")");
            }
        }
        final List<DhcpFile.RelayVlanEntry> vlans = orEmpty(n.vlans());
        if (vlans.isEmpty()) {
            throw error(at + ".vlans", "missing or empty (expected: a list of {vlan: N, address: A.B.C.D/P})");
        }
        for (int i = 0; i < vlans.size(); i++) {
            b.vlan(relayVlan(file.element(at + ".vlans", i), vlans.get(i), server));
        }
        try {
            return b.build();
        } catch (final DhcpConfigException e) {
            throw error(at + "." + ("hostUplink".equals(e.path()) ? "upstream.host" : e.path()), e.reason());
        }
    }

    /**
     * upstream: {vlan, address[, gateway]}, or {host: true} (socket on 0.0.0.0:67) or {host: A.B.C.D} (on that
     * address of the host): requests reach the servers through the host's routing, no upstream VLAN. Returns the
     * upstream VLAN, -1 for a host uplink.
     */
    private int upstream(final String at, final DhcpFile.Upstream up, final RelaySettings.Builder b) {
        if (up == null) {
            throw error(at, "missing (expected: {vlan: N, address: A.B.C.D/P[, gateway: A.B.C.D]}"
                + " or {host: true|A.B.C.D})");
        }
        if (up.host() != null) {
            final Map<String, Object> others = new java.util.LinkedHashMap<>();
            others.put("vlan", up.vlan());
            others.put("address", up.address());
            others.put("gateway", up.gateway());
            others.forEach((name, value) -> {
                if (value != null) {
                    throw error(at + "." + name, "not with host: (expected: either {host: true|A.B.C.D} or"
                        + " {vlan: N, address: A.B.C.D/P[, gateway: A.B.C.D]})");
                }
            });
            b.hostUplink(up.host());
            return -1; // no upstream VLAN: the servers are reached through the host's socket
        }
        final int vlan = vlan(at + ".vlan", required(at + ".vlan", up.vlan()));
        if (up.address() == null) {
            throw error(at + ".address", "missing (expected: the switch's address on the upstream VLAN,"
                + " A.B.C.D/P)");
        }
        apply(at + ".address", text(at + ".address", up.address()), a -> b.upstream(vlan, a));
        apply(at + ".gateway", up.gateway(), b::gateway);
        return vlan;
    }

    private RelayVlan relayVlan(final String p, final DhcpFile.RelayVlanEntry v, final DhcpSettings server) {
        final int vid = vlan(p + ".vlan", required(p + ".vlan", v.vlan()));
        for (final Scope s : server.scopes()) {
            if (s.vlan() == vid) {
                throw error(p + ".vlan", vid + " (expected: a VLAN either served by a scope or relayed, not both)");
            }
        }
        if (v.address() == null) {
            throw error(p + ".address", "missing (expected: the relay address (giaddr) on VLAN " + vid
                + ", A.B.C.D/P)");
        }
        final RelayVlan[] rv = new RelayVlan[1];
        apply(p + ".address", text(p + ".address", v.address()), a -> rv[0] = RelayVlan.of(vid, a));
        apply(p + ".circuitId", v.circuitId(), x -> rv[0] = rv[0].withCircuitId(text(p + ".circuitId", x)));
        apply(p + ".remoteId", v.remoteId(), x -> rv[0] = rv[0].withRemoteId(text(p + ".remoteId", x)));
        apply(p + ".linkSelection", v.linkSelection(), x -> rv[0] = rv[0].withLinkSelection(x));
        apply(p + ".serverIdOverride", v.serverIdOverride(), x -> rv[0] = rv[0].withServerIdOverride(x));
        return rv[0];
    }

    /** security: rate limits, snooping table size, violation log interval and start-up MAC limits per port. */
    private void security(final String at, final DhcpFile.Security n, final GuardSettings.Builder b,
                          final Map<Integer, Integer> macLimits) {
        apply(at + ".enabled", n.enabled(), b::enabled);
        final DhcpFile.RateLimit rate = n.rateLimit();
        if (rate != null) {
            apply(at + ".rateLimit.port", rate.port(), b::portRate);
            apply(at + ".rateLimit.portBurst", rate.portBurst(), b::portBurst);
            apply(at + ".rateLimit.mac", rate.mac(), b::macRate);
            apply(at + ".rateLimit.macBurst", rate.macBurst(), b::macBurst);
        }
        apply(at + ".logInterval", n.logInterval(), s -> b.logIntervalMillis(s * 1000));
        apply(at + ".bindings", n.bindings(), b::bindingCapacity);
        if (n.macLimits() != null) {
            for (final Map.Entry<String, Long> e : n.macLimits().entrySet()) {
                final String p = at + ".macLimits." + e.getKey();
                final int port;
                try {
                    port = Integer.parseInt(e.getKey());
                } catch (final NumberFormatException x) {
                    throw error(p, e.getKey() + " (expected: a port number)");
                }
                final long max = required(p, e.getValue());
                if (port < 1 || max < 0 || max > Integer.MAX_VALUE) {
                    throw error(p, port + ": " + max + " (expected: a port >= 1 and a limit >= 0, 0 = none)");
                }
                macLimits.put(port, (int) max);
            }
        }
    }

    // ---------------------------------------------------------------- lab services: dns: and boot.tftpRoot
    // Kept apart from the DHCP fields: the top-level dns: block and each scope's boot.tftpRoot (README, "DNS and
    // TFTP"); ServicesArgs merges them with the command line and derives the scopes' option 6 and siaddr.

    private void tftpRoot(final String at, final String value, final int vlan) {
        final String dir = text(at, value);
        final Path parent = file.file().toAbsolutePath().getParent();
        final Path p = parent == null ? Path.of(dir) : parent.resolve(dir);
        if (!Files.isDirectory(p)) {
            throw error(at, dir + " (expected: an existing directory to serve over TFTP; relative to the file)");
        }
        tftpRoots.put(vlan, p.normalize());
    }

    /** dns: {enabled, ttl, records: [{name, ip}], upstream: IP[:PORT]}; present means on unless enabled: false. */
    private ServicesConfig services(final DhcpFile.Dns n) {
        if (n == null) {
            return new ServicesConfig(false, ServicesConfig.DEFAULT_TTL, List.of(), null, null, tftpRoots);
        }
        final boolean enabled = n.enabled() == null || n.enabled();
        final long ttl = n.ttl() == null ? ServicesConfig.DEFAULT_TTL : n.ttl();
        if (ttl < 0 || ttl > 86_400) {
            throw error("dns.ttl", ttl + " (expected: 0..86400 seconds)");
        }
        final List<ServicesConfig.Record> records = new ArrayList<>();
        each("dns.records", n.records(), (p, r) -> records.add(ServicesArgs.record(p,
            text(p + ".name", r.name()) + "," + Ipv4Address.toString(required(p + ".ip", r.ip())))));
        InetSocketAddress upstream = null;
        if (n.upstream() != null) {
            try {
                upstream = ServicesArgs.upstream("dns.upstream", text("dns.upstream", n.upstream()));
            } catch (final IllegalArgumentException e) {
                if (String.valueOf(e.getMessage()).startsWith(file.file() + ":")) {
                    throw e;
                }
                throw error("dns.upstream", n.upstream() + " (expected: IP[:PORT] of a DNS server the host can"
                    + " reach)");
            }
        }
        return new ServicesConfig(enabled, (int) ttl, records, upstream, null, tftpRoots);
    }

    // ---------------------------------------------------------------- values

    @FunctionalInterface
    private interface Setter<T> {
        void set(T value);
    }

    @FunctionalInterface
    private interface ItemSetter<T> {
        void set(String at, T value);
    }

    /** Applies one optional field (null: absent), turning any rejection into FILE:LINE: at. */
    private <T> void apply(final String at, final T value, final Setter<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.set(value);
        } catch (final DhcpConfigException e) {
            throw error(at, e.reason());
        } catch (final IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).startsWith(file.file() + ":")) {
                throw e;
            }
            throw error(at, message(e));
        }
    }

    /** Each element of a list (a single value was bound as a list of one), with its own path. */
    private <T> void each(final String at, final List<T> values, final ItemSetter<T> setter) {
        final List<T> list = orEmpty(values);
        for (int i = 0; i < list.size(); i++) {
            final String p = file.element(at, i);
            apply(p, list.get(i), v -> setter.set(p, v));
        }
    }

    private static <T> List<T> orEmpty(final List<T> list) {
        return list == null ? List.of() : list;
    }

    private <T> T required(final String at, final T value) {
        if (value == null) {
            throw error(at, "missing (expected: a value)");
        }
        return value;
    }

    /** A text field: present and not empty. */
    private String text(final String at, final String value) {
        if (required(at, value).isEmpty()) {
            throw error(at, "'' (expected: a value)");
        }
        return value;
    }

    private int vlan(final String at, final int vid) {
        if (vid < 0 || vid > 4094) {
            throw error(at, vid + " (expected: 0..4094, 0 = untagged)");
        }
        return vid;
    }

    private static String message(final RuntimeException e) {
        return e instanceof DhcpConfigException d ? d.reason() : String.valueOf(e.getMessage());
    }
}
