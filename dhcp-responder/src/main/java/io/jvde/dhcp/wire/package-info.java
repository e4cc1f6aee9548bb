/**
 * Wire structures the responder reads and writes (Ethernet, ARP, IPv4, UDP, ICMP echo, BOOTP/DHCP and its options)
 * as allocation-free, bounds-checked flyweights and static accessors over big-endian netty {@code ByteBuf}s.
 */
package io.jvde.dhcp.wire;
