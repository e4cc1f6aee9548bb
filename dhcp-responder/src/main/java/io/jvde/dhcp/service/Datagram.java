package io.jvde.dhcp.service;

/**
 * Where a UDP datagram came from and went to, as the receive path saw it: the switch port and VLAN it entered on,
 * the sender's MAC, IPv4 address and port, and the local address and port. One instance is reused for every
 * datagram (nothing is allocated per frame); a service that keeps a peer copies the fields it needs.
 */
public final class Datagram {
    int ingressPort;
    int vid;
    long srcMac;
    int srcIp;
    int srcPort;
    int dstIp;
    int dstPort;

    /** Fills every field; for the receive path and for tests. */
    public Datagram set(final int port, final int vlan, final long mac, final int ip, final int sport, final int local,
                        final int dport) {
        this.ingressPort = port;
        this.vid = vlan;
        this.srcMac = mac;
        this.srcIp = ip;
        this.srcPort = sport;
        this.dstIp = local;
        this.dstPort = dport;
        return this;
    }

    /** The switch port the datagram entered on: every answer goes back there. */
    public int ingressPort() {
        return ingressPort;
    }

    public int vid() {
        return vid;
    }

    public long srcMac() {
        return srcMac;
    }

    public int srcIp() {
        return srcIp;
    }

    public int srcPort() {
        return srcPort;
    }

    /** The local (server) address it was sent to. */
    public int dstIp() {
        return dstIp;
    }

    public int dstPort() {
        return dstPort;
    }
}
