/**
 * The RFC 3046 relay agent (issue 6, not yet written); it will build on
 * {@link io.jvde.dhcp.wire.RelayAgentInformation} and {@link io.jvde.dhcp.wire.DhcpOptionWriter}.
 */
package io.jvde.dhcp.relay;
