package io.jvde.sw.vxlan;

/** The VXLAN uplink as console commands see it (loop thread only, through {@code VdeSwitch.call}). */
public interface VxlanControl {
    /** {@code vxlan/print}: local address, group, VNIs, peers with counters, learned remote MACs, drops. */
    String print();

    /** {@code vxlan/addpeer ADDR[:PORT]}: a static peer on a new port; returns the port or throws with the reason. */
    int addPeer(String text);

    /** {@code vxlan/delpeer ADDR}: removes a peer (static or learned) and frees its port; false when unknown. */
    boolean delPeer(String address);

    /** The ports of every peer now (for the DHCP guard's trust). */
    int[] ports();

    VxlanSettings settings();
}
