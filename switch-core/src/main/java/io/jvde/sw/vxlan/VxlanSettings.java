package io.jvde.sw.vxlan;

import io.jvde.vde.sys.SockaddrIn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Start-up settings of the VXLAN uplink (RFC 7348), validated by {@link Builder#build()}: the local address and
 * UDP port, static peers (head-end replication), an optional IPv4 multicast group, the VNI to VLAN map and the
 * inner MTU. Addresses are ints in network order.
 */
public final class VxlanSettings {
    /** Inner IP MTU for a 1500-byte underlay: 1500 - 20 (IPv4) - 8 (UDP) - 8 (VXLAN) - 14 (inner Ethernet). */
    public static final int DEFAULT_INNER_MTU = 1450;
    public static final int DEFAULT_VNI = 1;
    public static final int DEFAULT_TTL = 1;
    /** Largest inner MTU: the switch's largest frame (9234) minus the inner Ethernet header. */
    public static final int MAX_INNER_MTU = 9220;
    /**
     * UDP source ports flows are spread over by default (RFC 7348 §5): enough for ECMP to split a few flows, few
     * enough to cost nothing (one socket each, send only).
     */
    public static final int DEFAULT_SOURCE_PORTS = 8;
    /**
     * Socket buffers of the tunnel socket: UDP has no back-pressure, so a burst from the remote VTEP while this
     * switch's thread is not scheduled (or is paused by a slow local receiver) waits here or is dropped by the kernel.
     * The kernel charges only the datagrams waiting, so a large buffer costs memory only while the switch is behind.
     */
    public static final int DEFAULT_SOCKET_BUFFER = 256 << 20;
    public static final int MIN_SOCKET_BUFFER = 64 << 10;
    public static final int MAX_SOCKET_BUFFER = 1 << 30;

    /** A remote VTEP: IPv4 address and UDP port. */
    public static final class Peer {
        public final int address;
        public final int port;

        public Peer(final int address, final int port) {
            this.address = address;
            this.port = port;
        }

        @Override
        public String toString() {
            return SockaddrIn.text(address) + ":" + port;
        }

        /** {@code ADDR[:PORT]}, the port defaulting to {@code defaultPort}. */
        public static Peer parse(final String text, final int defaultPort) {
            final int colon = text.lastIndexOf(':');
            final String host = colon < 0 ? text : text.substring(0, colon);
            final int port = colon < 0 ? defaultPort : parsePort(text.substring(colon + 1), text);
            return new Peer(SockaddrIn.parse(host), port);
        }
    }

    private final int localAddress;
    private final int localPort;
    private final List<Peer> peers;
    private final int group;
    private final String groupInterface;
    private final int ttl;
    private final Map<Integer, Integer> vniToVlan;
    private final int innerMtu;
    private final boolean trusted;
    private final int sourcePorts;
    private final int socketBuffer;
    private final boolean offload;

    private VxlanSettings(final Builder b) {
        this.localAddress = b.localAddress;
        this.localPort = b.localPort;
        this.peers = List.copyOf(b.peers);
        this.group = b.group;
        this.groupInterface = b.groupInterface;
        this.ttl = b.ttl;
        this.vniToVlan = Collections.unmodifiableMap(new TreeMap<>(b.vniToVlan.isEmpty()
            ? Map.of(DEFAULT_VNI, 0) : b.vniToVlan));
        this.innerMtu = b.innerMtu;
        this.trusted = b.trusted;
        this.sourcePorts = b.sourcePorts;
        this.socketBuffer = b.socketBuffer;
        this.offload = b.offload;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int localAddress() { return localAddress; }
    public int localPort() { return localPort; }
    public List<Peer> peers() { return peers; }
    /** Multicast group, or 0 when none. */
    public int group() { return group; }
    /** Interface of the multicast group, or null (chosen by routing). */
    public String groupInterface() { return groupInterface; }
    public int ttl() { return ttl; }
    /** VNI to VLAN, sorted by VNI; VNI 1 to VLAN 0 when none was given. */
    public Map<Integer, Integer> vniToVlan() { return vniToVlan; }
    public int innerMtu() { return innerMtu; }
    /** Whether the uplink's ports are trusted by the DHCP guard (default true: a remote switch may serve DHCP). */
    public boolean trusted() { return trusted; }
    /**
     * UDP source ports to spread flows over (RFC 7348 §5: a hash of the inner frame for ECMP): N (default
     * {@value #DEFAULT_SOURCE_PORTS}) = the local port plus N-1 send-only sockets on ephemeral ports, one chosen per
     * flow by the hash; 1 = the local port only (one socket).
     */
    public int sourcePorts() { return sourcePorts; }
    /** SO_RCVBUF / SO_SNDBUF asked for the tunnel socket, in bytes (forced beyond the sysctl limit as root). */
    public int socketBuffer() { return socketBuffer; }
    /**
     * Whether the tunnel uses the kernel's UDP offloads (default true): equal-sized datagrams to one VTEP leave in
     * one segmented send (UDP_SEGMENT) and arrive coalesced (UDP_GRO); the datagrams on the wire are unchanged.
     * Falls back to plain sends and receives when the kernel refuses.
     */
    public boolean offload() { return offload; }

    static int parsePort(final String text, final String whole) {
        try {
            final int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + whole + "' (expected: a UDP port 1..65535 after ':')");
    }

    /** Fluent builder; {@link #build()} validates and names the offending value. */
    public static final class Builder {
        private int localAddress;
        private int localPort = VxlanHeader.DEFAULT_PORT;
        private final List<Peer> peers = new ArrayList<>();
        private int group;
        private String groupInterface;
        private int ttl = DEFAULT_TTL;
        private final Map<Integer, Integer> vniToVlan = new TreeMap<>();
        private int innerMtu = DEFAULT_INNER_MTU;
        private boolean trusted = true;
        private int sourcePorts = DEFAULT_SOURCE_PORTS;
        private int socketBuffer = DEFAULT_SOCKET_BUFFER;
        private boolean offload = true;

        /** {@code LOCAL[:PORT]}. */
        public Builder local(final String text) {
            final Peer p = Peer.parse(text, VxlanHeader.DEFAULT_PORT);
            localAddress = p.address;
            localPort = p.port;
            return this;
        }

        public Builder local(final int address, final int port) {
            localAddress = address;
            localPort = port;
            return this;
        }

        /** {@code ADDR[:PORT]}, the port defaulting to the local port. */
        public Builder peer(final String text) {
            peers.add(Peer.parse(text, localPort));
            return this;
        }

        public Builder peer(final int address, final int port) {
            peers.add(new Peer(address, port));
            return this;
        }

        /** {@code GROUP[,IFNAME]}. */
        public Builder group(final String text) {
            final int comma = text.indexOf(',');
            group = SockaddrIn.parse(comma < 0 ? text : text.substring(0, comma));
            groupInterface = comma < 0 ? null : text.substring(comma + 1);
            if ((group >>> 28) != 0xE) {
                throw new IllegalArgumentException("'" + text + "' (expected: an IPv4 multicast group 224.0.0.0/4)");
            }
            if (groupInterface != null && groupInterface.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' (expected: an interface name after ',')");
            }
            return this;
        }

        public Builder ttl(final int v) {
            if (v < 1 || v > 255) {
                throw new IllegalArgumentException(v + " (expected: a TTL 1..255)");
            }
            ttl = v;
            return this;
        }

        /** {@code VNI[=VLAN]}, the VLAN defaulting to 0 (untagged). */
        public Builder vni(final String text) {
            final int eq = text.indexOf('=');
            final int vni = number(eq < 0 ? text : text.substring(0, eq), text, 1, VxlanHeader.MAX_VNI,
                "a VNI 1..16777215");
            final int vlan = eq < 0 ? 0 : number(text.substring(eq + 1), text, 0, 4094, "a VLAN 0..4094 after '='");
            return vni(vni, vlan);
        }

        public Builder vni(final int vni, final int vlan) {
            if (vniToVlan.containsKey(vni)) {
                throw new IllegalArgumentException(vni + "=" + vlan + " (expected: each VNI mapped once; " + vni
                    + " is already mapped to VLAN " + vniToVlan.get(vni) + ")");
            }
            if (vniToVlan.containsValue(vlan)) {
                throw new IllegalArgumentException(vni + "=" + vlan + " (expected: each VLAN mapped to one VNI; VLAN "
                    + vlan + " already has one)");
            }
            vniToVlan.put(vni, vlan);
            return this;
        }

        public Builder innerMtu(final int v) {
            if (v < 68 || v > MAX_INNER_MTU) {
                throw new IllegalArgumentException(v + " (expected: an inner MTU 68.." + MAX_INNER_MTU + ")");
            }
            innerMtu = v;
            return this;
        }

        public Builder sourcePorts(final int v) {
            if (v < 1 || v > 64) {
                throw new IllegalArgumentException(v + " (expected: 1..64 UDP source ports)");
            }
            sourcePorts = v;
            return this;
        }

        public Builder socketBuffer(final int bytes) {
            if (bytes < MIN_SOCKET_BUFFER || bytes > MAX_SOCKET_BUFFER) {
                throw new IllegalArgumentException(bytes + " (expected: a socket buffer of " + MIN_SOCKET_BUFFER
                    + ".." + MAX_SOCKET_BUFFER + " bytes)");
            }
            socketBuffer = bytes;
            return this;
        }

        public Builder offload(final boolean v) {
            offload = v;
            return this;
        }

        public Builder trusted(final boolean v) {
            trusted = v;
            return this;
        }

        public VxlanSettings build() {
            if (group == 0 && peers.isEmpty()) {
                throw new IllegalArgumentException("vxlan: no peer and no group (expected: --vxlan-peer ADDR[:PORT] "
                    + "and/or --vxlan-group GROUP[,IFNAME])");
            }
            return new VxlanSettings(this);
        }

        private static int number(final String s, final String whole, final int min, final int max,
                                  final String expected) {
            try {
                final int v = Integer.parseInt(s.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("'" + whole + "' (expected: " + expected + ")");
        }
    }
}
