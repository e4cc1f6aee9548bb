package io.jvde.sw.engine;

import io.jvde.sw.vxlan.VxlanDrop;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrIn;

/**
 * One remote VTEP (RFC 7348 §4) of the {@link VxlanUplink}, on a port of its own, so the MAC table learns inner
 * source MACs per (VLAN, MAC) to that port with the normal aging and known unicast goes to that VTEP alone. It has
 * no fd: the uplink's shared UDP socket reads for it. The multicast group is a peer too: floods go there once, and
 * VTEPs learned from the group ({@link Kind#LEARNED}) get known unicast only.
 */
final class VxlanPeerTransport implements Transport {
    enum Kind { STATIC, LEARNED, GROUP }

    final VxlanUplink uplink;
    final Kind kind;
    final int address;
    final int udpPort;
    /** Pre-laid-out sockaddr_in the sends use as msg_name. */
    final NativeMemory sockaddr = NativeMemory.allocate(SockaddrIn.LENGTH);
    Attachment self;

    long rxFrames;
    long rxBytes;
    long txFrames;
    long txBytes;
    /** Loop time of the last frame from this VTEP (learned VTEPs age out when silent). */
    long lastRxNanos;
    final long[] drops = new long[VxlanDrop.COUNT];

    VxlanPeerTransport(final VxlanUplink uplink, final Kind kind, final int address, final int udpPort) {
        this.uplink = uplink;
        this.kind = kind;
        this.address = address;
        this.udpPort = udpPort;
        SockaddrIn.write(sockaddr.buffer(), 0, address, udpPort);
    }

    @Override
    public String module() {
        return "vxlan";
    }

    @Override
    public String description() {
        return "vxlan " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + SockaddrIn.text(address) + ":"
            + udpPort;
    }

    /** {@code ADDR:PORT} of the remote VTEP (or the group). */
    String peerText() {
        return SockaddrIn.text(address) + ":" + udpPort;
    }

    @Override
    public int fd() {
        return -1;
    }

    /** The uplink reads the shared socket; called for the backlog, it forwards what a paused receiver left. */
    @Override
    public int receive(final RxBatch rx, final Attachment self) {
        if (backlogged()) {
            uplink.receiver.forwardCoalesced();
        }
        return 0;
    }

    /**
     * Segments of a coalesced datagram wait in the {@link VxlanReceiver}'s arena because a local receiver paused this
     * VTEP: only this VTEP's backlog entry resumes them, once it is no longer paused.
     */
    @Override
    public boolean backlogged() {
        return uplink.receiver.waitsFor(this);
    }

    @Override
    public int send(final MmsgVector v, final int n, final Attachment self) {
        return uplink.sender.send(this, v, n);
    }

    /** Split horizon: nothing from a VTEP goes back into the overlay; a learned VTEP gets no floods (the group does). */
    @Override
    public boolean refuses(final Transport from, final boolean flood) {
        return from instanceof VxlanPeerTransport || (flood && kind == Kind.LEARNED);
    }

    /** Back-pressure on this VTEP (paused, or frames queued for it) changes what the uplink's socket waits for. */
    @Override
    public void interest(final Attachment self, final int events) {
        uplink.updateInterest();
    }

    @Override
    public boolean trusted() {
        return uplink.settings.trusted();
    }

    @Override
    public void close(final EventLoop loop) {
        uplink.peers.forget(this);
        sockaddr.free();
    }
}
