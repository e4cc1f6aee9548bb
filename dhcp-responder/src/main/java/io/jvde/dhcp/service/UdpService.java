package io.jvde.dhcp.service;

import io.netty.buffer.ByteBuf;

/**
 * A service the switch answers itself over UDP (DNS on 53, TFTP on 69 and its transfer ports), registered with
 * the responder's receive path by port. Called on the event-loop thread only, for datagrams unicast to a scope's
 * server address; it must not block and must copy whatever it keeps (the buffer is reused).
 */
@FunctionalInterface
public interface UdpService {
    /**
     * Handles {@code length} payload bytes at absolute {@code offset} of {@code buf}; answers through
     * {@link UdpReplies}. Returns {@link io.jvde.dhcp.DhcpDropReason#OK} when consumed, else the drop reason's id
     * for the receive path to count (the service keeps its own finer counters).
     */
    int onDatagram(Datagram from, ByteBuf buf, int offset, int length, long nowMillis);
}
