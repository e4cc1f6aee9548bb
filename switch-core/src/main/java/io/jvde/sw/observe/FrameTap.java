package io.jvde.sw.observe;

import java.nio.ByteBuffer;

/**
 * Sees every frame as it enters the switch, before the forwarding decision: frames received from clients and
 * frames in-process ports inject, with their tags as on the wire. Called on the event-loop thread for each frame
 * while installed ({@link io.jvde.sw.engine.SwitchControl#setFrameTap}); an implementation copies what it wants
 * into preallocated memory, never blocks and allocates nothing. The engine calls nothing while none is installed.
 */
@FunctionalInterface
public interface FrameTap {
    /**
     * One ingress frame: {@code len} bytes at absolute {@code off} of {@code buf}, received on {@code port} at
     * {@code nowNanos} ({@link System#nanoTime()} of the loop turn). {@code buf}'s position and limit are not
     * to be changed.
     */
    void onIngress(int port, ByteBuffer buf, int off, int len, long nowNanos);
}
