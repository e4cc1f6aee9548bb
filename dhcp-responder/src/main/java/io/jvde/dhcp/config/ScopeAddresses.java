package io.jvde.dhcp.config;

import java.util.List;

/**
 * The addresses of a scope: the subnet, the dynamic ranges, the exclusions and the server's own address.
 *
 * @param cidr     the subnet
 * @param ranges   dynamic ranges (may be empty: reservations only)
 * @param exclude  addresses never handed out dynamically
 * @param serverIp server identifier and the address the responder answers ARP/ICMP for
 */
public record ScopeAddresses(Ipv4Cidr cidr, List<AddressRange> ranges, List<AddressRange> exclude, int serverIp) {
    public ScopeAddresses {
        ranges = List.copyOf(ranges);
        exclude = List.copyOf(exclude);
    }

    /** Number of addresses in the dynamic ranges (before exclusions). */
    public long rangeSize() {
        long size = 0;
        for (final AddressRange r : ranges) {
            size += r.size();
        }
        return size;
    }
}
