package io.jvde.dhcp.server;

import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.dhcp.wire.UdpHeader;

/**
 * Where a server reply goes: RFC 2131 §4.1 ("If the 'giaddr' field ... is nonzero ...") with the NAK rule of
 * §4.3.2 and the DHCPINFORM rule of §4.3.5, checked in order. Because the responder sits in the switch and knows
 * the ingress port, "unicast to the client's hardware address and yiaddr" is simply an Ethernet frame to chaddr:
 * no ARP-cache injection (dnsmasq) and no raw socket (Kea) is needed.
 *
 * <ol>
 *   <li>giaddr set (and not 255.255.255.255, which Kea and dnsmasq treat as "not relayed"): to giaddr, port 67,
 *       Ethernet to the relay that sent the request; a NAK sets the BROADCAST bit so the relay broadcasts it.</li>
 *   <li>A NAK otherwise: broadcast.</li>
 *   <li>ciaddr set (RENEWING, REBINDING, INFORM): unicast to ciaddr, port 68.</li>
 *   <li>An INFORM without ciaddr: to the IP source address when there is one (Kea), else broadcast.</li>
 *   <li>BROADCAST bit set: broadcast (IP 255.255.255.255, Ethernet ff:ff:ff:ff:ff:ff), port 68.</li>
 *   <li>Otherwise: unicast to yiaddr, Ethernet to chaddr, port 68.</li>
 * </ol>
 */
final class ReplyAddressing {
    static final int ROW_RELAY = 1;
    static final int ROW_NAK_BROADCAST = 2;
    static final int ROW_CIADDR = 3;
    static final int ROW_INFORM_SOURCE = 4;
    static final int ROW_BROADCAST_FLAG = 5;
    static final int ROW_YIADDR = 6;

    long ethDst;
    int ipDst;
    int udpDstPort;
    /** Set the BROADCAST bit in the reply's flags (NAK via a relay, §4.3.2). */
    boolean setBroadcastFlag;
    int row;

    static boolean relayed(final int giaddr) {
        return giaddr != 0 && giaddr != Ipv4Address.BROADCAST;
    }

    /**
     * Decides for one reply. {@code ethSrc} and {@code ipSrc} are the request's Ethernet and IP sources, i.e. the
     * relay or the client itself.
     */
    ReplyAddressing decide(final boolean nak, final boolean inform, final int giaddr, final int ciaddr,
                           final boolean broadcastFlag, final int yiaddr, final long chaddr, final long ethSrc,
                           final int ipSrc) {
        setBroadcastFlag = false;
        udpDstPort = UdpHeader.PORT_CLIENT;
        if (relayed(giaddr)) {
            row = ROW_RELAY;
            ipDst = giaddr;
            ethDst = ethSrc;
            udpDstPort = UdpHeader.PORT_SERVER;
            setBroadcastFlag = nak;
        } else if (nak) {
            row = ROW_NAK_BROADCAST;
            broadcast();
        } else if (ciaddr != 0) {
            row = ROW_CIADDR;
            ipDst = ciaddr;
            ethDst = ethSrc;
        } else if (inform) {
            row = ROW_INFORM_SOURCE;
            if (ipSrc != 0) {
                ipDst = ipSrc;
                ethDst = ethSrc;
            } else {
                broadcast();
            }
        } else if (broadcastFlag) {
            row = ROW_BROADCAST_FLAG;
            broadcast();
        } else {
            row = ROW_YIADDR;
            ipDst = yiaddr;
            ethDst = chaddr;
        }
        return this;
    }

    private void broadcast() {
        ipDst = Ipv4Address.BROADCAST;
        ethDst = MacAddress.BROADCAST;
    }
}
