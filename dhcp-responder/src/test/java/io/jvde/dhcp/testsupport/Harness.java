package io.jvde.dhcp.testsupport;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.server.DhcpResponder;

/**
 * A responder wired to a capturing sink, a recording listener, an in-memory journal (unless given one) and a
 * manual clock: tests move time with {@link #advance}, nothing sleeps.
 */
public final class Harness implements AutoCloseable {
    public static final long START = 1_700_000_000_000L;
    public static final int PORT = 3;

    public final CapturingSink sink = new CapturingSink();
    public final RecordingListener events = new RecordingListener();
    public final DhcpResponder responder;
    public long now = START;

    public Harness(final DhcpSettings settings, final LeaseJournal journal) {
        this.responder = DhcpResponder.start(settings, journal, sink, events, now);
    }

    public static Harness of(final Scope... scopes) {
        final DhcpSettings.Builder b = DhcpSettings.builder();
        for (final Scope s : scopes) {
            b.scope(s);
        }
        return new Harness(b.build(), LeaseJournal.inMemory());
    }

    public static Harness of(final DhcpSettings settings) {
        return new Harness(settings, LeaseJournal.inMemory());
    }

    /** 192.168.1.0/24, range .100-.199, router .1, DNS .1, server .254 (the default), VLAN 1. */
    public static Scope.Builder lan() {
        return Scope.builder(1, "192.168.1.0/24").name("lan").range("192.168.1.100", "192.168.1.199")
            .router("192.168.1.1").dns("192.168.1.1").leaseTime(3600);
    }

    public long serverMac() {
        return responder.serverMac();
    }

    /** Hands the frame to the responder as received on {@link #PORT} of VLAN 1; returns the drop reason or OK. */
    public int send(final ClientFrame f) {
        return send(f, PORT, 1);
    }

    public int send(final ClientFrame f, final int port, final int vid) {
        final byte[] bytes = f.frame();
        return responder.onFrame(port, vid, io.netty.buffer.Unpooled.wrappedBuffer(bytes), 0, bytes.length, now);
    }

    public int sendRaw(final byte[] frame) {
        return responder.onFrame(PORT, 1, io.netty.buffer.Unpooled.wrappedBuffer(frame), 0, frame.length, now);
    }

    public ReplyView reply() {
        return sink.last().view();
    }

    /** DISCOVER, then REQUEST for the offered address (SELECTING); returns the ACK. */
    public ReplyView dora(final String mac) {
        final int sent = sink.count();
        expectOk(send(ClientFrame.discover(mac)));
        if (sink.count() != sent + 1) {
            throw new AssertionError("no OFFER for " + mac + ": " + events.lines);
        }
        final ReplyView offer = reply();
        expectOk(send(ClientFrame.request(mac).serverId(Bytes.ip(offer.ipSrc)).requestedIp(Bytes.ip(offer.yiaddr))));
        responder.flush();
        final ReplyView ack = reply();
        if (ack.messageType() != 5) {
            throw new AssertionError("expected ACK for " + mac + ", got " + ack + " " + events.lines);
        }
        return ack;
    }

    private static void expectOk(final int reason) {
        if (reason != DhcpDropReason.OK) {
            throw new AssertionError("dropped: " + DhcpDropReason.of(reason));
        }
    }

    public void advance(final long seconds) {
        now += seconds * 1000;
    }

    @Override
    public void close() {
        responder.close();
    }
}
