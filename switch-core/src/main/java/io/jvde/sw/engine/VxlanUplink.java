package io.jvde.sw.engine;

import io.jvde.sw.fdb.MacTable;
import io.jvde.primitives.Mac48;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.sw.vxlan.VxlanControl;
import io.jvde.sw.vxlan.VxlanDrop;
import io.jvde.sw.vxlan.VxlanHeader;
import io.jvde.sw.vxlan.VxlanSettings;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrIn;
import io.jvde.vde.sys.UdpOffload;
import io.jvde.vde.sys.UdpSocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The VXLAN uplink (RFC 7348): one non-blocking UDP socket in the loop's epoll set, read with recvmmsg straight into
 * the engine's receive slots (the 8-byte header into a side buffer) and written with sendmmsg, the header in front of
 * the frame's own iovecs. Each remote VTEP is a {@link VxlanPeerTransport} on its own port; this class owns the
 * socket, maps VNI to VLAN both ways, recognises the sender of each datagram and counts drops by reason.
 * With the UDP offloads ({@link VxlanSettings#offload()}), runs of equal-sized datagrams leave in one UDP_SEGMENT
 * send, and the socket (UDP_GRO) is read into a 64 KiB-per-message arena instead, each coalesced buffer split into
 * its datagrams and each inner frame copied into a receive slot: one skb and one syscall carry many frames, which is
 * what the kernel's per-datagram cost needed. Loop thread only; nothing is allocated per frame.
 */
final class VxlanUplink implements EventLoop.Handler, VxlanControl {
    /** VTEPs learned from the multicast group at most (each takes a port). */
    static final int MAX_LEARNED = 64;
    /** Receive buffer of the send-only sockets: nothing is read from them (the peers send to the local port). */
    private static final int SEND_ONLY_RCVBUF = 4096;
    /** Batches read from the tunnel socket per wakeup at most: it carries many ports' traffic, read it eagerly. */
    static final int RX_BATCHES = 4;
    private static final int TX_IOVECS = 4;
    private static final com.kenai.jffi.MemoryIO IO = com.kenai.jffi.MemoryIO.getInstance();

    final VxlanSettings settings;
    private final SwitchAgent agent;
    private final LibC libc = Native.libc();
    private final int fd;
    /**
     * Sockets that send: [0] is {@link #fd}; more on ephemeral ports when flows are spread over source ports
     * (package-private: a test makes the kernel refuse segmented sends on them).
     */
    final int[] sendFds;
    /** The UDP port of each of {@link #sendFds} (our own datagrams come back from one of these). */
    private final int[] sendPorts;
    private final int[] txSocket = new int[Attachment.TX_BATCH];
    private int key = -1;
    private final int ifindex;

    /** VNI per VLAN (-1 = not mapped); VNIs and their VLANs sorted by VNI. */
    private final int[] vniOfVlan = new int[4096];
    private final int[] vnis;
    private final int[] vlanOfVni;

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
    VxlanPeerTransport groWaiter;

    // send: iov 0 = header from txHeaders, then the frame's pieces without its tag
    private final MmsgVector txVector = new MmsgVector(Attachment.TX_BATCH, TX_IOVECS);
    private final NativeMemory txHeaders = NativeMemory.allocate(Attachment.TX_BATCH * VxlanHeader.LENGTH);
    private final int[] txInput = new int[Attachment.TX_BATCH];
    /** Per message of {@link #txVector}: its UDP payload length (header + inner frame). */
    private final int[] txLength = new int[Attachment.TX_BATCH];

    // segmented send (UDP_SEGMENT): one message per run of equal-sized datagrams through one socket
    private final MmsgVector gsoVector = new MmsgVector(Attachment.TX_BATCH, Attachment.TX_BATCH * TX_IOVECS);
    private final NativeMemory gsoControl = NativeMemory.allocate(Attachment.TX_BATCH * UdpOffload.CMSG_SPACE);
    /** Per message of {@link #gsoVector}: its first message of {@link #txVector}, how many, and its socket. */
    private final int[] gsoFirst = new int[Attachment.TX_BATCH];
    private final int[] gsoCount = new int[Attachment.TX_BATCH];
    private final int[] gsoSocket = new int[Attachment.TX_BATCH];
    /** Segmented sends on: settings.offload() until the kernel refuses one. */
    private boolean gso;
    /** Segmented sends made, and datagrams received coalesced (more than one segment): the offloads at work. */
    long segmentedSends;
    long coalescedReceives;
    /** Set by {@link #sendSegmented} when the socket is full. */
    private boolean txBlocked;

    private final List<VxlanPeerTransport> peers = new ArrayList<>();
    private VxlanPeerTransport[] peerArray = new VxlanPeerTransport[0];
    private int learnedCount;
    final long[] drops = new long[VxlanDrop.COUNT];
    private final boolean[] logged = new boolean[VxlanDrop.COUNT];
    private boolean wantWrite;
    /** What epoll watches the socket for: EPOLLIN unless a VTEP is paused, EPOLLOUT while frames wait to go. */
    private int socketInterest = Native.EPOLLIN;
    /** SO_MEMINFO's answer (u32[SK_MEMINFO_VARS] and its length), read on the control path. */
    private final NativeMemory meminfo = NativeMemory.allocate(Native.SK_MEMINFO_VARS * 4 + 4);
    /** The kernel's drop count of the tunnel socket when it was opened (SO_MEMINFO), and the sizes it granted. */
    private final long skDropsAtStart;
    private final int rcvbuf;
    private final int sndbuf;

    VxlanUplink(final VxlanSettings settings, final SwitchAgent agent) {
        this.settings = settings;
        this.agent = agent;
        java.util.Arrays.fill(vniOfVlan, -1);
        final Map<Integer, Integer> map = settings.vniToVlan();
        vnis = new int[map.size()];
        vlanOfVni = new int[map.size()];
        int i = 0;
        for (final Map.Entry<Integer, Integer> m : map.entrySet()) {
            vnis[i] = m.getKey();
            vlanOfVni[i] = m.getValue();
            vniOfVlan[m.getValue()] = m.getKey();
            i++;
        }
        // a multicast group is received only on a socket bound to the wildcard address (or the group)
        fd = UdpSocket.open(settings.group() != 0 ? 0 : settings.localAddress(), settings.localPort());
        try {
            // UDP has no back-pressure: bursts from the VTEPs wait here while this thread is not scheduled
            rcvbuf = UdpSocket.setBuffer(fd, true, settings.socketBuffer());
            sndbuf = UdpSocket.setBuffer(fd, false, settings.socketBuffer());
            ifindex = settings.groupInterface() == null ? 0 : UdpSocket.interfaceIndex(settings.groupInterface());
            if (settings.group() != 0) {
                UdpSocket.joinGroup(fd, settings.group(), ifindex, settings.ttl());
            }
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
        sendFds = new int[settings.sourcePorts()];
        sendFds[0] = fd;
        for (int f = 1; f < sendFds.length; f++) {
            try {
                sendFds[f] = UdpSocket.open(settings.localAddress(), 0);
                UdpSocket.setBuffer(sendFds[f], false, settings.socketBuffer());
                UdpSocket.setBuffer(sendFds[f], true, SEND_ONLY_RCVBUF);
                if (settings.group() != 0) {
                    UdpSocket.multicastSender(sendFds[f], ifindex, settings.ttl());
                }
            } catch (RuntimeException e) {
                for (int j = 0; j < f; j++) {
                    libc.close(sendFds[j]);
                }
                throw e;
            }
        }
        sendPorts = new int[sendFds.length];
        sendPorts[0] = settings.localPort();
        for (int f = 1; f < sendFds.length; f++) {
            sendPorts[f] = UdpSocket.localPort(sendFds[f]);
        }
        for (int s = 0; s < RxBatch.SLOTS; s++) {
            rxVector.iov(s, 0, rxHeaders.address() + (long) s * VxlanHeader.LENGTH, VxlanHeader.LENGTH);
            // 4 bytes kept free so a tag can be inserted for a VNI mapped to a tagged VLAN
            rxVector.iov(s, 1, agent.rx.address(s), SwitchSettings.MAX_FRAME - 4);
            rxVector.iovCount(s, 2);
        }
        skDropsAtStart = kernelDrops();
        gso = settings.offload();
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

    /**
     * Datagrams the kernel dropped at the tunnel socket (its receive buffer was full), the counter /proc/net/udp
     * shows as "drops", read with SO_MEMINFO; -1 when the kernel cannot tell.
     */
    private long kernelDrops() {
        meminfo.putIntLE(Native.SK_MEMINFO_VARS * 4, Native.SK_MEMINFO_VARS * 4);
        if (libc.getsockopt(fd, Native.SOL_SOCKET, Native.SO_MEMINFO, meminfo.address(),
            meminfo.address() + Native.SK_MEMINFO_VARS * 4) < 0) {
            return -1;
        }
        return meminfo.getIntLE(Native.SK_MEMINFO_DROPS * 4) & 0xFFFFFFFFL;
    }

    /** Brings the rcvbuf-overflow count up to date (control path: console, metrics, housekeeping). */
    private void readOverflows() {
        final long k = kernelDrops();
        if (k >= 0 && skDropsAtStart >= 0) {
            final long n = (k - skDropsAtStart) & 0xFFFFFFFFL;
            if (n > drops[VxlanDrop.RCVBUF_OVERFLOW.ordinal()]) {
                drops[VxlanDrop.RCVBUF_OVERFLOW.ordinal()] = n;
                if (!logged[VxlanDrop.RCVBUF_OVERFLOW.ordinal()]) {
                    logged[VxlanDrop.RCVBUF_OVERFLOW.ordinal()] = true;
                    agent.log.log("vxlan: the kernel dropped " + n + " datagram(s) (a coalesced train counts once) at "
                        + "the tunnel socket: its "
                        + rcvbuf + "-byte receive buffer was full (raise --vxlan-sockbuf; counted in vxlan/print as "
                        + "rcvbuf_overflow; logged once)");
                }
            }
        }
    }

    /**
     * Housekeeping (every 20 ms): reads the kernel's overflow count (one getsockopt), and detaches VTEPs learned
     * from the group that sent nothing for the MAC aging time, as their MACs would age (RFC 7348 §4.2).
     */
    void tick(final long now) {
        readOverflows();
        final long maxSilence = agent.macTable.ageNanos(); // the MAC age now (hash/setexpire changes it)
        for (final VxlanPeerTransport p : peerArray) {
            if (p.kind == VxlanPeerTransport.Kind.LEARNED && now - p.lastRxNanos > maxSilence && !p.self.dead) {
                agent.log.log("port " + p.self.port() + ": " + p.description() + " silent for "
                    + maxSilence / 1_000_000_000L + " s, forgotten");
                detachPeer(p, "aged out");
            }
        }
    }

    /** Registers the socket and attaches the group and the static peers. */
    void start() {
        key = agent.loop.register(fd, Native.EPOLLIN, this);
        if (settings.group() != 0) {
            attachPeer(VxlanPeerTransport.Kind.GROUP, settings.group(), settings.localPort());
        }
        for (final VxlanSettings.Peer p : settings.peers()) {
            attachPeer(VxlanPeerTransport.Kind.STATIC, p.address, p.port);
        }
        agent.log.log("vxlan: listening on " + SockaddrIn.text(settings.localAddress()) + ":" + settings.localPort()
            + (settings.group() != 0 ? " group " + SockaddrIn.text(settings.group()) : "") + ", "
            + peers.size() + " peer(s), vni " + settings.vniToVlan() + ", " + sendFds.length + " source port(s), "
            + "socket buffers rcv " + rcvbuf + " snd " + sndbuf + " bytes, " + offloadText());
        if (settings.offload() && groVector == null) {
            agent.log.log("vxlan: the kernel refused UDP_GRO on the tunnel socket (Linux 5.0 or later has it): "
                + "reading one datagram per frame");
        }
        if (rcvbuf < settings.socketBuffer()) {
            agent.log.log("vxlan: the receive buffer is " + rcvbuf + " bytes, not the " + settings.socketBuffer()
                + " asked for (not root: capped by net.core.rmem_max); bursts may overflow it");
        }
    }

    /** The UDP offloads in use, e.g. "offload segmented sends on, coalesced receive on". */
    private String offloadText() {
        return "offload segmented sends " + (gso ? "on" : "off") + " (" + segmentedSends + " made), coalesced receive "
            + (groVector != null ? "on" : "off") + " (" + coalescedReceives + " datagrams)";
    }

    private VxlanPeerTransport attachPeer(final VxlanPeerTransport.Kind kind, final int address, final int port) {
        final PortRegistry registry = agent.registry;
        // after the switch's configured ports, so clients keep getting ports 1, 2, ... in order
        int p = registry.autoPortFrom(agent.settings.numPorts());
        if (p < 0) {
            p = registry.autoPort();
        }
        if (p < 0) {
            throw new IllegalArgumentException("vxlan peer " + SockaddrIn.text(address) + ": no free port");
        }
        final VxlanPeerTransport t = new VxlanPeerTransport(this, kind, address, port);
        t.lastRxNanos = agent.loop.nowNanos;
        final Attachment e = registry.newAttachment(registry.nextEndpointId(), p, t, 0, SwitchAgent.QUEUE_CAPACITY);
        t.self = e;
        registry.attach(e);
        e.interest = Native.EPOLLIN; // read until back-pressure pauses this VTEP (see updateInterest)
        configureVlans(p);
        peers.add(t);
        peerArray = peers.toArray(new VxlanPeerTransport[0]);
        if (kind == VxlanPeerTransport.Kind.LEARNED) {
            learnedCount++;
        }
        agent.log.log("port " + p + ": " + t.description() + " attached");
        agent.registry.observer.link(p, "vxlan", t.peerText(), true, null);
        return t;
    }

    /** The port carries VLAN 0 untagged when it is mapped, every other mapped VLAN tagged. */
    private void configureVlans(final int port) {
        final VlanTable vlans = agent.vlanTable;
        if (vniOfVlan[0] < 0) {
            vlans.setUntagged(port, VlanTable.NONE);
        }
        for (final int vlan : vlanOfVni) {
            if (vlan != 0) {
                if (!vlans.isDefined(vlan)) {
                    vlans.create(vlan);
                }
                vlans.addTagged(vlan, port);
            }
        }
    }

    /** A peer's endpoint was torn down. */
    void forget(final VxlanPeerTransport t) {
        if (peers.remove(t)) {
            agent.registry.observer.link(t.self.port(), "vxlan", t.peerText(), false,
                t.self.deathReason != null ? t.self.deathReason : "removed");
            peerArray = peers.toArray(new VxlanPeerTransport[0]);
            if (t.kind == VxlanPeerTransport.Kind.LEARNED) {
                learnedCount--;
            }
            updateInterest();
        }
    }

    private boolean isOwnPort(final int port) {
        for (final int p : sendPorts) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    private VxlanPeerTransport find(final int address) {
        final VxlanPeerTransport[] a = peerArray;
        for (int i = 0; i < a.length; i++) {
            if (a[i].address == address && a[i].kind != VxlanPeerTransport.Kind.GROUP) {
                return a[i];
            }
        }
        return null;
    }

    private int vlanOf(final int vni) {
        int lo = 0;
        int hi = vnis.length - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (vnis[mid] < vni) {
                lo = mid + 1;
            } else if (vnis[mid] > vni) {
                hi = mid - 1;
            } else {
                return vlanOfVni[mid];
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ receive

    @Override
    public void onReady(final int events) {
        if ((events & Native.EPOLLOUT) != 0) {
            drainQueues();
        }
        if ((events & (Native.EPOLLIN | Native.EPOLLERR)) != 0 && (socketInterest & Native.EPOLLIN) != 0) {
            receive();
        }
    }

    private void receive() {
        if (groVector != null) {
            receiveCoalesced();
            return;
        }
        for (int b = 0; b < RX_BATCHES && (socketInterest & Native.EPOLLIN) != 0; b++) {
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
            drop(null, VxlanDrop.NOT_IPV4, 0);
            return null;
        }
        final int src = SockaddrIn.address(names, nameOff);
        if (src == settings.localAddress() && isOwnPort(SockaddrIn.port(names, nameOff))) {
            drop(null, VxlanDrop.OWN_ECHO, 0);
            return null;
        }
        final VxlanPeerTransport peer = find(src);
        if (peer != null) {
            return peer;
        }
        if (settings.group() == 0 || learnedCount >= MAX_LEARNED) {
            drop(null, VxlanDrop.UNKNOWN_VTEP, src);
            return null;
        }
        return attachPeer(VxlanPeerTransport.Kind.LEARNED, src, settings.localPort()); // once per VTEP
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
            drop(peer, VxlanDrop.TRUNCATED, 0);
            return false;
        }
        if (h == VxlanHeader.NO_I_FLAG) {
            drop(peer, VxlanDrop.NO_I_FLAG, 0);
            return false;
        }
        if (truncated) {
            drop(peer, VxlanDrop.INNER_OVERSIZE_RX, 0);
            return false;
        }
        final int inner = total - VxlanHeader.LENGTH;
        if (inner < 14) {
            drop(peer, VxlanDrop.INNER_RUNT, 0);
            return false;
        }
        final int vlan = vlanOf(VxlanHeader.vni(hb, hoff));
        if (vlan < 0) {
            drop(peer, VxlanDrop.UNKNOWN_VNI, 0);
            return false;
        }
        final RxBatch rx = agent.rx;
        final int off = RxBatch.offset(s);
        final int type = rx.buffer.getShort(off + 12) & 0xFFFF;
        if (type == 0x8100 || type == 0x88A8) {
            drop(peer, VxlanDrop.INNER_TAGGED, 0);
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
            if ((socketInterest & Native.EPOLLIN) == 0) {
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
                    drop(groPeer, VxlanDrop.INNER_OVERSIZE_RX, 0);
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

    /** Whether segments read from the tunnel wait for a paused receiver (see {@link #forwardCoalesced}). */
    boolean coalescedLeft() {
        return groNext < groCount;
    }

    // ------------------------------------------------------------------ send

    /**
     * Sends frames [0, n) of {@code v} to {@code peer}, each behind a VXLAN header for its VLAN's VNI and without its
     * tag (RFC 7348 §6.1: no inner tag). Frames of unmapped VLANs and frames over the inner MTU are dropped and
     * counted (taken); returns how many were taken, fewer only when the socket is full.
     */
    int send(final VxlanPeerTransport peer, final MmsgVector v, final int n) {
        final ByteBuffer hb = txHeaders.buffer();
        int m = 0;
        for (int k = 0; k < n; k++) {
            final int pieces = v.iovCountOf(k);
            int total = 0;
            for (int j = 0; j < pieces; j++) {
                total += v.iovLength(k, j);
            }
            final int type = ((byteAt(v, k, pieces, 12) & 0xFF) << 8) | (byteAt(v, k, pieces, 13) & 0xFF);
            final boolean tagged = type == 0x8100;
            final int vlan = tagged
                ? ((byteAt(v, k, pieces, 14) & 0x0F) << 8) | (byteAt(v, k, pieces, 15) & 0xFF) : 0;
            final int vni = vniOfVlan[vlan];
            if (vni < 0) {
                drop(peer, VxlanDrop.NO_VNI, 0);
                continue;
            }
            final int inner = tagged ? total - 4 : total;
            if (inner - 14 > settings.innerMtu()) {
                if (drop(peer, VxlanDrop.INNER_MTU, 0)) {
                    agent.log.log("vxlan: dropping a " + inner + "-byte frame to " + peer.description()
                        + ": larger than inner MTU " + settings.innerMtu() + " allows (" + (settings.innerMtu() + 14)
                        + " bytes with the Ethernet header); raise --vxlan-mtu for a jumbo underlay"
                        + " (counted in vxlan/print; logged once)");
                }
                continue;
            }
            VxlanHeader.write(hb, m * VxlanHeader.LENGTH, vni);
            txVector.name(m, peer.sockaddr.address(), SockaddrIn.LENGTH);
            txVector.iov(m, 0, txHeaders.address() + (long) m * VxlanHeader.LENGTH, VxlanHeader.LENGTH);
            int out = 1;
            int pos = 0;
            for (int j = 0; j < pieces; j++) {
                final long base = v.iovBase(k, j);
                final int plen = v.iovLength(k, j);
                final int end = pos + plen;
                if (!tagged || end <= 12 || pos >= 16) {
                    out = piece(m, out, base, plen);
                } else {
                    // cut logical bytes [12, 16), the tag, out of this piece
                    if (pos < 12) {
                        out = piece(m, out, base, 12 - pos);
                    }
                    if (end > 16) {
                        out = piece(m, out, base + (16 - pos), end - 16);
                    }
                }
                pos = end;
            }
            txVector.iovCount(m, out);
            txLength[m] = VxlanHeader.LENGTH + inner;
            txInput[m] = k;
            txSocket[m] = sendFds.length == 1 ? 0
                : Integer.remainderUnsigned(flowHash(v, k, pieces, tagged), sendFds.length);
            m++;
        }
        int sent = 0;
        if (gso && m > 1) {
            txBlocked = false;
            sent = sendSegmented(peer, m);
            if (txBlocked) {
                return txInput[sent];
            }
        }
        while (sent < m) {
            int run = sent + 1; // a run of messages that leave through the same socket
            while (run < m && txSocket[run] == txSocket[sent]) {
                run++;
            }
            final int r = libc.sendmmsg(sendFds[txSocket[sent]], txVector.address(sent), run - sent,
                Native.MSG_DONTWAIT);
            if (r > 0) {
                for (int j = sent; j < sent + r; j++) {
                    peer.txFrames++;
                    peer.txBytes += txVector.length(j) - VxlanHeader.LENGTH;
                }
                sent += r;
                continue;
            }
            final int err = Native.errno();
            if (err == Native.EAGAIN || err == Native.EINTR || err == Native.ENOBUFS) {
                if (!wantWrite) {
                    wantWrite = true;
                    updateInterest();
                }
                return txInput[sent];
            }
            if (drop(peer, VxlanDrop.SEND_ERROR, 0)) {
                agent.log.log("vxlan: send to " + peer.description() + " failed: " + Native.strerror(err)
                    + " (counted in vxlan/print; logged once)");
            }
            sent++; // that datagram is lost; the rest may still go
        }
        return n;
    }

    /**
     * Sends messages [0, m) of {@link #txVector} with UDP_SEGMENT: each run of equal-sized datagrams that leave
     * through the same socket becomes one message the kernel cuts into those datagrams. Returns how many of the
     * messages went; fewer when the socket is full ({@link #txBlocked}) or the kernel refused a segmented send (then
     * segmentation is off from now on, logged once, and the caller sends the rest one datagram each).
     */
    private int sendSegmented(final VxlanPeerTransport peer, final int m) {
        int g = 0;
        for (int i = 0; i < m;) {
            final int len = txLength[i];
            int j = i + 1;
            while (j < m && txSocket[j] == txSocket[i] && txLength[j] == len && j - i < UdpOffload.MAX_SEGMENTS
                && (j - i + 1) * len <= UdpOffload.MAX_PAYLOAD) {
                j++;
            }
            gsoVector.name(g, peer.sockaddr.address(), SockaddrIn.LENGTH);
            int out = 0;
            for (int k = i; k < j; k++) {
                for (int p = 0, pieces = txVector.iovCountOf(k); p < pieces; p++) {
                    gsoVector.iov(g, out++, txVector.iovBase(k, p), txVector.iovLength(k, p));
                }
            }
            gsoVector.iovCount(g, out);
            if (j - i > 1) {
                UdpOffload.writeSegmentSize(gsoControl, g * UdpOffload.CMSG_SPACE, len);
                gsoVector.control(g, gsoControl.address() + (long) g * UdpOffload.CMSG_SPACE, UdpOffload.CMSG_SPACE);
            } else {
                gsoVector.control(g, 0, 0);
            }
            gsoFirst[g] = i;
            gsoCount[g] = j - i;
            gsoSocket[g] = txSocket[i];
            g++;
            i = j;
        }
        int sent = 0;
        while (sent < g) {
            int run = sent + 1;
            while (run < g && gsoSocket[run] == gsoSocket[sent]) {
                run++;
            }
            final int r = libc.sendmmsg(sendFds[gsoSocket[sent]], gsoVector.address(sent), run - sent,
                Native.MSG_DONTWAIT);
            if (r > 0) {
                for (int x = sent; x < sent + r; x++) {
                    if (gsoCount[x] > 1) {
                        segmentedSends++;
                    }
                    for (int k = gsoFirst[x]; k < gsoFirst[x] + gsoCount[x]; k++) {
                        peer.txFrames++;
                        peer.txBytes += txLength[k] - VxlanHeader.LENGTH;
                    }
                }
                sent += r;
                continue;
            }
            final int err = Native.errno();
            if (err == Native.EAGAIN || err == Native.EINTR || err == Native.ENOBUFS) {
                txBlocked = true;
                if (!wantWrite) {
                    wantWrite = true;
                    updateInterest();
                }
            } else if (gsoCount[sent] > 1) {
                gso = false;
                agent.log.log("vxlan: the kernel refused a segmented send (UDP_SEGMENT) to " + peer.description()
                    + ": " + Native.strerror(err) + "; sending one datagram per call from now on (logged once)");
            }
            return gsoFirst[sent]; // a plain message that failed: the caller's loop retries and counts it
        }
        return m;
    }

    /**
     * A hash of the inner flow (RFC 7348 §5, source port entropy): the MAC addresses and, for IPv4, the addresses,
     * the protocol and, for TCP and UDP, the ports; the same flow always leaves through the same source port.
     */
    private static int flowHash(final MmsgVector v, final int k, final int pieces, final boolean tagged) {
        int h = 0x9747b28c;
        for (int i = 0; i < 12; i++) {
            h = (h ^ byteAt(v, k, pieces, i)) * 0x01000193;
        }
        final int l3 = tagged ? 18 : 14;
        final int type = ((byteAt(v, k, pieces, l3 - 2) & 0xFF) << 8) | (byteAt(v, k, pieces, l3 - 1) & 0xFF);
        if (type == 0x0800) {
            final int ihl = (byteAt(v, k, pieces, l3) & 0x0F) * 4;
            final int proto = byteAt(v, k, pieces, l3 + 9) & 0xFF;
            for (int i = 12; i < 20; i++) {
                h = (h ^ byteAt(v, k, pieces, l3 + i)) * 0x01000193;
            }
            h = (h ^ proto) * 0x01000193;
            if (proto == 6 || proto == 17) {
                for (int i = 0; i < 4; i++) {
                    h = (h ^ byteAt(v, k, pieces, l3 + ihl + i)) * 0x01000193;
                }
            }
        }
        return h ^ (h >>> 16);
    }

    private int piece(final int m, final int out, final long base, final int len) {
        if (len > 0) {
            txVector.iov(m, out, base, len);
            return out + 1;
        }
        return out;
    }

    /** Byte {@code at} of frame {@code k} as its iovecs lay it out (-1 past the end). */
    private static int byteAt(final MmsgVector v, final int k, final int pieces, final int at) {
        int pos = 0;
        for (int j = 0; j < pieces; j++) {
            final int len = v.iovLength(k, j);
            if (at < pos + len) {
                return IO.getByte(v.iovBase(k, j) + (at - pos));
            }
            pos += len;
        }
        return -1;
    }

    /** EPOLLOUT: the socket takes data again; send what the peers queued. */
    private void drainQueues() {
        boolean pending = false;
        for (final VxlanPeerTransport p : peerArray) {
            if (p.self.queueCount > 0 && !p.self.dead) {
                agent.backPressure.drain(p.self);
                pending |= p.self.queueCount > 0;
            }
        }
        if (!pending) {
            wantWrite = false;
            updateInterest();
        }
    }

    /**
     * Back-pressure across the tunnel: while any VTEP's frames are paused (a local receiver's queue is full), the
     * socket is not read, so datagrams wait in its receive buffer (--vxlan-sockbuf) instead of being dropped at the
     * full queue; the stall timeout still releases a receiver that stopped reading. EPOLLOUT while frames are
     * queued.
     */
    void updateInterest() {
        boolean paused = false;
        boolean out = wantWrite;
        for (final VxlanPeerTransport p : peerArray) {
            paused |= (p.self.interest & Native.EPOLLIN) == 0;
            out |= (p.self.interest & Native.EPOLLOUT) != 0;
        }
        final int ev = (paused ? 0 : Native.EPOLLIN) | (out ? Native.EPOLLOUT : 0);
        if (ev != socketInterest && key >= 0) {
            socketInterest = ev;
            agent.loop.modify(fd, ev, key);
        }
    }

    /** Counts a drop (per peer when known); true the first time the reason is seen (log it once). */
    private boolean drop(final VxlanPeerTransport peer, final VxlanDrop reason, final int source) {
        drops[reason.ordinal()]++;
        if (peer != null) {
            peer.drops[reason.ordinal()]++;
        }
        if (logged[reason.ordinal()]) {
            return false;
        }
        logged[reason.ordinal()] = true;
        if (reason != VxlanDrop.INNER_MTU && reason != VxlanDrop.SEND_ERROR) {
            agent.log.log("vxlan: dropping datagrams: " + reason.label()
                + (peer != null ? " from " + peer.description() : "")
                + (source != 0 ? " from " + SockaddrIn.text(source) : "")
                + " (counted in vxlan/print; logged once)");
        }
        return true;
    }

    // ------------------------------------------------------------------ console

    @Override
    public VxlanSettings settings() {
        return settings;
    }

    @Override
    public List<io.jvde.sw.vxlan.VxlanPeerStats> peerStats() {
        final List<io.jvde.sw.vxlan.VxlanPeerStats> out = new ArrayList<>();
        for (final VxlanPeerTransport p : peerArray) {
            out.add(new io.jvde.sw.vxlan.VxlanPeerStats(SockaddrIn.text(p.address), p.udpPort,
                p.kind.name().toLowerCase(java.util.Locale.ROOT), p.self.port(), p.rxFrames, p.rxBytes, p.txFrames,
                p.txBytes, dropMap(p.drops)));
        }
        return out;
    }

    @Override
    public Map<String, Long> drops() {
        readOverflows();
        return dropMap(drops);
    }

    private static Map<String, Long> dropMap(final long[] counts) {
        final Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (final VxlanDrop d : VxlanDrop.values()) {
            if (counts[d.ordinal()] != 0) {
                m.put(d.name().toLowerCase(java.util.Locale.ROOT), counts[d.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public int[] sourcePorts() {
        return sendPorts.clone();
    }

    @Override
    public int[] ports() {
        final int[] p = new int[peerArray.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = peerArray[i].self.port();
        }
        return p;
    }

    @Override
    public int addPeer(final String text) {
        final VxlanSettings.Peer p = VxlanSettings.Peer.parse(text, settings.localPort());
        if (find(p.address) != null) {
            throw new IllegalArgumentException("vxlan peer " + p + ": already a peer");
        }
        return attachPeer(VxlanPeerTransport.Kind.STATIC, p.address, p.port).self.port();
    }

    @Override
    public boolean delPeer(final String address) {
        final int a = SockaddrIn.parse(address.contains(":") ? address.substring(0, address.lastIndexOf(':'))
            : address);
        final VxlanPeerTransport t = find(a);
        if (t == null) {
            return false;
        }
        detachPeer(t, "vxlan/delpeer");
        return true;
    }

    private void detachPeer(final VxlanPeerTransport t, final String reason) {
        final int port = t.self.port();
        t.self.deathReason = reason;
        agent.registry.detach(t.self);
        agent.registry.freePort(agent.registry.ports[port]);
    }

    @Override
    public String print() {
        readOverflows();
        final StringBuilder sb = new StringBuilder();
        sb.append("local ").append(SockaddrIn.text(settings.localAddress())).append(':')
            .append(settings.localPort()).append('\n');
        if (settings.group() != 0) {
            sb.append("group ").append(SockaddrIn.text(settings.group()))
                .append(settings.groupInterface() != null ? " dev " + settings.groupInterface() : "")
                .append(" ttl ").append(settings.ttl()).append('\n');
        }
        sb.append("inner mtu ").append(settings.innerMtu()).append('\n');
        sb.append("socket buffers rcv ").append(rcvbuf).append(" snd ").append(sndbuf).append('\n');
        sb.append(offloadText()).append('\n');
        if (sendFds.length > 1) {
            sb.append("source ports ").append(settings.localPort());
            for (int i = 1; i < sendFds.length; i++) {
                sb.append(' ').append(sendPorts[i]);
            }
            sb.append(" (by inner flow)\n");
        }
        sb.append("dhcp trusted ").append(settings.trusted() ? "yes" : "no").append('\n');
        for (int i = 0; i < vnis.length; i++) {
            sb.append("vni ").append(vnis[i]).append(" vlan ").append(vlanOfVni[i]).append('\n');
        }
        for (final VxlanPeerTransport p : peerArray) {
            sb.append("peer ").append(SockaddrIn.text(p.address)).append(':').append(p.udpPort).append(' ')
                .append(p.kind.name().toLowerCase(java.util.Locale.ROOT)).append(" port ").append(p.self.port())
                .append(" rx ").append(p.rxFrames).append(" frames ").append(p.rxBytes).append(" bytes")
                .append(" tx ").append(p.txFrames).append(" frames ").append(p.txBytes).append(" bytes\n");
            appendDrops(sb, "  drop ", p.drops);
        }
        final MacTable macs = agent.macTable;
        macs.forEach(agent.loop.nowNanos, (slot, vid, mac, port, age) -> {
            for (final VxlanPeerTransport p : peerArray) {
                if (p.self.port() == port) {
                    sb.append("mac ").append(Mac48.toString(mac)).append(" vlan ").append(vid).append(" vtep ")
                        .append(SockaddrIn.text(p.address)).append(" port ").append(port).append(" age ")
                        .append(age / 1_000_000_000L).append("s\n");
                }
            }
        });
        appendDrops(sb, "drop ", drops);
        return sb.toString();
    }

    private static void appendDrops(final StringBuilder sb, final String prefix, final long[] counts) {
        for (final VxlanDrop d : VxlanDrop.values()) {
            if (counts[d.ordinal()] != 0) {
                sb.append(prefix).append(d.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(counts[d.ordinal()]).append('\n');
            }
        }
    }

    void close() {
        if (key >= 0) {
            agent.loop.unregister(fd, key);
        }
        for (final int s : sendFds) {
            libc.close(s);
        }
        rxVector.free();
        txVector.free();
        rxHeaders.free();
        rxNames.free();
        txHeaders.free();
        gsoVector.free();
        gsoControl.free();
        if (groVector != null) {
            groVector.free();
            groArena.free();
            groControl.free();
        }
        meminfo.free();
    }
}
