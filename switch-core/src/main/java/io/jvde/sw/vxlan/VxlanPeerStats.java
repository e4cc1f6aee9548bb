package io.jvde.sw.vxlan;

import java.util.Map;

/**
 * One peer of the VXLAN uplink as {@code vxlan/print} shows it, copied on the loop thread for the console's JSON form.
 *
 * @param address  the remote VTEP's IPv4 address (or the multicast group), dotted
 * @param udpPort  its UDP port
 * @param kind     {@code static}, {@code learned} or {@code group}
 * @param port     the switch port it is attached on
 * @param drops    drops by reason (lower-case {@link VxlanDrop} names), non-zero ones only
 */
public record VxlanPeerStats(String address, int udpPort, String kind, int port, long rxFrames, long rxBytes,
                             long txFrames, long txBytes, Map<String, Long> drops) {
}
