package io.jvde.tftp;

/**
 * Where a transfer's client is, as the glue delivers and reaches it: the switch port and VLAN, its MAC, address and
 * UDP port, and the local address it asked. Plain fields, copied once per transfer.
 */
public final class TftpPeer {
    public int switchPort;
    public int vid;
    public long mac;
    public int ip;
    public int port;
    public int localIp;

    public TftpPeer set(final int sp, final int v, final long m, final int i, final int p, final int local) {
        switchPort = sp;
        vid = v;
        mac = m;
        ip = i;
        port = p;
        localIp = local;
        return this;
    }

    public TftpPeer copy() {
        return new TftpPeer().set(switchPort, vid, mac, ip, port, localIp);
    }

    public boolean same(final TftpPeer o) {
        return ip == o.ip && port == o.port && vid == o.vid;
    }
}
