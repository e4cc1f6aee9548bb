package io.jvde.app.dhcp;

import io.jvde.app.config.ConfigValues;
import io.jvde.dhcp.config.BootSettings;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Ipv4Cidr;
import io.jvde.dhcp.config.OptionValue;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.Ipv4Address;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dnsmasq-style DHCP options of {@code jvde switch}, in command-line order: {@code --dhcp-vlan N} switches the
 * VLAN the following options apply to (0, the untagged VLAN, until the first one). Turns them into
 * {@link DhcpSettings} or refuses them with a message naming the option, the value and the expectation; nothing is
 * applied until everything parsed.
 */
public final class DhcpCommandLine {
    /** The subnet {@code jvde switch} serves when no DHCP option is given; see the README ("DHCP"). */
    public static final String DEFAULT_CIDR = "10.86.68.0/24";
    public static final String DEFAULT_RANGE_START = "10.86.68.10";
    public static final String DEFAULT_RANGE_END = "10.86.68.249";
    public static final String DEFAULT_NETMASK = "255.255.255.0";

    public static final String RANGE = "--dhcp-range";
    public static final String HOST = "--dhcp-host";
    public static final String SERVER_IP = "--dhcp-server-ip";
    public static final String OPTION = "--dhcp-option";
    public static final String BOOT = "--dhcp-boot";
    public static final String CONFIG = "--dhcp-config";
    public static final String VLAN = "--dhcp-vlan";
    public static final String LEASE_FILE = "--dhcp-lease-file";
    public static final String NO_DHCP = "--no-dhcp";
    public static final String TRUSTED_PORT = "--dhcp-trusted-port";
    public static final String QUIET = "--dhcp-quiet";
    public static final String LEASE_SYNC = "--dhcp-lease-sync";
    // the lab services (DNS, TFTP): dnsmasq's spellings
    public static final String ENABLE_DNS = "--enable-dns";
    public static final String DOMAIN = "--domain";
    public static final String DNS_RECORD = "--dns-record";
    public static final String DNS_UPSTREAM = "--dns-upstream";
    public static final String ENABLE_TFTP = "--enable-tftp";
    public static final String TFTP_ROOT = "--tftp-root";
    /** The options that configure no scope: given alone, {@code jvde switch} still serves its default subnet. */
    private static final java.util.Set<String> NOT_SCOPE_OPTIONS = java.util.Set.of(LEASE_FILE, LEASE_SYNC, NO_DHCP,
        TRUSTED_PORT, QUIET, ENABLE_DNS, DNS_RECORD, DNS_UPSTREAM, ENABLE_TFTP, TFTP_ROOT);

    /** One option occurrence, in command-line order. */
    public record Arg(String option, String value) {
    }

    /**
     * What the options amount to: no DHCP, or the configuration plus the lease file.
     *
     * @param quiet no log line per exchange or relayed message ({@value #QUIET})
     */
    public record Result(DhcpConfig config, LeaseFile leaseFile, boolean quiet) {
        public boolean enabled() {
            return config != null;
        }

        /** The server part (scopes), or null without DHCP. */
        public DhcpSettings settings() {
            return config == null ? null : config.server();
        }
    }

    private final Map<Integer, Draft> drafts = new LinkedHashMap<>();
    private int vlan;
    private LeaseFile leaseFile = LeaseFile.besideSwitch();
    private Path configFile;
    private boolean noDhcp;
    private boolean quiet;
    private boolean fsync = true;
    private boolean scopeOptions;
    private final List<Integer> trustedPorts = new ArrayList<>();
    private final ServicesArgs services = new ServicesArgs();

    private DhcpCommandLine() {
    }

    /**
     * @param serveByDefault true for {@code jvde switch} (no DHCP option = the default subnet), false for
     *                       {@code vde_switch} (no DHCP option = no DHCP)
     * @throws IllegalArgumentException naming the option, the value and the expectation
     */
    public static Result parse(final List<Arg> args, final boolean serveByDefault) {
        final DhcpCommandLine c = new DhcpCommandLine();
        for (final Arg a : args) {
            c.apply(a);
        }
        return c.result(serveByDefault);
    }

    private void apply(final Arg a) {
        final String v = a.value() == null ? "" : a.value().trim();
        switch (a.option()) {
            case VLAN -> vlan = vlanOf(v);
            case RANGE -> draft().range(v);
            case HOST -> draft().host(v);
            case SERVER_IP -> draft().serverIp = address(SERVER_IP, v, v);
            case OPTION -> draft().option(v);
            case BOOT -> draft().boot(v);
            case CONFIG -> {
                if (configFile != null) {
                    throw new IllegalArgumentException(CONFIG + ": " + v + " (expected: one configuration file; "
                        + configFile + " was given already)");
                }
                configFile = Path.of(require(CONFIG, v, "a YAML file"));
            }
            case LEASE_FILE -> leaseFile = LeaseFile.parse(v);
            case NO_DHCP -> noDhcp = true;
            case QUIET -> quiet = true;
            case LEASE_SYNC -> fsync = LeaseFile.parseSync(v);
            case TRUSTED_PORT -> trustedPorts.add(port(v));
            case DOMAIN -> {
                draft().option("15," + require(DOMAIN, v, "a domain name such as lab.example"));
                services.dns = true;
            }
            case ENABLE_DNS, DNS_RECORD, DNS_UPSTREAM, ENABLE_TFTP, TFTP_ROOT -> services.apply(a.option(), v);
            default -> throw new IllegalStateException("option: " + a.option() + " (expected: a DHCP option)");
        }
        if (!NOT_SCOPE_OPTIONS.contains(a.option())) {
            scopeOptions = true;
        }
    }

    private Result result(final boolean serveByDefault) {
        leaseFile = leaseFile.withFsync(fsync);
        if (noDhcp) {
            if (scopeOptions || services.given()) {
                throw new IllegalArgumentException(NO_DHCP + ": given with other DHCP options (expected: either "
                    + NO_DHCP + " or DHCP options)");
            }
            return new Result(null, leaseFile, quiet);
        }
        if (!scopeOptions) {
            if (!serveByDefault && !services.given()) {
                return new Result(null, leaseFile, quiet);
            }
            return new Result(services.applyTo(DhcpConfig.serving(trusting(DhcpSettings.builder()
                .scope(defaultScope())).build()), null), leaseFile, quiet);
        }
        final DhcpSettings.Builder b = DhcpSettings.builder();
        final List<Scope> scopes = new ArrayList<>();
        DhcpConfig file = null;
        if (configFile != null) {
            file = DhcpYaml.load(configFile);
            final DhcpSettings fromFile = file.server();
            scopes.addAll(fromFile.scopes());
            b.serverMac(fromFile.serverMac()).offerHoldSeconds(fromFile.offerHoldSeconds())
                .declineProbationSeconds(fromFile.declineProbationSeconds()).echoClientId(fromFile.echoClientId());
            fromFile.trustedPorts().stream().forEach(b::trustedPort);
        }
        for (final Map.Entry<Integer, Draft> e : drafts.entrySet()) {
            if (!e.getValue().used()) {
                continue;
            }
            for (final Scope s : scopes) {
                if (s.vlan() == e.getKey()) {
                    throw new IllegalArgumentException(VLAN + ": " + e.getKey() + " (expected: a VLAN either in "
                        + configFile + " or on the command line, not both)");
                }
            }
            if (file != null && file.relay() != null && ((!file.relay().hostUplink()
                && file.relay().upstreamVlan() == e.getKey())
                || file.relay().vlans().stream().anyMatch(v -> v.vid() == e.getKey()))) {
                throw new IllegalArgumentException(VLAN + ": " + e.getKey() + " (expected: a VLAN " + configFile
                    + " does not relay; a VLAN is either served or relayed)");
            }
            scopes.add(e.getValue().build(e.getKey()));
        }
        scopes.forEach(b::scope);
        trusting(b);
        try {
            final DhcpSettings built = b.build();
            return new Result(services.applyTo(file == null ? DhcpConfig.serving(built) : file.withServer(built),
                file == null ? null : file.services()), leaseFile, quiet);
        } catch (final DhcpConfigException e) {
            throw new IllegalArgumentException("DHCP settings: " + e.getMessage(), e);
        }
    }

    private DhcpSettings.Builder trusting(final DhcpSettings.Builder b) {
        for (final int p : trustedPorts) { // a loop, not forEach(b::trustedPort): docs/architecture.md §7
            b.trustedPort(p);
        }
        return b;
    }

    private static int port(final String v) {
        try {
            final int p = Integer.parseInt(v);
            if (p >= 0) {
                return p;
            }
        } catch (final NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(TRUSTED_PORT + ": " + v + " (expected: a port number >= 0)");
    }

    /** 10.86.68.0/24, range .10-.249, server .254: see the README for why this subnet. */
    public static DhcpSettings defaults() {
        return DhcpSettings.builder().scope(defaultScope()).build();
    }

    private static Scope defaultScope() {
        return Scope.builder(0, DEFAULT_CIDR).name("default").range(DEFAULT_RANGE_START, DEFAULT_RANGE_END).build();
    }

    private Draft draft() {
        return drafts.computeIfAbsent(vlan, k -> new Draft());
    }

    private static int vlanOf(final String v) {
        try {
            final int vid = Integer.parseInt(v);
            if (vid >= 0 && vid <= 4094) {
                return vid;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(VLAN + ": " + v + " (expected: 0..4094, 0 = untagged)");
    }

    static String require(final String option, final String v, final String expected) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(option + ": '' (expected: " + expected + ")");
        }
        return v;
    }

    static int address(final String option, final String whole, final String part) {
        final long a = Ipv4Address.parseOrMinusOne(part.trim());
        if (a < 0) {
            throw new IllegalArgumentException(option + ": " + whole + " ('" + part
                + "' expected: an IPv4 address like 192.168.1.254)");
        }
        return (int) a;
    }

    /**
     * dnsmasq's lease time: seconds, or a number with s, m, h, d or w, or {@code infinite}.
     */
    static long leaseTime(final String option, final String whole, final String text) {
        final long seconds = ConfigValues.seconds(text);
        if (seconds < 0) {
            throw new IllegalArgumentException(option + ": " + whole + " ('" + text
                + "' expected: a lease time like 3600, 45m, 12h, 1d or infinite)");
        }
        return seconds;
    }

    /** What the options say about one VLAN. */
    private static final class Draft {
        private Ipv4Cidr cidr;
        private final List<int[]> ranges = new ArrayList<>();
        private long leaseTime;
        private int serverIp;
        private final List<Reservation> hosts = new ArrayList<>();
        private final List<String> hostArgs = new ArrayList<>();
        private final List<Integer> routers = new ArrayList<>();
        private final List<Integer> dns = new ArrayList<>();
        private final List<Integer> ntp = new ArrayList<>();
        private String domainName;
        private final List<String> domainSearch = new ArrayList<>();
        private int mtu;
        private final Map<Integer, byte[]> raw = new LinkedHashMap<>();
        private BootSettings boot;
        private boolean used;

        boolean used() {
            return used;
        }

        /** START,END[,NETMASK[,LEASETIME]] or START,static[,NETMASK[,LEASETIME]] (reservations only). */
        void range(final String v) {
            used = true;
            final String[] f = v.split(",", -1);
            if (f.length < 2 || f.length > 4) {
                throw new IllegalArgumentException(RANGE + ": " + v
                    + " (expected: START,END[,NETMASK[,LEASETIME]], e.g. 192.168.1.10,192.168.1.99,255.255.255.0,12h)");
            }
            final int start = address(RANGE, v, f[0]);
            final boolean isStatic = f[1].trim().equals("static");
            final int end = isStatic ? start : address(RANGE, v, f[1]);
            int mask = Ipv4Address.parse(DEFAULT_NETMASK);
            if (f.length > 2 && !f[2].isBlank()) {
                mask = address(RANGE, v, f[2]);
                if (Integer.bitCount(mask) != Integer.numberOfLeadingZeros(~mask) || Integer.bitCount(mask) == 0) {
                    throw new IllegalArgumentException(RANGE + ": " + v + " ('" + f[2]
                        + "' expected: a contiguous netmask like 255.255.255.0)");
                }
            }
            if (Integer.compareUnsigned(start, end) > 0) {
                throw new IllegalArgumentException(RANGE + ": " + v + " (expected: START <= END)");
            }
            final Ipv4Cidr c = Ipv4Cidr.of(start & mask, Integer.bitCount(mask));
            if (!c.contains(end)) {
                throw new IllegalArgumentException(RANGE + ": " + v + " (expected: START and END in one subnet of "
                    + "netmask " + Ipv4Address.toString(mask) + ")");
            }
            if (cidr != null && !cidr.equals(c)) {
                throw new IllegalArgumentException(RANGE + ": " + v + " (expected: the same subnet " + cidr
                    + " as the earlier ranges of this VLAN; use --dhcp-vlan for another VLAN)");
            }
            cidr = c;
            if (f.length > 3 && !f[3].isBlank()) {
                leaseTime = leaseTime(RANGE, v, f[3]);
            }
            if (!isStatic) {
                ranges.add(new int[] {start, end});
            }
        }

        /** MAC,IP[,NAME]. */
        void host(final String v) {
            used = true;
            final String[] f = v.split(",", -1);
            if (f.length < 2 || f.length > 3) {
                throw new IllegalArgumentException(HOST + ": " + v
                    + " (expected: MAC,IP[,NAME], e.g. 52:54:00:01:01:01,192.168.1.1,server-1)");
            }
            address(HOST, v, f[1]);
            try {
                hosts.add(Reservation.ofMac(f[0].trim(), f[1].trim(), f.length > 2 && !f[2].isBlank()
                    ? f[2].trim() : null));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(HOST + ": " + v + " (" + e.getMessage() + ")", e);
            }
            hostArgs.add(v);
        }

        /** CODE,VALUE: 3, 6, 15, 26, 42, 119 into the scope's typed fields, others by {@link OptionValue}. */
        void option(final String v) {
            used = true;
            final int comma = v.indexOf(',');
            if (comma <= 0) {
                throw new IllegalArgumentException(OPTION + ": " + v + " (expected: CODE,VALUE, e.g. 3,192.168.1.1"
                    + " or 119,example.com,corp.example.com)");
            }
            final int code = optionCode(v, v.substring(0, comma).trim());
            final String value = v.substring(comma + 1).trim();
            final String[] parts = value.isEmpty() ? new String[0] : value.split(",");
            switch (code) {
                case 3 -> addresses(v, parts, routers);
                case 6 -> addresses(v, parts, dns);
                case 42 -> addresses(v, parts, ntp);
                case 15 -> domainName = require(OPTION, value, "a domain name after 15,");
                case 119 -> {
                    for (final String p : parts) {
                        domainSearch.add(p.trim());
                    }
                }
                case 26 -> {
                    try {
                        mtu = Integer.parseInt(value);
                    } catch (final NumberFormatException e) {
                        throw new IllegalArgumentException(OPTION + ": " + v + " (expected: 26,MTU e.g. 26,1400)", e);
                    }
                }
                default -> raw.put(code, rawValue(v, code, value));
            }
        }

        private static int optionCode(final String whole, final String text) {
            final int code = DhcpOptionCode.parse(text);
            if (code < 0) {
                throw new IllegalArgumentException(OPTION + ": " + whole + " ('" + text + "' expected: "
                    + DhcpOptionCode.expected() + ")");
            }
            return code;
        }

        private static void addresses(final String whole, final String[] parts, final List<Integer> into) {
            for (final String p : parts) {
                into.add(address(OPTION, whole, p));
            }
        }

        private static byte[] rawValue(final String whole, final int code, final String value) {
            try {
                return OptionValue.parse(code, value);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(OPTION + ": " + whole + " ('" + value + "' " + e.getMessage()
                    + ")", e);
            }
        }

        /** FILE[,SERVERNAME[,SERVERIP]]. */
        void boot(final String v) {
            used = true;
            final String[] f = v.split(",", -1);
            if (f.length > 3 || f[0].isBlank()) {
                throw new IllegalArgumentException(BOOT + ": " + v
                    + " (expected: FILE[,SERVERNAME[,SERVERIP]], e.g. pxelinux.0,boothost,192.168.1.2)");
            }
            final String name = f.length > 1 && !f[1].isBlank() ? f[1].trim() : null;
            String ip = null;
            if (f.length > 2 && !f[2].isBlank()) {
                address(BOOT, v, f[2]);
                ip = f[2].trim();
            }
            boot = BootSettings.of(f[0].trim(), name, ip);
        }

        Scope build(final int vid) {
            final String where = vid == 0 ? "" : " (after " + VLAN + " " + vid + ")";
            if (cidr == null) {
                throw new IllegalArgumentException(RANGE + ": missing for VLAN " + vid + where + " (expected: "
                    + RANGE + " START,END or NETWORK,static before or after " + (hostArgs.isEmpty() ? "the options"
                    : HOST + " " + hostArgs.get(0)) + " so the subnet is known)");
            }
            try {
                final Scope.Builder b = Scope.builder(vid, cidr).name(vid == 0 ? "default" : "vlan " + vid);
                ranges.forEach(r -> b.range(new io.jvde.dhcp.config.AddressRange(r[0], r[1])));
                if (serverIp != 0) {
                    b.serverIp(Ipv4Address.toString(serverIp));
                }
                routers.forEach(r -> b.router(Ipv4Address.toString(r)));
                dns.forEach(a -> b.dns(Ipv4Address.toString(a)));
                ntp.forEach(a -> b.ntp(Ipv4Address.toString(a)));
                if (domainName != null) {
                    b.domainName(domainName);
                }
                domainSearch.forEach(b::domainSearch);
                if (mtu != 0) {
                    b.mtu(mtu);
                }
                if (leaseTime != 0) {
                    b.leaseTime(leaseTime);
                }
                raw.forEach(b::option);
                hosts.forEach(b::reservation);
                if (boot != null) {
                    b.boot(boot);
                }
                return b.build();
            } catch (final DhcpConfigException e) {
                throw new IllegalArgumentException("DHCP options for VLAN " + vid + where + ": " + e.getMessage(), e);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("DHCP options for VLAN " + vid + where + ": " + e.getMessage(), e);
            }
        }
    }
}
