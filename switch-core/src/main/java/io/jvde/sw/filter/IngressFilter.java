package io.jvde.sw.filter;

import java.nio.ByteBuffer;

/**
 * A veto over frames entering the switch from its clients, installed with
 * {@link io.jvde.sw.engine.SwitchControl#setIngressFilter}.
 *
 * <p>Where it runs, in {@link io.jvde.sw.forward.Forwarder#decide}: after the frame passed validation (runt,
 * oversize) and VLAN classification (docs/protocol.md §5.1 step 3), and before its source address is learned. So a
 * frame the filter refuses teaches the MAC table nothing and does not count against a port's MAC limit; frames
 * dropped by validation or classification never reach the filter. It runs for frames received from client
 * endpoints (unix sockets, taps) only, never for frames in-process ports inject
 * ({@link io.jvde.sw.port.LocalPortContext#inject}, {@link io.jvde.sw.port.LocalPortContext#injectTo}). In hub
 * mode nothing is classified and the filter sees every frame with {@code vid} 0.
 *
 * <p>It runs on the event-loop thread once per frame: it must not block, must not allocate per frame, and must not
 * keep {@code frame} (the buffer is reused for the next frame) nor change its bytes. A refused frame is counted by
 * the engine on the ingress port as {@link io.jvde.sw.forward.DropReason#FILTERED}; why it was refused is the
 * filter's business, so it keeps its own counters. A filter that throws is treated as refusing the frame (the
 * engine counts it as {@code FILTERED} and logs the first exception).
 */
@FunctionalInterface
public interface IngressFilter {
    /**
     * Whether the frame may enter the switch.
     *
     * @param frame       the engine's receive buffer; read it with absolute gets only
     * @param offset      absolute offset of the frame's first byte (destination MAC) in {@code frame}
     * @param length      frame length in bytes, as received (802.1Q-tagged or not)
     * @param ingressPort the port the frame was received on
     * @param vid         the VLAN the frame was classified into by the ingress port's VLAN rules (the tag's VID, or
     *                    the port's untagged VLAN for an untagged frame; 0 in hub mode)
     * @return true to forward the frame by the ordinary rules, false to drop it
     */
    boolean admit(ByteBuffer frame, int offset, int length, int ingressPort, int vid);

    /**
     * A frame from a trusted uplink (e.g. VXLAN): it is forwarded whatever {@link #admit} would say, and the filter
     * may only look at it (the DHCP guard snoops a remote server's ACK). Same rules as {@link #admit}; a throw is
     * counted as a filter failure and the frame still passes. Default: nothing.
     */
    default void observe(ByteBuffer frame, int offset, int length, int ingressPort, int vid) {
    }
}
