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

    /** Every peer with its counters, as {@link #print()} lists them (a copy). */
    java.util.List<VxlanPeerStats> peerStats();

    /** The uplink's drops by reason (lower-case {@link VxlanDrop} names), non-zero ones only (a copy). */
    java.util.Map<String, Long> drops();

    /** The UDP source ports datagrams leave from: the local port, then the spreading sockets' ports. */
    int[] sourcePorts();
}
