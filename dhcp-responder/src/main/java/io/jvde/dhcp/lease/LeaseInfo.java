package io.jvde.dhcp.lease;

import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import java.nio.charset.StandardCharsets;

/**
 * A copy of one lease record for the console and tests.
 *
 * @param vid       VLAN of the scope
 * @param address   the address
 * @param mac       the client's MAC (0 for a quarantine)
 * @param state     {@code offered}, {@code bound}, {@code released}, {@code expired} or {@code declined}
 * @param time      expiry (offered, bound, declined) or since when dormant (released, expired), ms since the epoch
 * @param clientId  option 61 as last sent, or null
 * @param hostname  option 12 as last sent, or null
 */
public record LeaseInfo(int vid, int address, long mac, String state, long time, byte[] clientId, byte[] hostname) {
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        sb.append("vlan ").append(vid).append(' ');
        Ipv4Address.append(sb, address).append(' ');
        MacAddress.append(sb, mac).append(' ').append(state).append(' ').append(time);
        if (hostname != null) {
            sb.append(' ');
            for (final byte b : hostname) {
                sb.append(b >= 0x21 && b <= 0x7E ? (char) b : '?');
            }
        }
        return sb.toString();
    }

    public String hostnameText() {
        return hostname == null ? null : new String(hostname, StandardCharsets.US_ASCII);
    }
}
