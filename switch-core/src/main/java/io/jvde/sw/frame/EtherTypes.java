package io.jvde.sw.frame;

/** EtherType values the switch and its tests name (IEEE Registration Authority assignments). */
public final class EtherTypes {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    /** C-VLAN TPID, IEEE 802.1Q: the only tag the switch interprets (docs/protocol.md §5.1). */
    public static final int VLAN = 0x8100;
    public static final int IPV6 = 0x86DD;
    /** S-VLAN TPID, IEEE 802.1ad: forwarded as an untagged payload, like vde_switch does. */
    public static final int QINQ = 0x88A8;

    private EtherTypes() {
    }

    /** A short name for logs and dumps; unknown values print as {@code 0x%04x}, never fail. */
    public static String name(final int etherType) {
        switch (etherType) {
            case IPV4:
                return "IPv4";
            case ARP:
                return "ARP";
            case VLAN:
                return "802.1Q";
            case IPV6:
                return "IPv6";
            case QINQ:
                return "802.1ad";
            default:
                return String.format("0x%04x", etherType & 0xFFFF);
        }
    }
}
