package io.jvde.sw.engine;

import io.jvde.sw.vlan.VlanTable;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.SockaddrIn;

import java.util.ArrayList;
import java.util.List;

/**
 * The remote VTEPs of the VXLAN uplink (RFC 7348 §4), each a {@link VxlanPeerTransport} on a port of its own: the
 * multicast group, the static peers and the VTEPs learned from the group. Attaches them (a port, its VLANs), finds
 * the sender of a datagram, ages out silent learned VTEPs and forgets the ones torn down. Loop thread only.
 */
final class VxlanPeers {
    /** VTEPs learned from the multicast group at most (each takes a port). */
    static final int MAX_LEARNED = 64;

    private final VxlanUplink uplink;
    private final SwitchAgent agent;
    private final VxlanVniMap vnis;
    private final List<VxlanPeerTransport> peers = new ArrayList<>();
    private VxlanPeerTransport[] peerArray = new VxlanPeerTransport[0];
    private int learnedCount;
    /** A VTEP new on the group found no free port (--max-ports): logged once. */
    private boolean loggedNoPort;

    VxlanPeers(final VxlanUplink uplink, final SwitchAgent agent, final VxlanVniMap vnis) {
        this.uplink = uplink;
        this.agent = agent;
        this.vnis = vnis;
    }

    /** Every peer now, in attach order (a new array whenever one comes or goes; callers must not change it). */
    VxlanPeerTransport[] all() {
        return peerArray;
    }

    int size() {
        return peers.size();
    }

    /** Whether another VTEP may be learned from the group ({@link #MAX_LEARNED} at most). */
    boolean mayLearn() {
        return learnedCount < MAX_LEARNED;
    }

    /** Attaches the group or a static peer; throws when no port is free (start-up, vxlan/addpeer). */
    VxlanPeerTransport attach(final VxlanPeerTransport.Kind kind, final int address, final int port) {
        final int p = freePort();
        if (p < 0) {
            throw new IllegalArgumentException("vxlan peer " + SockaddrIn.text(address) + ": no free port");
        }
        return attach(kind, address, port, p);
    }

    /**
     * Attaches a VTEP new on the multicast group (once per VTEP), or returns null when no port is free (logged
     * once): a datagram must not stop the loop, the receiver drops it.
     */
    VxlanPeerTransport learn(final int address, final int port) {
        final int p = freePort();
        if (p < 0) {
            if (!loggedNoPort) {
                loggedNoPort = true;
                agent.log.log("vxlan: no free port for " + SockaddrIn.text(address) + ", new on the group (all "
                    + agent.settings.maxPorts() + " in use, see --max-ports): its datagrams are dropped as "
                    + "unknown_vtep (logged once)");
            }
            return null;
        }
        return attach(VxlanPeerTransport.Kind.LEARNED, address, port, p);
    }

    /** The port for a new peer: after the switch's configured ports, or any free one; -1 when none. */
    private int freePort() {
        final PortRegistry registry = agent.registry;
        // after the switch's configured ports, so clients keep getting ports 1, 2, ... in order
        final int p = registry.autoPortFrom(agent.settings.numPorts());
        return p >= 0 ? p : registry.autoPort();
    }

    private VxlanPeerTransport attach(final VxlanPeerTransport.Kind kind, final int address, final int port,
                                      final int p) {
        final PortRegistry registry = agent.registry;
        final VxlanPeerTransport t = new VxlanPeerTransport(uplink, kind, address, port);
        t.lastRxNanos = agent.loop.nowNanos;
        final Attachment e = registry.newAttachment(registry.nextEndpointId(), p, t, 0, SwitchAgent.QUEUE_CAPACITY);
        t.self = e;
        registry.attach(e);
        e.interest = Native.EPOLLIN; // read until back-pressure pauses this VTEP (see VxlanUplink.updateInterest)
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
        if (vnis.vniOf(0) < 0) {
            vlans.setUntagged(port, VlanTable.NONE);
        }
        for (int i = 0; i < vnis.size(); i++) {
            final int vlan = vnis.vlan(i);
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
            uplink.updateInterest();
        }
    }

    /** The peer (not the group) at {@code address}, or null. */
    VxlanPeerTransport find(final int address) {
        final VxlanPeerTransport[] a = peerArray;
        for (int i = 0; i < a.length; i++) {
            if (a[i].address == address && a[i].kind != VxlanPeerTransport.Kind.GROUP) {
                return a[i];
            }
        }
        return null;
    }

    /**
     * Detaches VTEPs learned from the group that sent nothing for the MAC aging time, as their MACs would age
     * (RFC 7348 §4.2).
     */
    void ageOut(final long now) {
        final long maxSilence = agent.macTable.ageNanos(); // the MAC age now (hash/setexpire changes it)
        for (final VxlanPeerTransport p : peerArray) {
            if (p.kind == VxlanPeerTransport.Kind.LEARNED && now - p.lastRxNanos > maxSilence && !p.self.dead) {
                agent.log.log("port " + p.self.port() + ": " + p.description() + " silent for "
                    + maxSilence / 1_000_000_000L + " s, forgotten");
                detach(p, "aged out");
            }
        }
    }

    /** Detaches {@code t} and frees its port ({@code reason}: why, for the link-down event). */
    void detach(final VxlanPeerTransport t, final String reason) {
        final int port = t.self.port();
        t.self.deathReason = reason;
        agent.registry.detach(t.self);
        agent.registry.freePort(agent.registry.ports[port]);
    }
}
