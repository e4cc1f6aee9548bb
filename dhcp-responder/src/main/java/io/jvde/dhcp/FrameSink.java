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
     * Sends {@code length} bytes at absolute {@code offset} of {@code frame} out of switch port {@code port} on
     * VLAN {@code vid}. Never called with the buffer's reader or writer indexes meaningful.
     */
    void send(int port, int vid, ByteBuf frame, int offset, int length);
}
