package io.jvde.dhcp.service;

import io.netty.buffer.ByteBuf;

/**
 * The one reply path of the switch's own services: a service writes its UDP payload in place at
 * {@link #begin()} of {@link #buffer()} and sends it; the path adds UDP, IPv4 (software checksums) and Ethernet
 * headers from the server's MAC and sends the frame to one switch port alone, tagged as that port expects. Runs
 * on the event-loop thread; nothing is allocated per datagram.
 */
public interface UdpReplies {
    /** Largest UDP payload one frame carries: a 1500-byte IPv4 datagram less its IP and UDP headers. */
    int MAX_PAYLOAD = 1500 - 20 - 8;

    /** The buffer payloads are written into. */
    ByteBuf buffer();

    /** Reserves room for one datagram and returns the offset its payload starts at (room: {@link #MAX_PAYLOAD}). */
    int begin();

    /** Sends the payload just written at {@link #begin()} back to where {@code to} came from. */
    void reply(Datagram to, int payloadLength);

    /**
     * Sends the payload just written at {@link #begin()} from {@code srcIp:srcPort} to {@code dstIp:dstPort} at
     * {@code dstMac}, out of switch port {@code port} on VLAN {@code vid}.
     */
    void send(int port, int vid, long dstMac, int dstIp, int dstPort, int srcIp, int srcPort, int payloadLength);
}
