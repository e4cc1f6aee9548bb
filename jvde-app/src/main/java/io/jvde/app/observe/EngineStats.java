package io.jvde.app.observe;

import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.DropReason;
import io.jvde.sw.port.Port;
import io.jvde.sw.vlan.VlanTable;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the engine's own counters, taken on the loop thread in one {@code call} per scrape: the forwarding path
 * keeps counting as it always does and does nothing extra for metrics.
 */
record EngineStats(List<PortStats> ports, int macEntries, int macCapacity, long macLearned, long macMoved,
                   long macEvicted, long macExpired, long macRefused, List<VlanStats> vlans, long uptimeSeconds,
                   java.util.Map<String, Long> vxlanDrops) {

    /** One port's counters. */
    record PortStats(int port, boolean active, String name, int untaggedVlan, long inPackets, long inBytes,
                     long outPackets, long outBytes, long[] drops, long captureDrops, List<String> endpoints) {
    }

    /** One VLAN: its member ports and the frames flooded in it. */
    record VlanStats(int vid, int[] members, long floods) {
    }

    /** Loop thread only. */
    static EngineStats take(final SwitchControl c) {
        final List<PortStats> ports = new ArrayList<>();
        for (int i = 0; i < c.portCount(); i++) {
            final Port p = c.port(i);
            if (!p.allocated() && p.inPackets == 0 && p.outPackets == 0) {
                continue;
            }
            final long[] drops = new long[DropReason.COUNT];
            for (final DropReason r : DropReason.values()) {
                drops[r.ordinal()] = p.drops(r);
            }
            final List<String> eps = new ArrayList<>();
            for (int e = 0; e < p.endpointCount(); e++) {
                eps.add(p.endpoint(e).description());
            }
            ports.add(new PortStats(i, p.active(), p.name(), c.vlanTable().untaggedVlan(i), p.inPackets, p.inBytes,
                p.outPackets, p.outBytes, drops, p.captureDrops, eps));
        }
        final MacTable m = c.macTable();
        final VlanTable v = c.vlanTable();
        final List<VlanStats> vlans = new ArrayList<>();
        for (final int vid : v.definedVlans()) {
            vlans.add(new VlanStats(vid, v.memberPorts(vid), c.forwarder().floods(vid)));
        }
        return new EngineStats(ports, m.size(), m.capacity(), m.learnedCount(), m.movedCount(), m.evictionCount(),
            m.expiredCount(), m.refusedCount(), vlans, c.uptimeSeconds(),
            c.vxlan() != null ? c.vxlan().drops() : java.util.Map.of());
    }
}
