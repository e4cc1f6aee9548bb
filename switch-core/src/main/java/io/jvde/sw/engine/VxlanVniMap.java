package io.jvde.sw.engine;

import java.util.Map;

/**
 * The VXLAN uplink's map between VNIs and VLANs, both ways: the receiver finds a datagram's VLAN by its VNI, the
 * sender a frame's VNI by its VLAN. Built once at start-up from the settings; read on the loop thread.
 */
final class VxlanVniMap {
    /** VNI per VLAN (-1 = not mapped); VNIs and their VLANs sorted by VNI. */
    private final int[] vniOfVlan = new int[4096];
    private final int[] vnis;
    private final int[] vlanOfVni;

    /** {@code vniToVlan}: the settings' map, iterated in VNI order. */
    VxlanVniMap(final Map<Integer, Integer> vniToVlan) {
        java.util.Arrays.fill(vniOfVlan, -1);
        vnis = new int[vniToVlan.size()];
        vlanOfVni = new int[vniToVlan.size()];
        int i = 0;
        for (final Map.Entry<Integer, Integer> m : vniToVlan.entrySet()) {
            vnis[i] = m.getKey();
            vlanOfVni[i] = m.getValue();
            vniOfVlan[m.getValue()] = m.getKey();
            i++;
        }
    }

    /** The VNI that carries {@code vlan} (0..4095), or -1 when it is not mapped. */
    int vniOf(final int vlan) {
        return vniOfVlan[vlan];
    }

    /** The VLAN that {@code vni} carries, or -1 when it is not mapped. */
    int vlanOf(final int vni) {
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

    /** How many VNIs are mapped. */
    int size() {
        return vnis.length;
    }

    /** The {@code i}-th mapped VNI in VNI order (0 &lt;= i &lt; {@link #size()}). */
    int vni(final int i) {
        return vnis[i];
    }

    /** The VLAN of the {@code i}-th mapped VNI. */
    int vlan(final int i) {
        return vlanOfVni[i];
    }
}
