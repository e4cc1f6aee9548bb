package io.jvde.sw.engine;

import io.jvde.sw.fdb.MacTable;
import io.jvde.primitives.Mac48;
import io.jvde.sw.vxlan.VxlanControl;
import io.jvde.sw.vxlan.VxlanSettings;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.SockaddrIn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The VXLAN uplink (RFC 7348): one non-blocking UDP socket in the loop's epoll set, read with recvmmsg straight into
 * the engine's receive slots (the 8-byte header into a side buffer) and written with sendmmsg, the header in front of
 * the frame's own iovecs. Each remote VTEP is a {@link VxlanPeerTransport} on its own port. This class is the
 * uplink's control: it opens the sockets ({@link VxlanSockets}), decides what epoll watches the tunnel socket for,
 * runs the housekeeping and answers the console ({@code vxlan/} commands); the parts do the work:
 * <ul>
 *   <li>{@link VxlanReceiver} reads the tunnel socket (plain, or UDP_GRO-coalesced datagrams split into frames);</li>
 *   <li>{@link VxlanSender} sends a VTEP's frames (plain, or a run of equal-sized datagrams in one UDP_SEGMENT
 *   send);</li>
 *   <li>{@link VxlanPeers} attaches, finds, ages out and forgets the remote VTEPs;</li>
 *   <li>{@link VxlanVniMap} maps VNI to VLAN both ways; {@link VxlanDrops} counts drops by reason.</li>
 * </ul>
 * With the UDP offloads ({@link VxlanSettings#offload()}) one skb and one syscall carry many frames, which is what the
 * kernel's per-datagram cost needed. Loop thread only; nothing is allocated per frame.
 */
final class VxlanUplink implements EventLoop.Handler, VxlanControl {
    final VxlanSettings settings;
    private final SwitchAgent agent;
    final VxlanSockets sockets;
    final VxlanVniMap vnis;
    final VxlanDrops drops;
    final VxlanPeers peers;
    final VxlanReceiver receiver;
    final VxlanSender sender;
    private int key = -1;
    private boolean wantWrite;
    /** What epoll watches the socket for: EPOLLIN unless a VTEP is paused, EPOLLOUT while frames wait to go. */
    private int socketInterest = Native.EPOLLIN;

    VxlanUplink(final VxlanSettings settings, final SwitchAgent agent) {
        this.settings = settings;
        this.agent = agent;
        vnis = new VxlanVniMap(settings.vniToVlan());
        sockets = new VxlanSockets(settings);
        drops = new VxlanDrops(agent.log);
        peers = new VxlanPeers(this, agent, vnis);
        receiver = new VxlanReceiver(this, agent, sockets, peers, vnis, drops);
        sender = new VxlanSender(this, agent, sockets, vnis, drops);
    }

    /** Brings the rcvbuf-overflow count up to date (control path: console, metrics, housekeeping). */
    private void readOverflows() {
        final long n = sockets.dropsSinceOpen();
        if (n >= 0) {
            drops.rcvbufOverflows(n, sockets.rcvbuf);
        }
    }

    /**
     * Housekeeping (every 20 ms): reads the kernel's overflow count (one getsockopt), and detaches VTEPs learned
     * from the group that sent nothing for the MAC aging time, as their MACs would age (RFC 7348 §4.2).
     */
    void tick(final long now) {
        readOverflows();
        peers.ageOut(now);
    }

    /** Registers the socket and attaches the group and the static peers. */
    void start() {
        key = agent.loop.register(sockets.fd, Native.EPOLLIN, this);
        if (settings.group() != 0) {
            peers.attach(VxlanPeerTransport.Kind.GROUP, settings.group(), settings.localPort());
        }
        for (final VxlanSettings.Peer p : settings.peers()) {
            peers.attach(VxlanPeerTransport.Kind.STATIC, p.address, p.port);
        }
        agent.log.log("vxlan: listening on " + SockaddrIn.text(settings.localAddress()) + ":" + settings.localPort()
            + (settings.group() != 0 ? " group " + SockaddrIn.text(settings.group()) : "") + ", "
            + peers.size() + " peer(s), vni " + settings.vniToVlan() + ", " + sockets.sendFds.length
            + " source port(s), socket buffers rcv " + sockets.rcvbuf + " snd " + sockets.sndbuf + " bytes, "
            + offloadText());
        if (settings.offload() && !receiver.coalesced()) {
            agent.log.log("vxlan: the kernel refused UDP_GRO on the tunnel socket (Linux 5.0 or later has it): "
                + "reading one datagram per frame");
        }
        if (sockets.rcvbuf < settings.socketBuffer()) {
            agent.log.log("vxlan: the receive buffer is " + sockets.rcvbuf + " bytes, not the "
                + settings.socketBuffer() + " asked for (not root: capped by net.core.rmem_max); bursts may "
                + "overflow it");
        }
    }

    /** The UDP offloads in use, e.g. "offload segmented sends on, coalesced receive on". */
    private String offloadText() {
        return "offload segmented sends " + (sender.segmenting() ? "on" : "off") + " (" + sender.segmentedSends
            + " made), coalesced receive " + (receiver.coalesced() ? "on" : "off") + " (" + receiver.coalescedReceives
            + " datagrams)";
    }

    // ------------------------------------------------------------------ the socket's readiness

    @Override
    public void onReady(final int events) {
        if ((events & Native.EPOLLOUT) != 0) {
            drainQueues();
        }
        if ((events & (Native.EPOLLIN | Native.EPOLLERR)) != 0 && reading()) {
            receiver.receive();
        }
    }

    /** Whether epoll watches the tunnel socket for EPOLLIN (no VTEP is paused): the receiver may read it. */
    boolean reading() {
        return (socketInterest & Native.EPOLLIN) != 0;
    }

    /** The sender found a socket full: watch for EPOLLOUT, then send what the peers queued. */
    void awaitWritable() {
        if (!wantWrite) {
            wantWrite = true;
            updateInterest();
        }
    }

    /** EPOLLOUT: the socket takes data again; send what the peers queued. */
    private void drainQueues() {
        boolean pending = false;
        for (final VxlanPeerTransport p : peers.all()) {
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
        for (final VxlanPeerTransport p : peers.all()) {
            paused |= (p.self.interest & Native.EPOLLIN) == 0;
            out |= (p.self.interest & Native.EPOLLOUT) != 0;
        }
        final int ev = (paused ? 0 : Native.EPOLLIN) | (out ? Native.EPOLLOUT : 0);
        if (ev != socketInterest && key >= 0) {
            socketInterest = ev;
            agent.loop.modify(sockets.fd, ev, key);
        }
    }

    // ------------------------------------------------------------------ console

    @Override
    public VxlanSettings settings() {
        return settings;
    }

    @Override
    public List<io.jvde.sw.vxlan.VxlanPeerStats> peerStats() {
        final List<io.jvde.sw.vxlan.VxlanPeerStats> out = new ArrayList<>();
        for (final VxlanPeerTransport p : peers.all()) {
            out.add(new io.jvde.sw.vxlan.VxlanPeerStats(SockaddrIn.text(p.address), p.udpPort,
                p.kind.name().toLowerCase(java.util.Locale.ROOT), p.self.port(), p.rxFrames, p.rxBytes, p.txFrames,
                p.txBytes, VxlanDrops.map(p.drops)));
        }
        return out;
    }

    @Override
    public Map<String, Long> drops() {
        readOverflows();
        return VxlanDrops.map(drops.counts);
    }

    @Override
    public int[] sourcePorts() {
        return sockets.sendPorts.clone();
    }

    @Override
    public int[] ports() {
        final VxlanPeerTransport[] all = peers.all();
        final int[] p = new int[all.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = all[i].self.port();
        }
        return p;
    }

    @Override
    public int addPeer(final String text) {
        final VxlanSettings.Peer p = VxlanSettings.Peer.parse(text, settings.localPort());
        if (peers.find(p.address) != null) {
            throw new IllegalArgumentException("vxlan peer " + p + ": already a peer");
        }
        return peers.attach(VxlanPeerTransport.Kind.STATIC, p.address, p.port).self.port();
    }

    @Override
    public boolean delPeer(final String address) {
        final int a = SockaddrIn.parse(address.contains(":") ? address.substring(0, address.lastIndexOf(':'))
            : address);
        final VxlanPeerTransport t = peers.find(a);
        if (t == null) {
            return false;
        }
        peers.detach(t, "vxlan/delpeer");
        return true;
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
        sb.append("socket buffers rcv ").append(sockets.rcvbuf).append(" snd ").append(sockets.sndbuf).append('\n');
        sb.append(offloadText()).append('\n');
        if (sockets.sendFds.length > 1) {
            sb.append("source ports ").append(settings.localPort());
            for (int i = 1; i < sockets.sendFds.length; i++) {
                sb.append(' ').append(sockets.sendPorts[i]);
            }
            sb.append(" (by inner flow)\n");
        }
        sb.append("dhcp trusted ").append(settings.trusted() ? "yes" : "no").append('\n');
        for (int i = 0; i < vnis.size(); i++) {
            sb.append("vni ").append(vnis.vni(i)).append(" vlan ").append(vnis.vlan(i)).append('\n');
        }
        final VxlanPeerTransport[] all = peers.all();
        for (final VxlanPeerTransport p : all) {
            sb.append("peer ").append(SockaddrIn.text(p.address)).append(':').append(p.udpPort).append(' ')
                .append(p.kind.name().toLowerCase(java.util.Locale.ROOT)).append(" port ").append(p.self.port())
                .append(" rx ").append(p.rxFrames).append(" frames ").append(p.rxBytes).append(" bytes")
                .append(" tx ").append(p.txFrames).append(" frames ").append(p.txBytes).append(" bytes\n");
            VxlanDrops.append(sb, "  drop ", p.drops);
        }
        final MacTable macs = agent.macTable;
        macs.forEach(agent.loop.nowNanos, (slot, vid, mac, port, age) -> {
            for (final VxlanPeerTransport p : all) {
                if (p.self.port() == port) {
                    sb.append("mac ").append(Mac48.toString(mac)).append(" vlan ").append(vid).append(" vtep ")
                        .append(SockaddrIn.text(p.address)).append(" port ").append(port).append(" age ")
                        .append(age / 1_000_000_000L).append("s\n");
                }
            }
        });
        VxlanDrops.append(sb, "drop ", drops.counts);
        return sb.toString();
    }

    void close() {
        if (key >= 0) {
            agent.loop.unregister(sockets.fd, key);
        }
        sockets.close();
        receiver.free();
        sender.free();
    }
}
