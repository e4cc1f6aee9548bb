/**
 * DHCPv4 server and RFC 3046 relay agent that knows frames only as buffers and primitives, never the switch; this
 * package holds the contract with the switch ({@link io.jvde.dhcp.FrameSink}, {@link io.jvde.dhcp.DhcpDropReason}).
 */
package io.jvde.dhcp;
