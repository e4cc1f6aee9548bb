package io.jvde.dns;

/**
 * What one served VLAN contributes to DNS: its domain ({@code lab.example}; null: bare names only), its subnet (the
 * reverse zone the server is authoritative for) and the server address that answers there.
 */
public record DnsZone(int vid, String domain, int network, int prefix, int serverIp) {
    public DnsZone {
        domain = domain == null || domain.isEmpty() ? null : DnsNames.normalize(domain);
    }

    public boolean contains(final int address) {
        final int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (address & mask) == (network & mask);
    }

    /** {@code host} qualified with the domain, or alone when there is none. */
    public String qualify(final String host) {
        return domain == null ? host : host + "." + domain;
    }

    /** True when {@code name} is the domain or under it. */
    public boolean owns(final String name) {
        return domain != null && (name.equals(domain) || name.endsWith("." + domain));
    }
}
