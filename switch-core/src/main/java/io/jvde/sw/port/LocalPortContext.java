package io.jvde.sw.port;

import java.nio.ByteBuffer;

/** What a {@link LocalPortHandler} can do: know its port and send frames into the switch from it. */
public interface LocalPortContext {
    /** The port this handler is attached to. */
    int port();

    /**
     * Sends a frame into the switch as if received on this port; it is forwarded by the ordinary rules after the
     * current batch. The bytes are copied. Returns false (and counts a drop) when the injection queue is full.
     */
    boolean inject(ByteBuffer frame, int offset, int length);

    /**
     * Sends a frame from this port to {@code egressPort} alone, after the current batch, like {@link #inject} (the
     * bytes are copied; the same queue) but never flooded and without learning its source. Its VLAN is the one
     * its 802.1Q tag names, or this port's untagged VLAN when it has no tag; it leaves {@code egressPort} tagged
     * or untagged by that port's VLAN configuration exactly as a forwarded frame would (a trunk gets it tagged, an
     * access port untagged), and mirrors of the ports involved get their copy. The ingress filter does not apply.
     *
     * @return false, counting a drop on this port, when the injection queue is full
     *         ({@code EGRESS_QUEUE_FULL}), {@code egressPort} does not exist or has no endpoint
     *         ({@code DST_PORT_INACTIVE}), is not a member of the frame's VLAN ({@code VLAN_NOT_MEMBER},
     *         {@code VLAN_UNDEFINED}), or the frame is malformed; should the port leave the VLAN or lose its
     *         endpoints before the frame is sent, it is dropped then and counted the same way
     *
     * <p>The engine implements it; the default, for contexts written before it existed (test doubles), refuses.
     */
    default boolean injectTo(int egressPort, ByteBuffer frame, int offset, int length) {
        return false;
    }

    /**
     * Any thread: asks the loop to call this port's {@link LocalPortHandler#onBatchEnd} in its next turn, even if no
     * frame reached the port, waking the loop if it waits. For work finished off the loop thread (a lease journal's
     * fsync) whose results must go out now, not at the next tick. Allocates nothing; calls before the turn runs
     * collapse into one.
     *
     * <p>The default, for contexts written before it existed (test doubles), does nothing.
     */
    default void wakeup() {
    }
}
