package io.jvde.sw.engine;

import io.jvde.sw.port.LocalPortContext;
import io.jvde.sw.port.LocalPortHandler;
import io.jvde.vde.sys.MmsgVector;

import java.nio.ByteBuffer;

/**
 * An in-process port (the DHCP responder is one): frames are delivered by calling its handler on the loop thread,
 * and what it injects is forwarded after the current batch ({@link LocalPorts}). It has no fd and no queue.
 */
final class LocalTransport implements Transport, LocalPortContext {
    final LocalPortHandler handler;
    private final String description;
    private final LocalPorts localPorts;
    Attachment self;
    /** Received frames in the current turn: its handler gets onBatchEnd. */
    boolean touched;
    /** Set by {@link #wakeup()} from any thread: its handler gets onBatchEnd in the next turn. */
    volatile boolean wakeRequested;

    LocalTransport(final LocalPortHandler handler, final String description, final LocalPorts localPorts) {
        this.handler = handler;
        this.description = description;
        this.localPorts = localPorts;
    }

    @Override
    public String module() {
        return "local";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public int receive(final RxBatch rx, final Attachment a) {
        return 0; // frames come in through inject
    }

    @Override
    public int send(final MmsgVector v, final int n, final Attachment a) {
        return n; // never staged: LocalPorts.deliver calls the handler directly
    }

    @Override
    public void close(final EventLoop loop) {
        localPorts.remove(this);
    }

    // ------------------------------------------------------------------ LocalPortContext

    @Override
    public int port() {
        return self.port();
    }

    @Override
    public boolean inject(final ByteBuffer frame, final int offset, final int length) {
        return localPorts.inject(self, frame, offset, length, -1);
    }

    @Override
    public void wakeup() {
        wakeRequested = true;
        localPorts.wake();
    }

    @Override
    public boolean injectTo(final int egressPort, final ByteBuffer frame, final int offset, final int length) {
        return localPorts.injectTo(self, egressPort, frame, offset, length);
    }
}
