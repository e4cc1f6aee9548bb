package io.jvde.bench.dhcp;

import java.nio.ByteBuffer;

/**
 * The DHCPv4 frames {@link DoraLoad} sends and the replies it accepts, Ethernet + IPv4 + UDP headers included,
 * written and read at absolute offsets of a ByteBuffer (no allocation per frame). Deliberately independent of
 * dhcp-responder's wire classes: a bug shared by the server and its load generator would hide itself.
 *
 * <p>Two ways to reach a server, as perfdhcp has: as a relay agent (RFC 2131 §4.1: giaddr set, unicast from port 67
 * to the server, which answers giaddr:67), the way bench/dhcp.sh drives perfdhcp; or as directly attached clients
 * (from 0.0.0.0:68 to 255.255.255.255:67, source MAC = chaddr, broadcast flag set so the server may broadcast its
 * replies, RFC 2131 §4.1). Messages are padded to BOOTP's 300-byte minimum (RFC 1542 §2.1). The UDP checksum is 0,
 * which IPv4 allows (RFC 768).
 */
public final class DoraFrames {
    public static final int ETH_LEN = 14;
    public static final int IP_LEN = 20;
    public static final int UDP_LEN = 8;
    /** BOOTP's fixed part up to the options' magic cookie (RFC 2131 §2). */
    public static final int BOOTP_FIXED = 236;
    /** BOOTP's minimum message size (RFC 1542 §2.1): every frame this class writes has this DHCP payload. */
    public static final int DHCP_LEN = 300;
    public static final int FRAME_LEN = ETH_LEN + IP_LEN + UDP_LEN + DHCP_LEN;
    public static final int MAGIC_COOKIE = 0x63825363;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int ACK = 5;
    public static final int NAK = 6;

    static final int OPT_PAD = 0;
    static final int OPT_REQUESTED_IP = 50;
    static final int OPT_MESSAGE_TYPE = 53;
    static final int OPT_SERVER_ID = 54;
    static final int OPT_PARAMETERS = 55;
    static final int OPT_END = 255;

    static final int SERVER_PORT = 67;
    static final int CLIENT_PORT = 68;
    static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;

    private final boolean relay;
    private final long ownMac;
    private final long serverMac;
    private final int ownIp;
    private final int serverIp;

    private DoraFrames(final boolean relay, final long ownMac, final long serverMac, final int ownIp,
                       final int serverIp) {
        this.relay = relay;
        this.ownMac = ownMac;
        this.serverMac = serverMac;
        this.ownIp = ownIp;
        this.serverIp = serverIp;
    }

    /**
     * A relay agent with address {@code giaddr} on an interface with MAC {@code ownMac}, sending to server
     * {@code serverIp} at {@code serverMac}; replies come to giaddr:67.
     */
    public static DoraFrames relay(final long ownMac, final int giaddr, final long serverMac, final int serverIp) {
        return new DoraFrames(true, ownMac, serverMac, giaddr, serverIp);
    }

    /** Directly attached clients: broadcast from 0.0.0.0:68, each from its own MAC; replies to port 68. */
    public static DoraFrames direct() {
        return new DoraFrames(false, 0, BROADCAST_MAC, 0, -1);
    }

    public boolean isRelay() {
        return relay;
    }

    /** Writes client {@code chaddr}'s DHCPDISCOVER with transaction {@code xid} at {@code off}; its length. */
    public int discover(final ByteBuffer b, final int off, final long chaddr, final int xid) {
        final int o = header(b, off, chaddr, xid);
        int p = o;
        p = option1(b, p, OPT_MESSAGE_TYPE, DISCOVER);
        p = parameters(b, p);
        b.put(p, (byte) OPT_END);
        return FRAME_LEN;
    }

    /**
     * Writes client {@code chaddr}'s DHCPREQUEST in the SELECTING state (RFC 2131 §4.3.2: requested IP and server
     * identifier from the OFFER, ciaddr 0) with transaction {@code xid} at {@code off}; its length.
     */
    public int request(final ByteBuffer b, final int off, final long chaddr, final int xid, final int requestedIp,
                       final int serverId) {
        final int o = header(b, off, chaddr, xid);
        int p = o;
        p = option1(b, p, OPT_MESSAGE_TYPE, REQUEST);
        p = option4(b, p, OPT_REQUESTED_IP, requestedIp);
        p = option4(b, p, OPT_SERVER_ID, serverId);
        p = parameters(b, p);
        b.put(p, (byte) OPT_END);
        return FRAME_LEN;
    }

    /** Ethernet, IPv4, UDP and BOOTP's fixed part with the cookie, the rest zeroed; the options' offset. */
    private int header(final ByteBuffer b, final int off, final long chaddr, final int xid) {
        for (int i = 0; i < FRAME_LEN - 7; i += 8) {
            b.putLong(off + i, 0L);
        }
        for (int i = (FRAME_LEN / 8) * 8; i < FRAME_LEN; i++) {
            b.put(off + i, (byte) 0);
        }
        putMac(b, off, relay ? serverMac : BROADCAST_MAC);
        putMac(b, off + 6, relay ? ownMac : chaddr);
        b.putShort(off + 12, (short) 0x0800);
        final int ip = off + ETH_LEN;
        b.put(ip, (byte) 0x45);
        b.putShort(ip + 2, (short) (IP_LEN + UDP_LEN + DHCP_LEN));
        b.put(ip + 8, (byte) 64);
        b.put(ip + 9, (byte) 17);
        b.putInt(ip + 12, relay ? ownIp : 0);
        b.putInt(ip + 16, relay ? serverIp : -1);
        b.putShort(ip + 10, (short) ipChecksum(b, ip));
        final int udp = ip + IP_LEN;
        b.putShort(udp, (short) (relay ? SERVER_PORT : CLIENT_PORT));
        b.putShort(udp + 2, (short) SERVER_PORT);
        b.putShort(udp + 4, (short) (UDP_LEN + DHCP_LEN));
        final int d = udp + UDP_LEN;
        b.put(d, (byte) 1); // BOOTREQUEST
        b.put(d + 1, (byte) 1); // Ethernet
        b.put(d + 2, (byte) 6);
        b.put(d + 3, (byte) (relay ? 1 : 0)); // hops: one relay
        b.putInt(d + 4, xid);
        b.putShort(d + 10, (short) 0x8000); // broadcast flag
        b.putInt(d + 24, relay ? ownIp : 0); // giaddr
        putMac(b, d + 28, chaddr);
        b.putInt(d + BOOTP_FIXED, MAGIC_COOKIE);
        return d + BOOTP_FIXED + 4;
    }

    private static int option1(final ByteBuffer b, final int p, final int code, final int value) {
        b.put(p, (byte) code);
        b.put(p + 1, (byte) 1);
        b.put(p + 2, (byte) value);
        return p + 3;
    }

    private static int option4(final ByteBuffer b, final int p, final int code, final int value) {
        b.put(p, (byte) code);
        b.put(p + 1, (byte) 4);
        b.putInt(p + 2, value);
        return p + 6;
    }

    /** Parameter request list: subnet mask, router, DNS, lease time (what a typical client asks for). */
    private static int parameters(final ByteBuffer b, final int p) {
        b.put(p, (byte) OPT_PARAMETERS);
        b.put(p + 1, (byte) 4);
        b.put(p + 2, (byte) 1);
        b.put(p + 3, (byte) 3);
        b.put(p + 4, (byte) 6);
        b.put(p + 5, (byte) 51);
        return p + 6;
    }

    private static void putMac(final ByteBuffer b, final int off, final long mac) {
        b.putShort(off, (short) (mac >>> 32));
        b.putInt(off + 2, (int) mac);
    }

    static long getMac(final ByteBuffer b, final int off) {
        return (b.getShort(off) & 0xFFFFL) << 32 | (b.getInt(off + 2) & 0xFFFF_FFFFL);
    }

    /** RFC 791 §3.1 header checksum of the 20-byte header at {@code ip} (its checksum field taken as written). */
    static int ipChecksum(final ByteBuffer b, final int ip) {
        int sum = 0;
        for (int i = 0; i < IP_LEN; i += 2) {
            if (i != 10) {
                sum += b.getShort(ip + i) & 0xFFFF;
            }
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    /** What {@link #parse} found in a reply; reused, so parsing allocates nothing. */
    public static final class Reply {
        public int type;
        public int xid;
        public long chaddr;
        public int yiaddr;
        /** Option 54, 0 when absent. */
        public int serverId;
    }

    /**
     * Reads the frame of {@code len} bytes at {@code off}: true when it is a DHCP reply for this generator (IPv4,
     * UDP from port 67 to the port replies come to, BOOTREPLY, Ethernet chaddr, the magic cookie, a message type),
     * with {@code out} filled; false for anything else, truncated or malformed (including our own requests).
     */
    public boolean parse(final ByteBuffer b, final int off, final int len, final Reply out) {
        if (len < ETH_LEN + IP_LEN + UDP_LEN + BOOTP_FIXED + 4 || b.getShort(off + 12) != 0x0800) {
            return false;
        }
        final int ip = off + ETH_LEN;
        final int vihl = b.get(ip) & 0xFF;
        final int ihl = (vihl & 0x0F) * 4;
        if ((vihl >>> 4) != 4 || ihl < IP_LEN || b.get(ip + 9) != 17 || (b.getShort(ip + 6) & 0x3FFF) != 0) {
            return false; // not IPv4, not UDP, or a fragment
        }
        final int ipTotal = b.getShort(ip + 2) & 0xFFFF;
        final int udp = ip + ihl;
        final int end = Math.min(off + len, ip + ipTotal);
        if (udp + UDP_LEN + BOOTP_FIXED + 4 > end || (b.getShort(udp) & 0xFFFF) != SERVER_PORT
            || (b.getShort(udp + 2) & 0xFFFF) != (relay ? SERVER_PORT : CLIENT_PORT)) {
            return false;
        }
        final int d = udp + UDP_LEN;
        if (b.get(d) != 2 || b.get(d + 1) != 1 || b.get(d + 2) != 6 || b.getInt(d + BOOTP_FIXED) != MAGIC_COOKIE) {
            return false;
        }
        out.xid = b.getInt(d + 4);
        out.yiaddr = b.getInt(d + 16);
        out.chaddr = getMac(b, d + 28);
        return options(b, d + BOOTP_FIXED + 4, end, out);
    }

    /** Walks the options (RFC 2132 §2) up to {@code end}: true when a message type was found. */
    private static boolean options(final ByteBuffer b, final int start, final int end, final Reply out) {
        out.type = 0;
        out.serverId = 0;
        int p = start;
        while (p < end) {
            final int code = b.get(p) & 0xFF;
            if (code == OPT_END) {
                break;
            }
            if (code == OPT_PAD) {
                p++;
                continue;
            }
            if (p + 2 > end) {
                return false;
            }
            final int n = b.get(p + 1) & 0xFF;
            if (p + 2 + n > end) {
                return false;
            }
            if (code == OPT_MESSAGE_TYPE && n == 1) {
                out.type = b.get(p + 2) & 0xFF;
            } else if (code == OPT_SERVER_ID && n == 4) {
                out.serverId = b.getInt(p + 2);
            }
            p += 2 + n;
        }
        return out.type != 0;
    }
}
