package io.jvde.app.dhcp;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.jvde.app.config.ConfigValues;
import io.jvde.dhcp.config.Ipv4Cidr;
import io.jvde.dhcp.wire.Ipv4Address;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The DHCP configuration file ({@code --dhcp-config}) as written, bound by Jackson: field names as in the README
 * ("DHCP"), a scalar accepted where a list is expected, unknown fields refused. Absent fields are null;
 * {@link DhcpYaml} checks what the fields mean together and builds the settings.
 */
record DhcpFile(@JsonDeserialize(using = ConfigValues.Mac.class) Long serverMac, Long offerHoldSeconds,
                Long declineProbationSeconds, Boolean echoClientId, List<Integer> trustedPorts,
                List<ScopeEntry> scopes, Relay relay, Security security, Dns dns) {

    /** One scope: Harvester IPPool's field names ({@code serverIP}, {@code cidr}, {@code pool}, ...). */
    record ScopeEntry(Integer vlan, String name, @JsonDeserialize(using = ConfigValues.Cidr.class) Ipv4Cidr cidr,
                      @JsonAlias("serverIp") @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer serverIP,
                      Pool pool, List<Range> ranges,
                      @JsonDeserialize(contentUsing = ConfigValues.Ipv4.class) List<Integer> router,
                      @JsonDeserialize(contentUsing = ConfigValues.Ipv4.class) List<Integer> dns,
                      String domainName, List<String> domainSearch,
                      @JsonDeserialize(contentUsing = ConfigValues.Ipv4.class) List<Integer> ntp,
                      Integer mtu, List<Route> routes,
                      @JsonDeserialize(using = ConfigValues.Seconds.class) Long leaseTime,
                      @JsonDeserialize(using = ConfigValues.Seconds.class) Long renewalTime,
                      @JsonDeserialize(using = ConfigValues.Seconds.class) Long rebindingTime,
                      @JsonDeserialize(using = ConfigValues.DhcpOptions.class) Map<Integer, byte[]> options,
                      List<ReservationEntry> reservations, String formula, Boot boot, Boolean authoritative,
                      Integer maxLeases) {
    }

    /** The dynamic range and the addresses (or {@code A-B} ranges) never handed out. */
    record Pool(@JsonDeserialize(using = ConfigValues.Ipv4.class) Integer start,
                @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer end, List<String> exclude) {
    }

    record Range(@JsonDeserialize(using = ConfigValues.Ipv4.class) Integer start,
                 @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer end) {
    }

    /** Option 121 (RFC 3442). */
    record Route(@JsonDeserialize(using = ConfigValues.Cidr.class) Ipv4Cidr destination,
                 @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer router) {
    }

    /** A reservation: exactly one key ({@code mac}, {@code clientId}, {@code circuitId}, {@code port}). */
    record ReservationEntry(@JsonDeserialize(using = ConfigValues.Mac.class) Long mac, String clientId,
                            String circuitId, Integer port,
                            @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer ip, String hostname,
                            @JsonDeserialize(using = ConfigValues.Seconds.class) Long leaseTime, Boot boot) {
    }

    /** Network boot; {@code tftpRoot} only in a scope's boot: (the TFTP root of its VLAN). */
    record Boot(String file, String serverName,
                @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer nextServer, Map<String, String> arch,
                String ipxe, String tftpRoot) {
    }

    /** relay: the upstream side, the servers and one relay address per relayed VLAN. */
    record Relay(String remoteId, Upstream upstream,
                 @JsonDeserialize(contentUsing = ConfigValues.Ipv4.class) List<Integer> servers, Integer hopsLimit,
                 Integer maxPacketSize, List<RelayVlanEntry> vlans) {
    }

    /** Either {@code {vlan, address[, gateway]}} or {@code {host: true|A.B.C.D}}. */
    record Upstream(Integer vlan, String address,
                    @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer gateway,
                    @JsonDeserialize(using = HostUplink.class) Integer host) {
    }

    record RelayVlanEntry(Integer vlan, String address, String circuitId, String remoteId, Boolean linkSelection,
                          Boolean serverIdOverride) {
    }

    /** security: the DHCP guard's limits and the learned-MAC limits per port. */
    record Security(Boolean enabled, RateLimit rateLimit,
                    @JsonDeserialize(using = ConfigValues.Seconds.class) Long logInterval, Integer bindings,
                    Map<String, Long> macLimits) {
    }

    record RateLimit(Integer port, Integer portBurst, Integer mac, Integer macBurst) {
    }

    /** dns: the lab DNS server (README, "DNS and TFTP"). */
    record Dns(Boolean enabled, Long ttl, List<DnsRecord> records, String upstream) {
    }

    record DnsRecord(String name, @JsonDeserialize(using = ConfigValues.Ipv4.class) Integer ip) {
    }

    /** {@code host: true} (0.0.0.0) or {@code host: A.B.C.D}: where the relay binds UDP port 67 on the host. */
    static final class HostUplink extends JsonDeserializer<Integer> {
        @Override
        public Integer deserialize(final JsonParser p, final DeserializationContext ctxt) throws IOException {
            final JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE) {
                return 0;
            }
            final String text = t.isStructStart() ? (t == JsonToken.START_OBJECT ? "(a mapping)" : "(a list)")
                : p.getText();
            final long a = t.isScalarValue() && t != JsonToken.VALUE_FALSE ? Ipv4Address.parseOrMinusOne(text.trim())
                : -1;
            if (a < 0) {
                throw ConfigValues.badValue(p, text + " (expected: true for 0.0.0.0, or one of the host's addresses"
                    + " A.B.C.D to bind UDP port 67 to)");
            }
            return (int) a;
        }
    }
}
