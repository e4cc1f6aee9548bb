package io.jvde.dhcp.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds client DHCP frames byte by byte, the way dhclient or udhcpc put them on the wire (Ethernet II, IPv4 with
 * TTL 64, UDP 68 to 67, BOOTP header, cookie, options, END, padding to 300 bytes), with checksums from
 * {@link TestChecksums}. Independent of the production encoder on purpose.
 */
public final class ClientFrame {
    public static final int DISCOVER = 1;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;

    private long ethSrc;
    private long ethDst = 0xFFFF_FFFF_FFFFL;
    private int ipSrc;
    private int ipDst = 0xFFFF_FFFF;
    private int srcPort = 68;
    private int dstPort = 67;
    private int op = 1;
    private int htype = 1;
    private int hlen = 6;
    private int hops;
    private int xid = 0x1234_5678;
    private int flags;
    private int ciaddr;
    private int yiaddr;
    private int giaddr;
    private long chaddr;
    private byte[] sname = new byte[64];
    private byte[] file = new byte[128];
    private int cookie = 0x63825363;
    private final List<byte[]> options = new ArrayList<>();
    private boolean end = true;
    private int padTo = 300;
    private boolean udpChecksum = true;

    private ClientFrame(final long mac, final int type) {
        this.ethSrc = mac;
        this.chaddr = mac;
        if (type > 0) {
            option(53, new byte[] {(byte) type});
        }
    }

    public static ClientFrame of(final int type, final String mac) {
        return new ClientFrame(Bytes.mac(mac), type);
    }

    public static ClientFrame discover(final String mac) {
        return of(DISCOVER, mac);
    }

    public static ClientFrame request(final String mac) {
        return of(REQUEST, mac);
    }

    /**
     * The REQUEST of a client in SELECTING state that takes {@code offer} (RFC 2131 §4.3.2): its xid, the offered
     * address as option 50 and the OFFER's server identifier (option 54) as option 54. Not the OFFER's IP source:
     * an OFFER that came through a relay agent comes from the relay's address (RFC 1542 §4.1), and the server
     * ignores a REQUEST naming another server (RFC 2131 §4.3.2: the client chose someone else).
     */
    public static ClientFrame selecting(final String mac, final ReplyView offer) {
        return request(mac).xid(offer.xid).serverId(Bytes.ip(offer.optionInt(54))).requestedIp(Bytes.ip(offer.yiaddr));
    }

    public ClientFrame option(final int code, final byte[] value) {
        final byte[] tlv = new byte[value.length + 2];
        tlv[0] = (byte) code;
        tlv[1] = (byte) value.length;
        System.arraycopy(value, 0, tlv, 2, value.length);
        options.add(tlv);
        return this;
    }

    /** Appends raw bytes to the options field (for malformed-option tests). */
    public ClientFrame rawOptions(final byte[] raw) {
        options.add(raw.clone());
        return this;
    }

    public ClientFrame requestedIp(final String ip) {
        return option(50, Bytes.int32(Bytes.ip(ip)));
    }

    public ClientFrame serverId(final String ip) {
        return option(54, Bytes.int32(Bytes.ip(ip)));
    }

    public ClientFrame clientId(final byte[] id) {
        return option(61, id);
    }

    public ClientFrame prl(final int... codes) {
        final byte[] b = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
            b[i] = (byte) codes[i];
        }
        return option(55, b);
    }

    public ClientFrame maxMessageSize(final int size) {
        return option(57, new byte[] {(byte) (size >>> 8), (byte) size});
    }

    public ClientFrame arch(final int code) {
        return option(93, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    public ClientFrame hostname(final String name) {
        return option(12, Bytes.ascii(name));
    }

    public ClientFrame broadcastFlag() {
        this.flags = 0x8000;
        return this;
    }

    public ClientFrame ciaddr(final String ip) {
        this.ciaddr = Bytes.ip(ip);
        return this;
    }

    public ClientFrame yiaddr(final String ip) {
        this.yiaddr = Bytes.ip(ip);
        return this;
    }

    public ClientFrame giaddr(final String ip) {
        this.giaddr = Bytes.ip(ip);
        return this;
    }

    public ClientFrame hops(final int value) {
        this.hops = value;
        return this;
    }

    public ClientFrame xid(final int value) {
        this.xid = value;
        return this;
    }

    public ClientFrame op(final int value) {
        this.op = value;
        return this;
    }

    public ClientFrame htype(final int value) {
        this.htype = value;
        return this;
    }

    public ClientFrame hlen(final int value) {
        this.hlen = value;
        return this;
    }

    public ClientFrame cookie(final int value) {
        this.cookie = value;
        return this;
    }

    public ClientFrame file(final byte[] value) {
        this.file = java.util.Arrays.copyOf(value, 128);
        return this;
    }

    public ClientFrame sname(final byte[] value) {
        this.sname = java.util.Arrays.copyOf(value, 64);
        return this;
    }

    public ClientFrame noEnd() {
        this.end = false;
        return this;
    }

    public ClientFrame padTo(final int value) {
        this.padTo = value;
        return this;
    }

    public ClientFrame withoutUdpChecksum() {
        this.udpChecksum = false;
        return this;
    }

    /** Ethernet and IP source (e.g. a relay, or a client that already has an address). */
    public ClientFrame from(final String mac, final String ip) {
        this.ethSrc = Bytes.mac(mac);
        this.ipSrc = Bytes.ip(ip);
        return this;
    }

    public ClientFrame fromIp(final String ip) {
        this.ipSrc = Bytes.ip(ip);
        return this;
    }

    /** Ethernet and IP destination (unicast to the server, as a RENEWING client sends). */
    public ClientFrame to(final long mac, final String ip) {
        this.ethDst = mac;
        this.ipDst = Bytes.ip(ip);
        return this;
    }

    public ClientFrame toIp(final String ip) {
        this.ipDst = Bytes.ip(ip);
        return this;
    }

    public ClientFrame ports(final int src, final int dst) {
        this.srcPort = src;
        this.dstPort = dst;
        return this;
    }

    /** The BOOTP/DHCP message alone. */
    public byte[] message() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(op);
        out.write(htype);
        out.write(hlen);
        out.write(hops);
        out.writeBytes(Bytes.int32(xid));
        out.writeBytes(new byte[] {0, 0});
        out.writeBytes(new byte[] {(byte) (flags >>> 8), (byte) flags});
        out.writeBytes(Bytes.int32(ciaddr));
        out.writeBytes(Bytes.int32(yiaddr));
        out.writeBytes(Bytes.int32(0));
        out.writeBytes(Bytes.int32(giaddr));
        final byte[] ch = new byte[16];
        for (int i = 0; i < 6; i++) {
            ch[i] = (byte) (chaddr >>> (40 - 8 * i));
        }
        out.writeBytes(ch);
        out.writeBytes(sname);
        out.writeBytes(file);
        out.writeBytes(Bytes.int32(cookie));
        for (final byte[] o : options) {
            out.writeBytes(o);
        }
        if (end) {
            out.write(255);
        }
        while (end && out.size() < padTo) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** The complete Ethernet frame. */
    public byte[] frame() {
        final byte[] dhcp = message();
        final int udpLen = 8 + dhcp.length;
        final int ipLen = 20 + udpLen;
        final byte[] f = new byte[14 + ipLen];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (ethDst >>> (40 - 8 * i));
            f[6 + i] = (byte) (ethSrc >>> (40 - 8 * i));
        }
        f[12] = 0x08;
        f[13] = 0x00;
        final int ip = 14;
        f[ip] = 0x45;
        f[ip + 1] = 0x10;
        f[ip + 2] = (byte) (ipLen >>> 8);
        f[ip + 3] = (byte) ipLen;
        f[ip + 8] = 64;
        f[ip + 9] = 17;
        System.arraycopy(Bytes.int32(ipSrc), 0, f, ip + 12, 4);
        System.arraycopy(Bytes.int32(ipDst), 0, f, ip + 16, 4);
        final int ipSum = TestChecksums.checksum(f, ip, 20);
        f[ip + 10] = (byte) (ipSum >>> 8);
        f[ip + 11] = (byte) ipSum;
        final int udp = ip + 20;
        f[udp] = (byte) (srcPort >>> 8);
        f[udp + 1] = (byte) srcPort;
        f[udp + 2] = (byte) (dstPort >>> 8);
        f[udp + 3] = (byte) dstPort;
        f[udp + 4] = (byte) (udpLen >>> 8);
        f[udp + 5] = (byte) udpLen;
        System.arraycopy(dhcp, 0, f, udp + 8, dhcp.length);
        if (udpChecksum) {
            final int udpSum = TestChecksums.udp(f, udp, udpLen, ipSrc, ipDst);
            f[udp + 6] = (byte) (udpSum >>> 8);
            f[udp + 7] = (byte) udpSum;
        }
        return f;
    }

    public ByteBuf buf() {
        return Unpooled.wrappedBuffer(frame());
    }
}
