/**
 * The DHCPv4 server of RFC 2131: frame demultiplexing and ARP/ICMP answers ({@link io.jvde.dhcp.server.DhcpResponder}),
 * one handler per message type ({@link io.jvde.dhcp.server.DhcpServer}), reply addressing per §4.1 and group-committed
 * acknowledgements.
 */
package io.jvde.dhcp.server;
