/**
 * The switch's own layer-2 services beside DHCP (DNS, TFTP): what a service sees of a datagram ({@link
 * io.jvde.dhcp.service.Datagram}), the contract it implements ({@link io.jvde.dhcp.service.UdpService}) and the one
 * reply path it answers through ({@link io.jvde.dhcp.service.UdpReplies}). The receive path itself (Ethernet and
 * 802.1Q, ARP and ICMP echo for the server addresses, UDP by port) is the responder's
 * ({@code io.jvde.dhcp.server.ServiceFrames}); services know nothing of frames. The Ethernet type, ARP and ICMP echo
 * checks and answers of the switch's own addresses are one piece, {@link io.jvde.dhcp.service.LocalAnswers}, used by
 * the responder's service frames and by the relay agent for its relay and upstream addresses alike.
 */
package io.jvde.dhcp.service;
