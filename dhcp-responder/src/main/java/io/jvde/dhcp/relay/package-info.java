/**
 * The L2-attached DHCP relay agent (RFC 1542 §4.1, RFC 3046 §2.1; optional RFC 3527 link selection, RFC 5107
 * server-id override with RFC 5010 flags). It shares the switch port of the built-in responder: the glue hands
 * {@link io.jvde.dhcp.relay.RelayAgent#onFrame} every frame of a VLAN for which
 * {@link io.jvde.dhcp.relay.RelayAgent#handles} is true, and calls {@link io.jvde.dhcp.relay.RelayAgent#onTick}
 * about once a second.
 *
 * <pre>{@code
 * RelaySettings s = RelaySettings.builder().relayMac(dhcpSettings.serverMac()).switchName("sw1")
 *     .upstream(100, "192.0.2.10/24").server("192.0.2.1")
 *     .vlan(RelayVlan.of(10, "10.10.0.1/24")).build();
 * RelayAgent relay = RelayAgent.start(s, sink, listener);
 * relay.setPortDescriptions(port -> descriptions.get(port));      // optional, for {desc}
 * if (relay.handles(vid)) relay.onFrame(port, vid, buf, off, len, now);
 * }</pre>
 *
 * <p>Frames to servers, ARP and ICMP go to {@link io.jvde.dhcp.FrameSink#FORWARD} (the switch forwards them by its
 * rules); replies to a client go to the client's port only. {@code onFrame} returns a
 * {@link io.jvde.dhcp.relay.RelayDropReason} id, 0 = OK; {@code NOT_FOR_RELAY} is ordinary traffic, not worth a log.
 *
 * <p>Host uplink: with {@code builder.hostUplink("192.0.2.10")} there is no upstream VLAN; start the agent with a
 * {@link io.jvde.dhcp.relay.RelayUplink} (the glue's UDP socket on the host's port 67), which gets each relayed
 * request once per server, and hand the servers' replies to
 * {@link io.jvde.dhcp.relay.RelayAgent#onServerMessage}: the same checks, option 82 strip and delivery as for
 * frames. The agent itself never opens a socket.
 */
package io.jvde.dhcp.relay;
