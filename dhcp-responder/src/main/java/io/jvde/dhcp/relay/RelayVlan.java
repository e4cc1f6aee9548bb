package io.jvde.dhcp.relay;

import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.wire.Ipv4Address;
import java.nio.charset.StandardCharsets;

/**
 * One relayed VLAN: where clients live and what the relay puts into their requests.
 *
 * @param vid              the client VLAN, 1..4094
 * @param relayAddress     the relay's address on this VLAN: giaddr (RFC 1542 §4.1.1), ARP and ping target
 * @param prefixLength     prefix of the client subnet, 1..30
 * @param circuitIdTemplate circuit-id text (RFC 3046 §3.1) with placeholders {@code {switch} {port} {vlan} {desc}}
 * @param remoteId         remote-id text (RFC 3046 §3.2); null = the switch name
 * @param linkSelection    RFC 3527: giaddr becomes the upstream address and sub-option 5 carries
 *                         {@code relayAddress}, for servers that cannot route back to the client subnets
 * @param serverIdOverride RFC 5107: sub-option 11 = {@code relayAddress} (renewals then come through the relay),
 *                         with the RFC 5010 flags sub-option 10
 */
public record RelayVlan(int vid, int relayAddress, int prefixLength, String circuitIdTemplate, String remoteId,
                        boolean linkSelection, boolean serverIdOverride) {
    /** Readable default, e.g. {@code sw1 port 3 vlan 10}. */
    public static final String DEFAULT_CIRCUIT_ID = "{switch} port {port} vlan {vlan}";
    /** Longest circuit-id template and remote-id, so option 82 always stays below 255 bytes. */
    public static final int MAX_TEXT = 64;

    /** A VLAN with the default circuit-id, the switch name as remote-id and no optional sub-options. */
    public static RelayVlan of(final int vid, final String relayCidr) {
        final int slash = relayCidr == null ? -1 : relayCidr.indexOf('/');
        if (slash < 0) {
            throw new DhcpConfigException("relayAddress", relayCidr + " (expected: address/prefix like 10.1.0.1/24)");
        }
        final long address = Ipv4Address.parseOrMinusOne(relayCidr.substring(0, slash));
        final int prefix;
        try {
            prefix = Integer.parseInt(relayCidr.substring(slash + 1));
        } catch (final NumberFormatException e) {
            throw new DhcpConfigException("relayAddress", relayCidr + " (expected: address/prefix like 10.1.0.1/24)");
        }
        if (address < 0) {
            throw new DhcpConfigException("relayAddress", relayCidr + " (expected: address/prefix like 10.1.0.1/24)");
        }
        return new RelayVlan(vid, (int) address, prefix, DEFAULT_CIRCUIT_ID, null, false, false);
    }

    public RelayVlan withCircuitId(final String template) {
        return new RelayVlan(vid, relayAddress, prefixLength, template, remoteId, linkSelection, serverIdOverride);
    }

    public RelayVlan withRemoteId(final String text) {
        return new RelayVlan(vid, relayAddress, prefixLength, circuitIdTemplate, text, linkSelection, serverIdOverride);
    }

    public RelayVlan withLinkSelection(final boolean on) {
        return new RelayVlan(vid, relayAddress, prefixLength, circuitIdTemplate, remoteId, on, serverIdOverride);
    }

    public RelayVlan withServerIdOverride(final boolean on) {
        return new RelayVlan(vid, relayAddress, prefixLength, circuitIdTemplate, remoteId, linkSelection, on);
    }

    /** Netmask of the client subnet. */
    public int mask() {
        return Ipv4Address.mask(prefixLength);
    }

    /** Throws {@link DhcpConfigException} under {@code path} (e.g. {@code vlans[0]}) naming the bad field. */
    void validate(final String path) {
        if (vid < 1 || vid > 4094) {
            throw new DhcpConfigException(path + ".vid", vid + " (expected: 1..4094)");
        }
        if (prefixLength < 1 || prefixLength > 30) {
            throw new DhcpConfigException(path + ".relayAddress", Ipv4Address.toString(relayAddress) + "/"
                + prefixLength + " (expected: prefix length 1..30)");
        }
        if (!RelaySettings.isHost(relayAddress, prefixLength)) {
            throw new DhcpConfigException(path + ".relayAddress", Ipv4Address.toString(relayAddress) + "/"
                + prefixLength + " (expected: a host address of its subnet, not the network or broadcast address)");
        }
        if (circuitIdTemplate == null || circuitIdTemplate.isEmpty()
            || circuitIdTemplate.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT) {
            throw new DhcpConfigException(path + ".circuitId", circuitIdTemplate + " (expected: 1.." + MAX_TEXT
                + " bytes)");
        }
        final String unknown = CircuitIds.unknownPlaceholder(circuitIdTemplate);
        if (unknown != null) {
            throw new DhcpConfigException(path + ".circuitId", circuitIdTemplate + " (expected: placeholders"
                + " {switch} {port} {vlan} {desc} only; found " + unknown + ")");
        }
        if (!circuitIdTemplate.contains("{port}") && !circuitIdTemplate.contains("{desc}")) {
            // Replies find the client's port by circuit-id: without either, every port would share one circuit.
            throw new DhcpConfigException(path + ".circuitId", circuitIdTemplate + " (expected: {port} or {desc} in"
                + " the template, so each port gets its own circuit-id)");
        }
        if (remoteId != null && (remoteId.isEmpty() || remoteId.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT)) {
            throw new DhcpConfigException(path + ".remoteId", remoteId + " (expected: 1.." + MAX_TEXT + " bytes)");
        }
    }
}
