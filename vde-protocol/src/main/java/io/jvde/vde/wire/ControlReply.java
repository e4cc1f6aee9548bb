package io.jvde.vde.wire;

import io.jvde.vde.sys.SockaddrUn;

import java.nio.ByteBuffer;

/**
 * The switch's only message on {@code ctl}: exactly 110 bytes, a sockaddr_un naming the switch-side data socket
 * the client must connect to (docs/protocol.md §2.4). Refusal is signalled by closing the stream instead.
 */
public final class ControlReply {
    public static final int LENGTH = SockaddrUn.LENGTH;

    private ControlReply() {
    }

    public static int encode(final ByteBuffer buf, final int off, final String dataSocketPath) {
        return SockaddrUn.write(buf, off, dataSocketPath);
    }

    public static String dataSocketPath(final ByteBuffer buf, final int off) {
        return SockaddrUn.path(buf, off);
    }
}
