package io.jvde.app.services;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The switch's own lab services beside DHCP: DNS for lab names and read-only TFTP (README, "DNS and TFTP").
 *
 * @param dns        serve DNS on UDP 53 of every scope's server address
 * @param ttl        seconds DNS answers may be cached (short: names follow leases)
 * @param records    static names ({@code --dns-record NAME,IP}, {@code dns.records})
 * @param upstream   where names outside the lab are forwarded from a host UDP socket; null: REFUSED
 * @param tftpRoot   the directory TFTP serves on every served VLAN ({@code --tftp-root}); null: none
 * @param tftpRoots  per-VLAN roots ({@code boot.tftpRoot} of a scope), overriding {@code tftpRoot}
 */
public record ServicesConfig(boolean dns, int ttl, List<Record> records, InetSocketAddress upstream, Path tftpRoot,
                             Map<Integer, Path> tftpRoots) {
    /** Default TTL: dnsmasq gives DHCP names 0; a few seconds keep resolvers from asking per connection. */
    public static final int DEFAULT_TTL = 10;
    public static final ServicesConfig NONE = new ServicesConfig(false, DEFAULT_TTL, List.of(), null, null, Map.of());

    /** A static name and its address. */
    public record Record(String name, int address) {
    }

    public ServicesConfig {
        records = List.copyOf(records);
        tftpRoots = Map.copyOf(tftpRoots);
    }

    public boolean tftp() {
        return tftpRoot != null || !tftpRoots.isEmpty();
    }

    public boolean any() {
        return dns || tftp();
    }

    /** The root TFTP serves on {@code vid}, or null. */
    public Path tftpRoot(final int vid) {
        return tftpRoots.getOrDefault(vid, tftpRoot);
    }
}
