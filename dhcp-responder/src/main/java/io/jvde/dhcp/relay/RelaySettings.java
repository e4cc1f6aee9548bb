package io.jvde.dhcp.relay;

import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the relay agent needs, validated when built; immutable. Field names in error messages are the ones
 * of {@link Builder}.
 */
public final class RelaySettings {
    /** dhcrelay's default threshold (docs/dhcp.md §2.5); RFC 1542 §4.1.1 allows at most 16. */
    public static final int DEFAULT_HOPS_LIMIT = 10;
    /** Ethernet's IP MTU; the relay never makes a request larger than this when adding option 82. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 1500;
    public static final int MIN_PACKET_SIZE = 576;

    private final long relayMac;
    private final String switchName;
    private final boolean hostUplink;
    private final int upstreamVlan;
    private final int upstreamAddress;
    private final int upstreamPrefix;
    private final int gateway;
    private final int[] servers;
    private final List<RelayVlan> vlans;
    private final int hopsLimit;
    private final int maxPacketSize;

    private RelaySettings(final Builder b) {
        this.relayMac = b.relayMac;
        this.switchName = b.switchName;
        this.hostUplink = b.hostUplink;
        this.upstreamVlan = b.upstreamVlan;
        this.upstreamAddress = b.upstreamAddress;
        this.upstreamPrefix = b.upstreamPrefix;
        this.gateway = b.gateway;
        this.servers = b.servers.stream().mapToInt(Integer::intValue).toArray();
        this.vlans = List.copyOf(b.vlans);
        this.hopsLimit = b.hopsLimit;
        this.maxPacketSize = b.maxPacketSize;
        validate();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few fields (console reconfiguration). */
    public Builder toBuilder() {
        final Builder b = new Builder().relayMac(relayMac).switchName(switchName).hopsLimit(hopsLimit)
            .maxPacketSize(maxPacketSize);
        if (hostUplink) {
            b.hostUplink(upstreamAddress);
        } else {
            b.upstream(upstreamVlan, upstreamAddress, upstreamPrefix).gateway(gateway);
        }
        for (final int s : servers) {
            b.server(s);
        }
        for (final RelayVlan v : vlans) {
            b.vlan(v);
        }
        return b;
    }

    public long relayMac() {
        return relayMac;
    }

    public String switchName() {
        return switchName;
    }

    /**
     * True when the servers are reached through the host's own routing over a UDP socket bound to
     * {@link #upstreamAddress()}:67 (the agent is then started with a {@link RelayUplink}): no upstream VLAN, no ARP
     * to servers, no gateway.
     */
    public boolean hostUplink() {
        return hostUplink;
    }

    /** The upstream VLAN; 0 with a {@linkplain #hostUplink() host uplink} (there is none). */
    public int upstreamVlan() {
        return upstreamVlan;
    }

    /**
     * The relay's address towards the servers: on the upstream VLAN, or with a host uplink the address its socket
     * is bound to (0 = any). The shared giaddr of link-selection VLANs (RFC 3527).
     */
    public int upstreamAddress() {
        return upstreamAddress;
    }

    public int upstreamPrefix() {
        return upstreamPrefix;
    }

    /** Next hop for servers outside the upstream subnet; 0 when none. */
    public int gateway() {
        return gateway;
    }

    public int[] servers() {
        return servers.clone();
    }

    public List<RelayVlan> vlans() {
        return vlans;
    }

    public int hopsLimit() {
        return hopsLimit;
    }

    /** Largest relayed IP datagram when the relay adds option 82. */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** True when {@code address} is on the upstream subnet (reached without the gateway); false with a host uplink. */
    public boolean onUpstreamSubnet(final int address) {
        if (hostUplink) {
            return false;
        }
        final int mask = Ipv4Address.mask(upstreamPrefix);
        return (address & mask) == (upstreamAddress & mask);
    }

    static boolean isHost(final int address, final int prefix) {
        final int mask = Ipv4Address.mask(prefix);
        final int host = address & ~mask;
        return host != 0 && host != ~mask;
    }

    private void validate() {
        if ((relayMac & ~MacAddress.MASK) != 0 || MacAddress.isGroup(relayMac) || relayMac == 0) {
            throw new DhcpConfigException("relayMac", MacAddress.toString(relayMac & MacAddress.MASK)
                + " (expected: a unicast MAC)");
        }
        if (switchName == null || switchName.isEmpty()
            || switchName.getBytes(StandardCharsets.UTF_8).length > RelayVlan.MAX_TEXT) {
            throw new DhcpConfigException("switchName", switchName + " (expected: 1.." + RelayVlan.MAX_TEXT
                + " bytes)");
        }
        if (hostUplink) {
            validateHostUplink();
        } else if (upstreamVlan < 1 || upstreamVlan > 4094) {
            throw new DhcpConfigException("upstreamVlan", upstreamVlan + " (expected: 1..4094)");
        } else if (upstreamPrefix < 1 || upstreamPrefix > 30 || !isHost(upstreamAddress, upstreamPrefix)) {
            throw new DhcpConfigException("upstreamAddress", Ipv4Address.toString(upstreamAddress) + "/"
                + upstreamPrefix + " (expected: a host address with prefix length 1..30)");
        }
        if (gateway != 0 && (!onUpstreamSubnet(gateway) || !isHost(gateway, upstreamPrefix)
            || gateway == upstreamAddress)) {
            throw new DhcpConfigException("gateway", Ipv4Address.toString(gateway) + " (expected: another host"
                + " of the upstream subnet " + Ipv4Address.toString(upstreamAddress) + "/" + upstreamPrefix + ")");
        }
        if (servers.length == 0) {
            throw new DhcpConfigException("servers", "[] (expected: at least one DHCP server address)");
        }
        for (int i = 0; i < servers.length; i++) {
            final int s = servers[i];
            final String path = "servers[" + i + "]";
            if (s == 0 || s == Ipv4Address.BROADCAST || (s >>> 28) >= 0xE || s == upstreamAddress) {
                throw new DhcpConfigException(path, Ipv4Address.toString(s) + " (expected: a unicast address"
                    + " other than the upstream address)");
            }
            if (!hostUplink && !onUpstreamSubnet(s) && gateway == 0) {
                throw new DhcpConfigException(path, Ipv4Address.toString(s) + " (expected: an address on the"
                    + " upstream subnet, or set gateway)");
            }
            for (int j = 0; j < i; j++) {
                if (servers[j] == s) {
                    throw new DhcpConfigException(path, Ipv4Address.toString(s) + " (expected: each server once;"
                        + " servers[" + j + "] is the same)");
                }
            }
        }
        if (vlans.isEmpty()) {
            throw new DhcpConfigException("vlans", "[] (expected: at least one relayed VLAN)");
        }
        final Map<Integer, Integer> byVid = new HashMap<>();
        final Map<Integer, String> byAddress = new HashMap<>();
        if (upstreamAddress != 0) {
            byAddress.put(upstreamAddress, "upstreamAddress");
        }
        for (int i = 0; i < vlans.size(); i++) {
            final RelayVlan v = vlans.get(i);
            final String path = "vlans[" + i + "]";
            v.validate(path);
            if (!hostUplink && v.vid() == upstreamVlan) {
                throw new DhcpConfigException(path + ".vid", v.vid() + " (expected: not the upstream VLAN)");
            }
            final Integer dup = byVid.put(v.vid(), i);
            if (dup != null) {
                throw new DhcpConfigException(path + ".vid", v.vid() + " (expected: each VLAN once; vlans[" + dup
                    + "] relays it already)");
            }
            if (hostUplink && v.linkSelection() && upstreamAddress == 0) {
                // RFC 3527: the server answers giaddr, which must then be the host's own (bound) address
                throw new DhcpConfigException(path + ".linkSelection", "true (expected: false with a host uplink"
                    + " bound to 0.0.0.0; bind it to one of the host's addresses, the shared giaddr)");
            }
            final String other = byAddress.put(v.relayAddress(), path);
            if (other != null) {
                throw new DhcpConfigException(path + ".relayAddress", Ipv4Address.toString(v.relayAddress())
                    + " (expected: an address the relay uses once; " + other + " has it already)");
            }
        }
        if (hopsLimit < 1 || hopsLimit > 16) {
            throw new DhcpConfigException("hopsLimit", hopsLimit + " (expected: 1..16, RFC 1542 §4.1.1)");
        }
        if (maxPacketSize < MIN_PACKET_SIZE || maxPacketSize > DEFAULT_MAX_PACKET_SIZE) {
            throw new DhcpConfigException("maxPacketSize", maxPacketSize + " (expected: " + MIN_PACKET_SIZE + ".."
                + DEFAULT_MAX_PACKET_SIZE + ")");
        }
    }

    private void validateHostUplink() {
        final int a = upstreamAddress;
        if (a != 0 && (a == Ipv4Address.BROADCAST || (a >>> 28) >= 0xE || (a >>> 24) == 0)) {
            throw new DhcpConfigException("hostUplink", Ipv4Address.toString(a) + " (expected: 0.0.0.0 or a"
                + " unicast address of the host)");
        }
        if (gateway != 0) {
            throw new DhcpConfigException("gateway", Ipv4Address.toString(gateway) + " (expected: none with a host"
                + " uplink: the host's routing table picks the next hop)");
        }
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof RelaySettings s && relayMac == s.relayMac && switchName.equals(s.switchName)
            && hostUplink == s.hostUplink && upstreamVlan == s.upstreamVlan && upstreamAddress == s.upstreamAddress
            && upstreamPrefix == s.upstreamPrefix && gateway == s.gateway && Arrays.equals(servers, s.servers)
            && vlans.equals(s.vlans) && hopsLimit == s.hopsLimit && maxPacketSize == s.maxPacketSize;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(relayMac) * 31 + vlans.hashCode();
    }

    @Override
    public String toString() {
        return "relay " + switchName + (hostUplink ? " upstream host " + Ipv4Address.toString(upstreamAddress)
            : " upstream vlan " + upstreamVlan + " " + Ipv4Address.toString(upstreamAddress) + "/" + upstreamPrefix)
            + " vlans " + vlans.size() + " servers " + servers.length;
    }

    /** Builds {@link RelaySettings} with the documented defaults. */
    public static final class Builder {
        private long relayMac;
        private String switchName = "jvde";
        private boolean hostUplink;
        private int upstreamVlan;
        private int upstreamAddress;
        private int upstreamPrefix;
        private int gateway;
        private final List<Integer> servers = new ArrayList<>();
        private final List<RelayVlan> vlans = new ArrayList<>();
        private int hopsLimit = DEFAULT_HOPS_LIMIT;
        private int maxPacketSize = DEFAULT_MAX_PACKET_SIZE;

        /** The DHCP port's MAC (the glue passes {@code DhcpSettings.serverMac()}). */
        public Builder relayMac(final long mac) {
            this.relayMac = mac;
            return this;
        }

        /** {@code {switch}} in circuit-ids and the default remote-id. */
        public Builder switchName(final String name) {
            this.switchName = name;
            return this;
        }

        public Builder upstream(final int vid, final int address, final int prefixLength) {
            this.hostUplink = false;
            this.upstreamVlan = vid;
            this.upstreamAddress = address;
            this.upstreamPrefix = prefixLength;
            return this;
        }

        /** {@code upstream(vid, "192.0.2.10/24")}. */
        public Builder upstream(final int vid, final String cidr) {
            final RelayVlan parsed;
            try {
                parsed = RelayVlan.of(vid, cidr);
            } catch (final DhcpConfigException e) {
                throw new DhcpConfigException("upstreamAddress", e.reason());
            }
            return upstream(vid, parsed.relayAddress(), parsed.prefixLength());
        }

        /**
         * Reach the servers through the host: requests leave as UDP datagrams from {@code bindAddress}:67
         * (0 = 0.0.0.0) by the host's routing, replies arrive on that socket. Replaces any upstream VLAN.
         */
        public Builder hostUplink(final int bindAddress) {
            this.hostUplink = true;
            this.upstreamVlan = 0;
            this.upstreamAddress = bindAddress;
            this.upstreamPrefix = 0;
            return this;
        }

        public Builder hostUplink(final String bindAddress) {
            return hostUplink(parse("hostUplink", bindAddress));
        }

        public Builder gateway(final int address) {
            this.gateway = address;
            return this;
        }

        public Builder gateway(final String address) {
            return gateway(parse("gateway", address));
        }

        public Builder server(final int address) {
            servers.add(address);
            return this;
        }

        public Builder server(final String address) {
            return server(parse("servers[" + servers.size() + "]", address));
        }

        public Builder vlan(final RelayVlan vlan) {
            vlans.add(vlan);
            return this;
        }

        public Builder clearVlans() {
            vlans.clear();
            return this;
        }

        public Builder clearServers() {
            servers.clear();
            return this;
        }

        public Builder hopsLimit(final int limit) {
            this.hopsLimit = limit;
            return this;
        }

        public Builder maxPacketSize(final int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        public RelaySettings build() {
            return new RelaySettings(this);
        }

        private static int parse(final String path, final String text) {
            final long a = Ipv4Address.parseOrMinusOne(text);
            if (a < 0) {
                throw new DhcpConfigException(path, text + " (expected: dotted quad like 192.0.2.1)");
            }
            return (int) a;
        }
    }
}
