package io.jvde.sw.engine;

import io.jvde.sw.vxlan.VxlanDrop;
import io.jvde.sw.vxlan.VxlanHeader;
import io.jvde.sw.vxlan.VxlanSettings;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrIn;
import io.jvde.vde.sys.UdpOffload;

import java.nio.ByteBuffer;

/**
 * Reads the VXLAN tunnel socket (RFC 7348) and forwards the inner frames: with recvmmsg straight into the engine's
 * receive slots (the 8-byte header into a side buffer), or, with UDP_GRO ({@link VxlanSettings#offload()}), into a
 * 64 KiB-per-message arena, each coalesced buffer split into its datagrams and each inner frame copied into a receive
 * slot (one skb and one syscall carry many frames, which is what the kernel's per-datagram cost needed). Recognises
 * the VTEP that sent each datagram, checks the header, maps the VNI to its VLAN and counts drops by reason. Loop
 * thread only; nothing is allocated per frame.
 */
final class VxlanReceiver {
    /** Batches read from the tunnel socket per wakeup at most: it carries many ports' traffic, read it eagerly. */
    static final int RX_BATCHES = 4;

    private final VxlanUplink uplink;
    private final VxlanSettings settings;
    private final SwitchAgent agent;
    private final VxlanSockets sockets;
    private final VxlanPeers peers;
    private final VxlanVniMap vnis;
    private final VxlanDrops drops;
    private final LibC libc = Native.libc();
    private final int fd;

    // receive: iov 0 = header into rxHeaders, iov 1 = the frame into the engine's slot; msg_name = rxNames
    private final MmsgVector rxVector = new MmsgVector(RxBatch.SLOTS, 2);
    private final NativeMemory rxHeaders = NativeMemory.allocate(RxBatch.SLOTS * VxlanHeader.LENGTH);
    private final NativeMemory rxNames = NativeMemory.allocate(RxBatch.SLOTS * SockaddrIn.LENGTH);
    private final byte[] shift = new byte[RxBatch.SLOT_SIZE];

    // coalesced receive (UDP_GRO; null when off): whole datagrams of up to 64 KiB into an arena, split there
    static final int GRO_MESSAGES = 16;
    static final int GRO_BUFFER = 65536;
    private final MmsgVector groVector;
    private final NativeMemory groArena;
    private final NativeMemory groControl;
    /** Arena messages read by the last recvmmsg, the next one to forward, the offset of its next segment. */
    private int groCount;
    private int groNext;
    private int groOffset;
    /** The VTEP that sent message {@link #groNext} (null: dropped), found when its first segment is forwarded. */
    private VxlanPeerTransport groPeer;
    /** The VTEP whose pause stopped {@link #forwardCoalesced} (on the ingress backlog until resumed), or null. */
    private VxlanPeerTransport groWaiter;
    /** Datagrams received coalesced (more than one segment): the offload at work. */
    long coalescedReceives;

    VxlanReceiver(final VxlanUplink uplink, final SwitchAgent agent, final VxlanSockets sockets,
                  final VxlanPeers peers, final VxlanVniMap vnis, final VxlanDrops drops) {
        this.uplink = uplink;
        this.settings = uplink.settings;
        this.agent = agent;
        this.sockets = sockets;
        this.peers = peers;
        this.vnis = vnis;
        this.drops = drops;
        this.fd = sockets.fd;
        for (int s = 0; s < RxBatch.SLOTS; s++) {
            rxVector.iov(s, 0, rxHeaders.address() + (long) s * VxlanHeader.LENGTH, VxlanHeader.LENGTH);
            // 4 bytes kept free so a tag can be inserted for a VNI mapped to a tagged VLAN
            rxVector.iov(s, 1, agent.rx.address(s), SwitchSettings.MAX_FRAME - 4);
            rxVector.iovCount(s, 2);
        }
        if (settings.offload() && UdpOffload.enableGro(fd)) {
            groVector = new MmsgVector(GRO_MESSAGES, 1);
            groArena = NativeMemory.allocate(GRO_MESSAGES * GRO_BUFFER, false);
            groControl = NativeMemory.allocate(GRO_MESSAGES * UdpOffload.CMSG_SPACE);
            for (int m = 0; m < GRO_MESSAGES; m++) {
                groVector.iov(m, 0, groArena.address() + (long) m * GRO_BUFFER, GRO_BUFFER);
            }
        } else {
            groVector = null;
            groArena = null;
            groControl = null;
        }
    }

    /** Whether the socket has UDP_GRO: it is read into the arena and coalesced datagrams are split. */
    boolean coalesced() {
        return groVector != null;
    }

    /** Reads what the tunnel socket holds (up to {@link #RX_BATCHES} recvmmsg) and forwards it. */
    void receive() {
        if (groVector != null) {
            receiveCoalesced();
            return;
        }
        for (int b = 0; b < RX_BATCHES && uplink.reading(); b++) {
            if (receiveBatch() < RxBatch.SLOTS) {
                return;
            }
        }
    }

    /** One recvmmsg into the receive slots, forwarded; returns how many datagrams it read. */
    private int receiveBatch() {
        for (int s = 0; s < RxBatch.SLOTS; s++) {
            rxVector.name(s, rxNames.address() + (long) s * SockaddrIn.LENGTH, SockaddrIn.LENGTH);
            rxVector.clearFlags(s);
        }
        final int n = libc.recvmmsg(fd, rxVector.address(0), RxBatch.SLOTS, Native.MSG_DONTWAIT, 0);
        if (n <= 0) {
            return 0; // EAGAIN, or an error a UDP socket reports once (e.g. ICMP): nothing to forward
        }
        final ByteBuffer headers = rxHeaders.buffer();
        VxlanPeerTransport last = null;
        for (int s = 0; s < n; s++) {
            final VxlanPeerTransport peer = source(s);
            if (peer != null && forward(peer, headers, s * VxlanHeader.LENGTH, rxVector.length(s),
                (rxVector.flags(s) & Native.MSG_TRUNC) != 0, s)) {
                last = peer;
            }
        }
        if (last != null) {
            agent.batcher.flush(last.self); // a receiver that falls behind pauses the tunnel (updateInterest)
        }
        return n;
    }

    /**
     * The VTEP that sent received message {@code m} (its address in {@link #rxNames}), attached first when it is new
     * on the multicast group; null when the datagram is dropped (counted).
     */
    private VxlanPeerTransport source(final int m) {
        final ByteBuffer names = rxNames.buffer();
        final int nameOff = m * SockaddrIn.LENGTH;
        if (SockaddrIn.family(names, nameOff) != Native.AF_INET) {
            drops.count(null, VxlanDrop.NOT_IPV4, 0);
            return null;
        }
        final int src = SockaddrIn.address(names, nameOff);
        if (src == settings.localAddress() && sockets.isOwnPort(SockaddrIn.port(names, nameOff))) {
            drops.count(null, VxlanDrop.OWN_ECHO, 0);
            return null;
        }
        final VxlanPeerTransport peer = peers.find(src);
        if (peer != null) {
            return peer;
        }
        if (settings.group() == 0 || !peers.mayLearn()) {
            drops.count(null, VxlanDrop.UNKNOWN_VTEP, src);
            return null;
        }
        final VxlanPeerTransport learned = peers.learn(src, settings.localPort()); // once per VTEP
        if (learned == null) {
            drops.count(null, VxlanDrop.UNKNOWN_VTEP, src); // no free port
        }
        return learned;
    }

    /**
     * Checks one datagram from {@code peer} of {@code total} bytes, its VXLAN header at {@code hoff} of {@code hb}
     * and its inner frame already in receive slot {@code s} ({@code truncated}: it did not fit), and stages the frame
     * for forwarding in its VNI's VLAN; false when it is dropped (counted by reason).
     */
    private boolean forward(final VxlanPeerTransport peer, final ByteBuffer hb, final int hoff, final int total,
                            final boolean truncated, final int s) {
        final int h = VxlanHeader.check(hb, hoff, total);
        if (h == VxlanHeader.TRUNCATED) {
            drops.count(peer, VxlanDrop.TRUNCATED, 0);
            return false;
        }
        if (h == VxlanHeader.NO_I_FLAG) {
            drops.count(peer, VxlanDrop.NO_I_FLAG, 0);
            return false;
        }
        if (truncated) {
            drops.count(peer, VxlanDrop.INNER_OVERSIZE_RX, 0);
            return false;
        }
        final int inner = total - VxlanHeader.LENGTH;
        if (inner < 14) {
            drops.count(peer, VxlanDrop.INNER_RUNT, 0);
            return false;
        }
        final int vlan = vnis.vlanOf(VxlanHeader.vni(hb, hoff));
        if (vlan < 0) {
            drops.count(peer, VxlanDrop.UNKNOWN_VNI, 0);
            return false;
        }
        final RxBatch rx = agent.rx;
        final int off = RxBatch.offset(s);
        final int type = rx.buffer.getShort(off + 12) & 0xFFFF;
        if (type == 0x8100 || type == 0x88A8) {
            drops.count(peer, VxlanDrop.INNER_TAGGED, 0);
            return false;
        }
        int len = inner;
        if (vlan != 0) {
            // the VNI's VLAN is carried tagged on the peer's port: insert its tag after the MAC addresses
            rx.buffer.get(off + 12, shift, 0, inner - 12);
            rx.buffer.put(off + 16, shift, 0, inner - 12);
            rx.buffer.putShort(off + 12, (short) 0x8100);
            rx.buffer.putShort(off + 14, (short) vlan);
            len += 4;
        }
        peer.rxFrames++;
        peer.rxBytes += inner;
        peer.lastRxNanos = agent.loop.nowNanos;
        rx.length(s, len);
        agent.ingress.frame(peer.self, s);
        return true;
    }

    // ------------------------------------------------------------------ coalesced receive (UDP_GRO)

    /**
     * Reads up to {@link #RX_BATCHES} recvmmsg of whole (possibly coalesced) datagrams into the arena and forwards
     * their segments; what a paused receiver left unread is forwarded first.
     */
    private void receiveCoalesced() {
        for (int b = 0; b < RX_BATCHES; b++) {
            if (groNext < groCount && !forwardCoalesced()) {
                return; // a receiver paused the tunnel: the rest waits in the arena (the VTEP's backlog)
            }
            if (!uplink.reading()) {
                return;
            }
            for (int m = 0; m < GRO_MESSAGES; m++) {
                groVector.name(m, rxNames.address() + (long) m * SockaddrIn.LENGTH, SockaddrIn.LENGTH);
                groVector.control(m, groControl.address() + (long) m * UdpOffload.CMSG_SPACE, UdpOffload.CMSG_SPACE);
                groVector.clearFlags(m);
            }
            final int n = libc.recvmmsg(fd, groVector.address(0), GRO_MESSAGES, Native.MSG_DONTWAIT, 0);
            if (n <= 0) {
                return;
            }
            groCount = n;
            groNext = 0;
            groOffset = 0;
            if (!forwardCoalesced() || n < GRO_MESSAGES) {
                return;
            }
        }
    }

    /**
     * Forwards the segments of arena messages [{@link #groNext}, {@link #groCount}), each copied into a receive
     * slot, flushing every {@link RxBatch#SLOTS} frames; false when the VTEP that was flushed got paused with
     * segments left (they wait, the VTEP on the ingress backlog, until it is resumed).
     */
    boolean forwardCoalesced() {
        groWaiter = null;
        final RxBatch rx = agent.rx;
        final ByteBuffer arena = groArena.buffer();
        int s = 0;
        VxlanPeerTransport last = null;
        while (groNext < groCount) {
            final int m = groNext;
            final int total = groVector.length(m);
            if (groOffset == 0) {
                groPeer = source(m);
                if (groPeer != null && (groVector.flags(m) & Native.MSG_TRUNC) != 0) {
                    drops.count(groPeer, VxlanDrop.INNER_OVERSIZE_RX, 0);
                    groPeer = null;
                }
            }
            final VxlanPeerTransport peer = groPeer;
            if (peer == null || peer.self.dead) {
                groNext++;
                groOffset = 0;
                continue;
            }
            int seg = UdpOffload.segmentSize(groControl, m * UdpOffload.CMSG_SPACE, groVector.controlLength(m));
            if (seg <= 0 || seg >= total) {
                seg = total; // one datagram, not coalesced
            } else if (groOffset == 0) {
                coalescedReceives++;
            }
            while (groOffset < total) {
                final int at = m * GRO_BUFFER + groOffset;
                final int len = Math.min(seg, total - groOffset);
                groOffset += len;
                final int inner = len - VxlanHeader.LENGTH;
                final boolean tooLong = inner > SwitchSettings.MAX_FRAME - 4;
                if (inner > 0 && !tooLong) {
                    NativeMemory.copy(groArena.address() + at + VxlanHeader.LENGTH, rx.address(s), inner);
                }
                if (forward(peer, arena, at, len, tooLong, s)) {
                    s++;
                    last = peer;
                }
                if (s == RxBatch.SLOTS) {
                    agent.batcher.flush(last.self);
                    s = 0;
                    if (last.self.pausedBy != null && (groOffset < total || groNext + 1 < groCount)) {
                        if (groOffset >= total) {
                            groNext++;
                            groOffset = 0;
                        }
                        groWaiter = last;
                        agent.ingress.backlog(last.self);
                        return false;
                    }
                    last = null;
                }
            }
            groNext++;
            groOffset = 0;
        }
        if (last != null) {
            agent.batcher.flush(last.self);
        }
        return true;
    }

    /**
     * Whether segments read from the tunnel wait for {@code peer}: a receiver paused it while a coalesced datagram
     * was being split (see {@link #forwardCoalesced}); only that VTEP's backlog entry resumes them.
     */
    boolean waitsFor(final VxlanPeerTransport peer) {
        return groWaiter == peer && groNext < groCount;
    }

    void free() {
        rxVector.free();
        rxHeaders.free();
        rxNames.free();
        if (groVector != null) {
            groVector.free();
            groArena.free();
            groControl.free();
        }
    }
}
