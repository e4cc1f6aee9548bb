package io.jvde.dhcp;

import io.netty.buffer.ByteBuf;

/**
 * Where the responder puts the frames it builds: complete untagged Ethernet frames (the switch adds the 802.1Q tag
 * of {@code vid} when the egress port wants one). The sink must copy or transmit the bytes before it returns: the
 * responder reuses the region for the next reply.
 */
@FunctionalInterface
public interface FrameSink {
    /**
     * Port number meaning "no particular port: let the switch forward the frame by its own rules" (FDB lookup on
     * the destination MAC, flooding in {@code vid} when unknown or broadcast). The relay agent uses it for frames
     * to upstream servers, ARP and ICMP.
     */
    int FORWARD = -1;

    /**
     * Sends {@code length} bytes at absolute {@code offset} of {@code frame} out of switch port {@code port} (or,
     * for {@link #FORWARD}, wherever the switch forwards it) on VLAN {@code vid}. Never called with the buffer's
     * reader or writer indexes meaningful.
     */
    void send(int port, int vid, ByteBuf frame, int offset, int length);
}
