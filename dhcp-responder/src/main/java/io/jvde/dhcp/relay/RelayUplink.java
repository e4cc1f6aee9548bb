package io.jvde.dhcp.relay;

import io.netty.buffer.ByteBuf;

/**
 * Where relayed requests go when the servers are reached through the host rather than through the switch
 * ({@link RelaySettings#hostUplink()}): the glue implements it with a UDP socket bound to the host's port 67. The
 * agent stays free of sockets; server replies come back through {@link RelayAgent#onServerMessage}.
 */
public interface RelayUplink {
    /**
     * Sends one relayed BOOTREQUEST, {@code length} bytes at absolute {@code offset} of {@code dhcp} (the DHCP
     * message alone: the host adds IP and UDP), to {@code server} (an IPv4 int) port 67. Called on the event-loop
     * thread, once per server; must not block and must not keep {@code dhcp} after it returns. Returns false when
     * the host refused the datagram (no route, buffer full, socket closed): the agent counts
     * {@link RelayDropReason#UPLINK_SEND_FAILED} and the client retransmits.
     */
    boolean toServer(int server, ByteBuf dhcp, int offset, int length);
}
