package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.MacAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the responder needs, validated once before it starts (Aeron's "conclude" step): the scopes, the
 * server's MAC, and the protocol knobs shared by all scopes.
 *
 * @param scopes                  one per served VLAN
 * @param serverMac               source MAC of every frame the responder sends; it answers ARP with it
 * @param offerHoldSeconds        how long an offered address stays set aside for the client (RFC 2131 §4.3.1:
 *                                the server SHOULD NOT reuse it until the client answers)
 * @param declineProbationSeconds how long a declined address stays quarantined (Kea's default: 24 h)
 * @param echoClientId            echo option 61 in replies (RFC 6842; on by default)
 * @param trustedPorts            ports allowed to send option 82 with giaddr 0 (RFC 3046 §2.1; default none)
 */
public record DhcpSettings(List<Scope> scopes, long serverMac, long offerHoldSeconds, long declineProbationSeconds,
                           boolean echoClientId, BitSet trustedPorts) {
    /** A locally administered unicast MAC ("jvde" in ASCII after 02), used when the glue supplies none. */
    public static final long DEFAULT_SERVER_MAC = 0x02_6A_76_64_65_01L;
    public static final long DEFAULT_OFFER_HOLD_SECONDS = 60;
    public static final long DEFAULT_DECLINE_PROBATION_SECONDS = 86_400;

    public DhcpSettings {
        scopes = List.copyOf(scopes);
        trustedPorts = (BitSet) trustedPorts.clone();
        validate(scopes, serverMac, offerHoldSeconds, declineProbationSeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BitSet trustedPorts() {
        return (BitSet) trustedPorts.clone();
    }

    public boolean trusted(final int port) {
        return port >= 0 && trustedPorts.get(port);
    }

    /** Warnings of all scopes, for the binder to log at start-up. */
    public List<String> warnings() {
        final List<String> warnings = new ArrayList<>();
        for (final Scope s : scopes) {
            warnings.addAll(s.warnings());
        }
        return warnings;
    }

    private static void validate(final List<Scope> scopes, final long serverMac, final long offerHold,
                                 final long probation) {
        if ((serverMac & ~MacAddress.MASK) != 0 || MacAddress.isGroup(serverMac) || serverMac == 0) {
            throw new DhcpConfigException("serverMac", MacAddress.toString(serverMac & MacAddress.MASK)
                + " (expected: a unicast MAC)");
        }
        if (offerHold < 1 || offerHold > 3600) {
            throw new DhcpConfigException("offerHoldSeconds", offerHold + " (expected: 1..3600)");
        }
        if (probation < 0) {
            throw new DhcpConfigException("declineProbationSeconds", probation + " (expected: >= 0)");
        }
        final Map<Integer, Integer> vlans = new HashMap<>();
        for (int i = 0; i < scopes.size(); i++) {
            final Scope s = scopes.get(i);
            try {
                s.validate("scopes[" + i + "]");
            } catch (final IllegalArgumentException e) {
                throw new DhcpConfigException("scopes[" + i + "]", e.getMessage());
            }
            final Integer dup = vlans.put(s.vlan(), i);
            if (dup != null) {
                throw new DhcpConfigException("scopes[" + i + "].vlan", s.vlan() + " (expected: one scope per VLAN;"
                    + " scopes[" + dup + "] already serves it)");
            }
        }
    }

    /** Builds {@link DhcpSettings} with the documented defaults. */
    public static final class Builder {
        private final List<Scope> scopes = new ArrayList<>();
        private long serverMac = DEFAULT_SERVER_MAC;
        private long offerHoldSeconds = DEFAULT_OFFER_HOLD_SECONDS;
        private long declineProbationSeconds = DEFAULT_DECLINE_PROBATION_SECONDS;
        private boolean echoClientId = true;
        private final BitSet trustedPorts = new BitSet();

        public Builder scope(final Scope scope) {
            scopes.add(scope);
            return this;
        }

        public Builder serverMac(final long mac) {
            this.serverMac = mac;
            return this;
        }

        public Builder offerHoldSeconds(final long seconds) {
            this.offerHoldSeconds = seconds;
            return this;
        }

        public Builder declineProbationSeconds(final long seconds) {
            this.declineProbationSeconds = seconds;
            return this;
        }

        public Builder echoClientId(final boolean value) {
            this.echoClientId = value;
            return this;
        }

        public Builder trustedPort(final int port) {
            trustedPorts.set(port);
            return this;
        }

        public DhcpSettings build() {
            return new DhcpSettings(scopes, serverMac, offerHoldSeconds, declineProbationSeconds, echoClientId,
                trustedPorts);
        }
    }
}
