package io.jvde.sw.port;

import java.nio.ByteBuffer;

/**
 * An in-process port: a service that lives inside the switch (the DHCP responder is one) and sees frames the way a
 * VM on that port would, without a socket. Called only on the event-loop thread; it must not block, and it must
 * copy whatever it keeps, because the buffer is reused for the next frame.
 */
public interface LocalPortHandler {
    /**
     * A frame leaving the switch on this port, already tagged or untagged for the port's VLAN configuration.
     *
     * @param ingressPort the port the frame entered the switch on (a relay uses it for its circuit-id)
     */
    void onFrame(ByteBuffer frame, int offset, int length, int ingressPort, LocalPortContext ctx);

    /**
     * Called once at the end of every event-loop turn in which this port received frames, before the frames it
     * injected are forwarded: the place for work done once per batch (e.g. one journal fsync for many leases).
     */
    default void onBatchEnd(final LocalPortContext ctx) {
    }

    /** Called about every 20 ms on the loop thread, for timers (lease expiry, journal flushes). */
    default void onTick(final long nowNanos, final LocalPortContext ctx) {
    }
}
