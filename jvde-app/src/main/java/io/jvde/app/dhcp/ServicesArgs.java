package io.jvde.app.dhcp;

import io.jvde.app.services.ServicesConfig;
import io.jvde.dhcp.config.BootSettings;
import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dns.DnsName;
import io.jvde.dns.DnsNames;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab-service options of the command line ({@code --enable-dns}, {@code --domain} (in {@link DhcpCommandLine}),
 * {@code --dns-record NAME,IP}, {@code --dns-upstream IP[:PORT]}, {@code --enable-tftp}, {@code --tftp-root DIR}),
 * merged with a configuration file's {@code dns:} and {@code boot.tftpRoot}, and the defaults they imply for the
 * scopes: option 6 is the server address when DNS is on and the scope names no DNS server; siaddr (and option 66)
 * is the server address when TFTP serves the VLAN and the scope's boot settings name no next server.
 */
final class ServicesArgs {
    boolean dns;
    boolean enableTftp;
    Path tftpRoot;
    InetSocketAddress upstream;
    final List<ServicesConfig.Record> records = new ArrayList<>();
    private boolean given;

    boolean given() {
        return given || dns;
    }

    void apply(final String option, final String v) {
        given = true;
        switch (option) {
            case DhcpCommandLine.ENABLE_DNS -> dns = true;
            case DhcpCommandLine.DNS_RECORD -> {
                records.add(record(option, v));
                dns = true;
            }
            case DhcpCommandLine.DNS_UPSTREAM -> {
                upstream = upstream(option, v);
                dns = true;
            }
            case DhcpCommandLine.ENABLE_TFTP -> enableTftp = true;
            case DhcpCommandLine.TFTP_ROOT -> tftpRoot = directory(option, v);
            default -> throw new IllegalStateException("option: " + option);
        }
    }

    /** {@code NAME,IP}: a host name (RFC 1123) and an IPv4 address. */
    static ServicesConfig.Record record(final String where, final String v) {
        final String[] f = v.split(",", -1);
        final long address = f.length == 2 ? Ipv4Address.parseOrMinusOne(f[1].trim()) : -1;
        final String name = f.length == 2 ? DnsNames.normalize(f[0].trim()) : "";
        if (address < 0 || !DnsName.valid(name)) {
            throw new IllegalArgumentException(where + ": " + v + " (expected: NAME,IP with a host name such as"
                + " nas or nas.lab.example and an IPv4 address)");
        }
        return new ServicesConfig.Record(name, (int) address);
    }

    /** {@code IP[:PORT]}, port 53 by default. */
    static InetSocketAddress upstream(final String where, final String v) {
        final int colon = v.indexOf(':');
        final String host = colon < 0 ? v : v.substring(0, colon);
        int port = 53;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (final NumberFormatException e) {
                port = -1;
            }
        }
        final long address = Ipv4Address.parseOrMinusOne(host.trim());
        if (address < 0 || port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + ": " + v + " (expected: IP[:PORT], an IPv4 address of a DNS"
                + " server the host can reach, port 53 by default)");
        }
        return new InetSocketAddress(Ipv4Address.toString((int) address), port);
    }

    static Path directory(final String where, final String v) {
        final Path p = Path.of(v);
        if (v.isBlank() || !Files.isDirectory(p)) {
            throw new IllegalArgumentException(where + ": " + v + " (expected: an existing directory to serve)");
        }
        return p.toAbsolutePath().normalize();
    }

    /** The command line's services over the file's ({@code fromFile}, may be null), and the scope defaults. */
    DhcpConfig applyTo(final DhcpConfig config, final ServicesConfig fromFile) {
        final ServicesConfig base = fromFile == null ? ServicesConfig.NONE : fromFile;
        if (enableTftp && tftpRoot == null && base.tftpRoot() == null && base.tftpRoots().isEmpty()) {
            throw new IllegalArgumentException(DhcpCommandLine.ENABLE_TFTP + ": without a root (expected: "
                + DhcpCommandLine.TFTP_ROOT + " DIR, or boot.tftpRoot in the configuration file)");
        }
        final List<ServicesConfig.Record> all = new ArrayList<>(base.records());
        all.addAll(records);
        final ServicesConfig merged = new ServicesConfig(base.dns() || dns, base.ttl(), all,
            upstream != null ? upstream : base.upstream(), tftpRoot != null ? tftpRoot : base.tftpRoot(),
            base.tftpRoots());
        return withDefaults(config.withServices(merged));
    }

    /** Option 6 and siaddr defaults for the scopes of {@code config}, as the class comment says. */
    static DhcpConfig withDefaults(final DhcpConfig config) {
        final ServicesConfig services = config.services();
        if (!services.any()) {
            return config;
        }
        final DhcpSettings s = config.server();
        final List<Scope> scopes = new ArrayList<>();
        for (final Scope scope : s.scopes()) {
            Scope x = scope;
            if (services.dns() && x.options().dns().isEmpty()) {
                x = x.withDns(List.of(x.serverIp()));
            }
            final BootSettings boot = x.boot();
            if (services.tftpRoot(x.vlan()) != null && boot != null && boot.nextServer() == 0) {
                x = x.withBoot(new BootSettings(x.serverIp(), boot.serverName(), boot.file(), boot.fileByArch(),
                    boot.fileByArchCode(), boot.ipxeFile()));
            }
            scopes.add(x);
        }
        final DhcpSettings.Builder b = DhcpSettings.builder().serverMac(s.serverMac())
            .offerHoldSeconds(s.offerHoldSeconds()).declineProbationSeconds(s.declineProbationSeconds())
            .echoClientId(s.echoClientId());
        s.trustedPorts().stream().forEach(b::trustedPort);
        scopes.forEach(b::scope);
        try {
            return config.withServer(b.build());
        } catch (final DhcpConfigException e) {
            throw new IllegalArgumentException("DHCP settings: " + e.getMessage(), e);
        }
    }
}
