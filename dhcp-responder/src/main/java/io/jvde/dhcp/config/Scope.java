package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.ClasslessRouteOption;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.DomainSearchOption;
import io.jvde.dhcp.wire.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The DHCP service of one VLAN: subnet, dynamic ranges, exclusions, the server's own address and the options handed
 * to clients. Field names follow Harvester's IPPool where one exists ({@code cidr}, {@code serverIp},
 * {@code router}, {@code dns}, {@code domainName}, {@code domainSearch}, {@code ntp}, {@code leaseTime}). Build with
 * {@link #builder}; {@link Builder#build()} validates and throws {@link DhcpConfigException} naming the field.
 *
 * @param vlan         VLAN id the scope serves (0 = the untagged default VLAN, as vde_switch numbers it)
 * @param name         name for logs and the console
 * @param addresses    subnet, dynamic ranges, exclusions and the server's address
 * @param options      what clients are told: routers, DNS, names, NTP, MTU, routes and raw options
 * @param times        lease, renewal (T1) and rebinding (T2) times
 * @param policy       client keying, authority and the lease cap
 * @param reservations per-host rules
 * @param formulas     computed reservations
 * @param boot         network boot (null = none)
 */
public record Scope(int vlan, String name, ScopeAddresses addresses, ClientOptions options, LeaseTimes times,
                    LeasePolicy policy, List<Reservation> reservations, List<FormulaReservation> formulas,
                    BootSettings boot) {
    /** Lease time 0xffffffff means infinite (RFC 2132 §9.2). */
    public static final long INFINITE = 0xFFFF_FFFFL;
    public static final long DEFAULT_LEASE_TIME = 86_400;
    /** Shortest lease accepted: dnsmasq's two-minute floor would be safer, but tests want short leases. */
    public static final long MIN_LEASE_TIME = 60;
    /** Largest dynamic pool: a /8, so bitmaps stay a few megabytes. */
    public static final long MAX_POOL_SIZE = 1L << 24;
    /** Options the server computes itself; a raw value for them would break the protocol. */
    private static final Set<Integer> MANAGED_OPTIONS = Set.of(DhcpOptionCode.PAD, DhcpOptionCode.END,
        DhcpOptionCode.REQUESTED_IP_ADDRESS, DhcpOptionCode.IP_ADDRESS_LEASE_TIME, DhcpOptionCode.OPTION_OVERLOAD,
        DhcpOptionCode.DHCP_MESSAGE_TYPE, DhcpOptionCode.SERVER_IDENTIFIER, DhcpOptionCode.PARAMETER_REQUEST_LIST,
        DhcpOptionCode.MAXIMUM_DHCP_MESSAGE_SIZE, DhcpOptionCode.RENEWAL_TIME, DhcpOptionCode.REBINDING_TIME,
        DhcpOptionCode.CLIENT_IDENTIFIER, DhcpOptionCode.RELAY_AGENT_INFORMATION);

    public Scope {
        reservations = List.copyOf(reservations);
        formulas = List.copyOf(formulas);
    }

    public static Builder builder(final int vlan, final String cidr) {
        return new Builder(vlan, Ipv4Cidr.parse(cidr));
    }

    public static Builder builder(final int vlan, final Ipv4Cidr cidr) {
        return new Builder(vlan, cidr);
    }

    /** The subnet ({@code addresses().cidr()}). */
    public Ipv4Cidr cidr() {
        return addresses.cidr();
    }

    /** The server's address ({@code addresses().serverIp()}). */
    public int serverIp() {
        return addresses.serverIp();
    }

    /** The lease time in seconds ({@code times().lease()}). */
    public long leaseTime() {
        return times.lease();
    }

    /** Option 28, derived from the subnet so it always matches the mask (docs/dhcp.md §2.7). */
    public int broadcast() {
        return addresses.cidr().broadcast();
    }

    /** T1 actually sent: the configured value or half the lease; 0 for infinite leases (none sent). */
    public long effectiveRenewalTime(final long lease) {
        return times.effectiveRenewal(lease);
    }

    /** T2 actually sent: the configured value or 7/8 of the lease; 0 for infinite leases (none sent). */
    public long effectiveRebindingTime(final long lease) {
        return times.effectiveRebinding(lease);
    }

    /** This scope with {@code list} as its reservations; validated where it is applied (DhcpSettings paths). */
    public Scope withReservations(final List<Reservation> list) {
        return new Scope(vlan, name, addresses, options, times, policy, list, formulas, boot);
    }

    /** This scope with {@code servers} as option 6 (the switch's own DNS when it serves names and none is set). */
    public Scope withDns(final List<Integer> servers) {
        return new Scope(vlan, name, addresses, options.withDns(servers), times, policy, reservations, formulas,
            boot);
    }

    /** This scope with {@code value} as its boot settings (siaddr defaulting to the switch when it serves TFTP). */
    public Scope withBoot(final BootSettings value) {
        return new Scope(vlan, name, addresses, options, times, policy, reservations, formulas, value);
    }

    /** This scope with a lease cap of {@code value} (0 = unlimited); validated where it is applied. */
    public Scope withMaxLeases(final int value) {
        return new Scope(vlan, name, addresses, options, times,
            new LeasePolicy(policy.keying(), policy.authoritative(), value), reservations, formulas, boot);
    }

    /** Number of addresses in the dynamic ranges (before exclusions). */
    public long rangeSize() {
        return addresses.rangeSize();
    }

    /** Non-fatal findings, e.g. option 121 without a default route; the binder logs them. */
    public List<String> warnings() {
        final List<String> warnings = new ArrayList<>();
        if (!options.routes().isEmpty() && options.routes().stream().noneMatch(ClasslessRoute::isDefault)) {
            warnings.add("scope " + name + ": routes has no default route 0.0.0.0/0 (expected: include one,"
                + " because clients that accept option 121 ignore option 3, RFC 3442)");
        }
        if (addresses.ranges().isEmpty() && reservations.isEmpty() && formulas.isEmpty()) {
            warnings.add("scope " + name + ": no ranges, reservations or formulas (expected: at least one,"
                + " otherwise the scope only answers DHCPINFORM)");
        }
        if (boot != null && options.raw().containsKey(DhcpOptionCode.BOOTFILE_NAME)) {
            warnings.add("scope " + name + ": raw option 67 overrides boot.file in option 67 but not in the file"
                + " field (expected: set only boot.file, which fills both)");
        }
        return warnings;
    }

    /** Validates every field; {@code path} is this scope's path, e.g. {@code scopes[0]}. */
    void validate(final String path) {
        if (vlan < 0 || vlan > 4094) {
            throw new DhcpConfigException(path + ".vlan", vlan + " (expected: 0..4094)");
        }
        if (addresses.cidr().prefixLength() < 8 || addresses.cidr().prefixLength() > 30) {
            throw new DhcpConfigException(path + ".cidr", addresses.cidr() + " (expected: prefix length 8..30)");
        }
        checkHost(path + ".serverIp", addresses.serverIp());
        for (int i = 0; i < addresses.ranges().size(); i++) {
            final AddressRange r = addresses.ranges().get(i);
            checkHost(path + ".ranges[" + i + "].start", r.start());
            checkHost(path + ".ranges[" + i + "].end", r.end());
            if (Integer.compareUnsigned(r.start(), r.end()) > 0) {
                throw new DhcpConfigException(path + ".ranges[" + i + "]", r + " (expected: start <= end)");
            }
        }
        if (rangeSize() > MAX_POOL_SIZE) {
            throw new DhcpConfigException(path + ".ranges", rangeSize() + " addresses (expected: at most "
                + MAX_POOL_SIZE + ")");
        }
        for (int i = 0; i < addresses.exclude().size(); i++) {
            final AddressRange r = addresses.exclude().get(i);
            if (!addresses.cidr().contains(r.start()) || !addresses.cidr().contains(r.end())
                || Integer.compareUnsigned(r.start(), r.end()) > 0) {
                throw new DhcpConfigException(path + ".exclude[" + i + "]", r + " (expected: inside "
                    + addresses.cidr() + ", start <= end)");
            }
        }
        for (int i = 0; i < options.routers().size(); i++) {
            checkHost(path + ".router[" + i + "]", options.routers().get(i));
            if (options.routers().get(i) == addresses.serverIp()) {
                throw new DhcpConfigException(path + ".router[" + i + "]", Ipv4Address.toString(serverIp())
                    + " (expected: different from serverIp: the responder answers ARP for it but does not route)");
            }
        }
        checkNonZero(path + ".dns", options.dns());
        checkNonZero(path + ".ntp", options.ntp());
        if (options.mtu() != 0 && (options.mtu() < 68 || options.mtu() > 65_535)) {
            throw new DhcpConfigException(path + ".mtu", options.mtu() + " (expected: 68..65535, RFC 2132 §5.1)");
        }
        validateTimes(path);
        if (policy.maxLeases() < 0) {
            throw new DhcpConfigException(path + ".maxLeases", policy.maxLeases() + " (expected: 0 for unlimited,"
                + " or a positive number of leases)");
        }
        validateNames(path);
        validateRoutes(path);
        validateOptions(path + ".options", options.raw());
        validateReservations(path);
        if (boot != null) {
            boot.validate(path + ".boot");
        }
    }

    private void validateTimes(final String path) {
        final long lease = times.lease();
        final long renewal = times.renewal();
        final long rebinding = times.rebinding();
        if (lease != INFINITE && (lease < MIN_LEASE_TIME || lease > INFINITE)) {
            throw new DhcpConfigException(path + ".leaseTime", lease + " (expected: " + MIN_LEASE_TIME
                + ".." + (INFINITE - 1) + " seconds, or infinite)");
        }
        if (renewal != 0 && (renewal < 0 || lease != INFINITE && renewal >= lease)) {
            throw new DhcpConfigException(path + ".renewalTime", renewal + " (expected: below leaseTime "
                + lease + ")");
        }
        if (rebinding != 0 && (rebinding < 0 || lease != INFINITE && rebinding >= lease
            || effectiveRenewalTime(lease) >= rebinding && lease != INFINITE)) {
            throw new DhcpConfigException(path + ".rebindingTime", rebinding
                + " (expected: above renewalTime and below leaseTime " + lease + ")");
        }
    }

    private void validateNames(final String path) {
        if (options.domainName() != null) {
            try {
                DomainSearchOption.encode(List.of(options.domainName()));
            } catch (final IllegalArgumentException e) {
                throw new DhcpConfigException(path + ".domainName", "'" + options.domainName()
                    + "' (expected: a domain name like example.com)");
            }
        }
        for (int i = 0; i < options.domainSearch().size(); i++) {
            try {
                DomainSearchOption.encode(List.of(options.domainSearch().get(i)));
            } catch (final IllegalArgumentException e) {
                throw new DhcpConfigException(path + ".domainSearch[" + i + "]", "'"
                    + options.domainSearch().get(i)
                    + "' (expected: a domain name like example.com)");
            }
        }
    }

    private void validateRoutes(final String path) {
        for (int i = 0; i < options.routes().size(); i++) {
            final int router = options.routes().get(i).router();
            if (router != 0 && !addresses.cidr().containsHost(router)) {
                throw new DhcpConfigException(path + ".routes[" + i + "].router", Ipv4Address.toString(router)
                    + " (expected: a host of " + addresses.cidr() + ", or 0.0.0.0 for on-link)");
            }
        }
    }

    static void validateOptions(final String path, final Map<Integer, byte[]> raw) {
        for (final Map.Entry<Integer, byte[]> e : raw.entrySet()) {
            final int code = e.getKey();
            if (code < 1 || code > 254 || MANAGED_OPTIONS.contains(code)) {
                throw new DhcpConfigException(path + "." + code, "option " + code
                    + " (expected: 1..254 except 50-55, 57-59, 61 and 82, which the server sets itself)");
            }
            if (e.getValue() == null) {
                throw new DhcpConfigException(path + "." + code, "null (expected: the option's value bytes)");
            }
        }
    }

    private void validateReservations(final String path) {
        final Map<ReservationKey, Integer> keys = new HashMap<>();
        final Map<Integer, Integer> reserved = new HashMap<>();
        for (int i = 0; i < reservations.size(); i++) {
            final Reservation r = reservations.get(i);
            final String p = path + ".reservations[" + i + "]";
            final Integer dupKey = keys.put(r.key(), i);
            if (dupKey != null) {
                throw new DhcpConfigException(p + ".key", r.key().describe() + " (expected: unique; also used by"
                    + " reservations[" + dupKey + "])");
            }
            if (r.address() != 0) {
                checkHost(p + ".address", r.address());
                if (r.address() == addresses.serverIp() || options.routers().contains(r.address())) {
                    throw new DhcpConfigException(p + ".address", Ipv4Address.toString(r.address())
                        + " (expected: not the serverIp or a router)");
                }
                final Integer dupAddress = reserved.put(r.address(), i);
                if (dupAddress != null) {
                    throw new DhcpConfigException(p + ".address", Ipv4Address.toString(r.address())
                        + " (expected: unique; also reserved by reservations[" + dupAddress + "])");
                }
            }
            if (r.leaseTime() != 0 && r.leaseTime() != INFINITE && r.leaseTime() < MIN_LEASE_TIME) {
                throw new DhcpConfigException(p + ".leaseTime", r.leaseTime() + " (expected: at least "
                    + MIN_LEASE_TIME + " seconds)");
            }
            if (r.hostname() != null && (r.hostname().isEmpty() || r.hostname().length() > 255)) {
                throw new DhcpConfigException(p + ".hostname", "'" + r.hostname() + "' (expected: 1..255 characters)");
            }
            validateOptions(p + ".options", r.options());
            if (r.boot() != null) {
                r.boot().validate(p + ".boot");
            }
        }
    }

    private void checkHost(final String path, final int address) {
        if (!addresses.cidr().containsHost(address)) {
            throw new DhcpConfigException(path, Ipv4Address.toString(address) + " (expected: a host address of "
                + addresses.cidr() + ", not its network or broadcast address)");
        }
    }

    private static void checkNonZero(final String path, final List<Integer> list) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == 0 || list.get(i) == -1) {
                throw new DhcpConfigException(path + "[" + i + "]", Ipv4Address.toString(list.get(i))
                    + " (expected: a unicast address)");
            }
        }
    }

    /** Encoded value of option 121 (RFC 3442), or null when no routes are set. */
    public byte[] encodedRoutes() {
        if (options.routes().isEmpty()) {
            return null;
        }
        final int n = options.routes().size();
        final int[] dst = new int[n];
        final int[] len = new int[n];
        final int[] gw = new int[n];
        for (int i = 0; i < n; i++) {
            dst[i] = options.routes().get(i).destination().network();
            len[i] = options.routes().get(i).destination().prefixLength();
            gw[i] = options.routes().get(i).router();
        }
        return ClasslessRouteOption.encode(dst, len, gw);
    }

    /** Builds a {@link Scope}; unset fields take the documented defaults. */
    public static final class Builder {
        private final int vlan;
        private final Ipv4Cidr cidr;
        private String name;
        private final List<AddressRange> ranges = new ArrayList<>();
        private final List<AddressRange> exclude = new ArrayList<>();
        private int serverIp;
        private final List<Integer> routers = new ArrayList<>();
        private final List<Integer> dns = new ArrayList<>();
        private String domainName;
        private final List<String> domainSearch = new ArrayList<>();
        private final List<Integer> ntp = new ArrayList<>();
        private int mtu;
        private final List<ClasslessRoute> routes = new ArrayList<>();
        private long leaseTime = DEFAULT_LEASE_TIME;
        private long renewalTime;
        private long rebindingTime;
        private final Map<Integer, byte[]> options = new TreeMap<>();
        private final List<Reservation> reservations = new ArrayList<>();
        private final List<FormulaReservation> formulas = new ArrayList<>();
        private BootSettings boot;
        private ClientKeying keying = ClientKeying.MAC;
        private boolean authoritative = true;
        private int maxLeases;

        private Builder(final int vlan, final Ipv4Cidr cidr) {
            this.vlan = vlan;
            this.cidr = cidr;
        }

        public Builder name(final String value) {
            this.name = value;
            return this;
        }

        public Builder range(final String start, final String end) {
            ranges.add(AddressRange.of(start, end));
            return this;
        }

        public Builder range(final AddressRange range) {
            ranges.add(range);
            return this;
        }

        public Builder exclude(final String addressOrRange) {
            exclude.add(AddressRange.parse(addressOrRange));
            return this;
        }

        /** Default: the subnet's last usable address (e.g. .254 in a /24), the gateway-free end of the range. */
        public Builder serverIp(final String address) {
            this.serverIp = Ipv4Address.parse(address);
            return this;
        }

        public Builder serverIp(final int address) {
            this.serverIp = address;
            return this;
        }

        public Builder router(final String address) {
            return router(Ipv4Address.parse(address));
        }

        public Builder router(final int address) {
            routers.add(address);
            return this;
        }

        public Builder dns(final int address) {
            dns.add(address);
            return this;
        }

        public Builder ntp(final int address) {
            ntp.add(address);
            return this;
        }

        public Builder route(final ClasslessRoute route) {
            routes.add(route);
            return this;
        }

        public Builder dns(final String... addresses) {
            for (final String a : addresses) {
                dns.add(Ipv4Address.parse(a));
            }
            return this;
        }

        public Builder domainName(final String value) {
            this.domainName = value;
            return this;
        }

        public Builder domainSearch(final String... names) {
            domainSearch.addAll(List.of(names));
            return this;
        }

        public Builder ntp(final String... addresses) {
            for (final String a : addresses) {
                ntp.add(Ipv4Address.parse(a));
            }
            return this;
        }

        public Builder mtu(final int value) {
            this.mtu = value;
            return this;
        }

        public Builder route(final String destination, final String router) {
            routes.add(new ClasslessRoute(Ipv4Cidr.parse(destination), Ipv4Address.parse(router)));
            return this;
        }

        public Builder leaseTime(final long seconds) {
            this.leaseTime = seconds;
            return this;
        }

        public Builder renewalTime(final long seconds) {
            this.renewalTime = seconds;
            return this;
        }

        public Builder rebindingTime(final long seconds) {
            this.rebindingTime = seconds;
            return this;
        }

        public Builder option(final int code, final byte[] value) {
            options.put(code, value.clone());
            return this;
        }

        /** A raw option whose value is text (e.g. option 66 as a host name). */
        public Builder option(final int code, final String text) {
            return option(code, text.getBytes(StandardCharsets.US_ASCII));
        }

        public Builder reservation(final Reservation reservation) {
            reservations.add(reservation);
            return this;
        }

        public Builder formula(final FormulaReservation formula) {
            formulas.add(formula);
            return this;
        }

        public Builder boot(final BootSettings value) {
            this.boot = value;
            return this;
        }

        public Builder keying(final ClientKeying value) {
            this.keying = value;
            return this;
        }

        public Builder authoritative(final boolean value) {
            this.authoritative = value;
            return this;
        }

        /** Most active (bound or offered) leases at once; 0 (the default) = unlimited. */
        public Builder maxLeases(final int value) {
            this.maxLeases = value;
            return this;
        }

        /** Validates and builds; throws {@link DhcpConfigException} with a path relative to the scope. */
        public Scope build() {
            final int server = serverIp != 0 ? serverIp : cidr.lastHost();
            final Scope scope = new Scope(vlan, name != null ? name : "vlan " + vlan,
                new ScopeAddresses(cidr, ranges, exclude, server),
                new ClientOptions(routers, dns, domainName, domainSearch, ntp, mtu, routes, options),
                new LeaseTimes(leaseTime, renewalTime, rebindingTime),
                new LeasePolicy(keying, authoritative, maxLeases),
                reservations, formulas, boot);
            scope.validate("scope");
            return scope;
        }
    }
}
