package io.jvde.dhcp.testsupport;

import io.jvde.dhcp.FrameSink;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Keeps a copy of every frame the responder sends. */
public final class CapturingSink implements FrameSink {
    /** One sent frame. */
    public record Sent(int port, int vid, byte[] frame) {
        public ReplyView view() {
            return new ReplyView(frame);
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(final int port, final int vid, final ByteBuf frame, final int offset, final int length) {
        final byte[] copy = new byte[length];
        frame.getBytes(offset, copy);
        sent.add(new Sent(port, vid, copy));
    }

    public List<Sent> sent() {
        return sent;
    }

    public int count() {
        return sent.size();
    }

    public Sent last() {
        if (sent.isEmpty()) {
            throw new AssertionError("no frame was sent");
        }
        return sent.get(sent.size() - 1);
    }

    public void clear() {
        sent.clear();
    }
}
