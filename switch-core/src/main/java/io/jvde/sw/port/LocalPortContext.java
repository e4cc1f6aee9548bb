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
}
