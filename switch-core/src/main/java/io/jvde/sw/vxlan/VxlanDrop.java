package io.jvde.sw.vxlan;

/** Why the VXLAN uplink dropped a datagram or a frame; counted per reason (and per peer when it is known). */
public enum VxlanDrop {
    TRUNCATED("truncated: datagram shorter than the 8-byte VXLAN header"),
    NO_I_FLAG("no I flag: VXLAN flags without the I bit (0x08), VNI not valid"),
    UNKNOWN_VNI("unknown vni: VNI not mapped to a VLAN"),
    INNER_RUNT("inner runt: inner frame shorter than 14 bytes"),
    INNER_TAGGED("inner tagged: inner frame carries an 802.1Q tag (RFC 7348 §6.1)"),
    INNER_OVERSIZE_RX("inner oversize: received inner frame longer than the receive buffer"),
    UNKNOWN_VTEP("unknown vtep: datagram from an address that is neither a peer nor allowed by the group"),
    OWN_ECHO("own echo: our own datagram came back (multicast loop)"),
    NOT_IPV4("not ipv4: datagram from a non-IPv4 source"),
    INNER_MTU("inner mtu: frame larger than the inner MTU the underlay allows"),
    NO_VNI("no vni: frame of a VLAN not mapped to a VNI"),
    SEND_FULL("send full: the UDP socket did not take the frame"),
    SEND_ERROR("send error: sendmmsg failed"),
    RCVBUF_OVERFLOW("rcvbuf overflow: the kernel dropped datagrams, the tunnel socket's receive buffer was full");

    public static final int COUNT = values().length;
    private final String label;

    VxlanDrop(final String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
