package io.jvde.dhcp.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a frame the responder sent, with plain array arithmetic and no production code, so assertions test the
 * wire bytes. Options are read from the options field only (the responder never overloads) and split options are
 * concatenated (RFC 3396).
 */
public final class ReplyView {
    public final byte[] frame;
    public final long ethDst;
    public final long ethSrc;
    public final int etherType;
    public final int ipSrc;
    public final int ipDst;
    public final int ipTotalLength;
    public final int ttl;
    public final boolean ipChecksumOk;
    public final int udpSrc;
    public final int udpDst;
    public final int udpLength;
    public final boolean udpChecksumOk;
    public final int udpChecksum;
    public final int dhcpLength;
    public final int op;
    public final int htype;
    public final int hlen;
    public final int hops;
    public final int xid;
    public final int secs;
    public final int flags;
    public final int ciaddr;
    public final int yiaddr;
    public final int siaddr;
    public final int giaddr;
    public final byte[] chaddr;
    public final String sname;
    public final String file;
    public final int cookie;
    private final Map<Integer, byte[]> options = new LinkedHashMap<>();
    private final List<Integer> order = new ArrayList<>();

    public ReplyView(final byte[] f) {
        this.frame = f;
        ethDst = Bytes.mac(f, 0);
        ethSrc = Bytes.mac(f, 6);
        etherType = Bytes.uint16(f, 12);
        if (etherType != 0x0800) {
            throw new AssertionError("not IPv4: ethertype " + Integer.toHexString(etherType));
        }
        final int ip = 14;
        ipTotalLength = Bytes.uint16(f, ip + 2);
        ttl = f[ip + 8] & 0xFF;
        ipSrc = Bytes.int32(f, ip + 12);
        ipDst = Bytes.int32(f, ip + 16);
        ipChecksumOk = TestChecksums.sum(f, ip, 20, 0) == 0xFFFF;
        final int udp = ip + 20;
        udpSrc = Bytes.uint16(f, udp);
        udpDst = Bytes.uint16(f, udp + 2);
        udpLength = Bytes.uint16(f, udp + 4);
        udpChecksum = Bytes.uint16(f, udp + 6);
        final byte[] copy = f.clone();
        copy[udp + 6] = 0;
        copy[udp + 7] = 0;
        udpChecksumOk = TestChecksums.udp(copy, udp, udpLength, ipSrc, ipDst) == udpChecksum;
        final int d = udp + 8;
        dhcpLength = udpLength - 8;
        op = f[d] & 0xFF;
        htype = f[d + 1] & 0xFF;
        hlen = f[d + 2] & 0xFF;
        hops = f[d + 3] & 0xFF;
        xid = Bytes.int32(f, d + 4);
        secs = Bytes.uint16(f, d + 8);
        flags = Bytes.uint16(f, d + 10);
        ciaddr = Bytes.int32(f, d + 12);
        yiaddr = Bytes.int32(f, d + 16);
        siaddr = Bytes.int32(f, d + 20);
        giaddr = Bytes.int32(f, d + 24);
        chaddr = Arrays.copyOfRange(f, d + 28, d + 44);
        sname = cString(f, d + 44, 64);
        file = cString(f, d + 108, 128);
        cookie = Bytes.int32(f, d + 236);
        int p = d + 240;
        final int end = d + dhcpLength;
        while (p < end) {
            final int code = f[p] & 0xFF;
            if (code == 0) {
                p++;
                continue;
            }
            if (code == 255) {
                order.add(255);
                break;
            }
            final int len = f[p + 1] & 0xFF;
            final byte[] value = Arrays.copyOfRange(f, p + 2, p + 2 + len);
            final byte[] old = options.get(code);
            if (old == null) {
                options.put(code, value);
                order.add(code);
            } else {
                final byte[] joined = Arrays.copyOf(old, old.length + len);
                System.arraycopy(value, 0, joined, old.length, len);
                options.put(code, joined);
            }
            p += 2 + len;
        }
    }

    private static String cString(final byte[] f, final int off, final int len) {
        int n = 0;
        while (n < len && f[off + n] != 0) {
            n++;
        }
        return new String(f, off, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    public int messageType() {
        final byte[] t = options.get(53);
        return t == null ? -1 : t[0] & 0xFF;
    }

    public byte[] option(final int code) {
        return options.get(code);
    }

    public boolean has(final int code) {
        return options.containsKey(code);
    }

    public int optionInt(final int code) {
        return Bytes.int32(options.get(code), 0);
    }

    /** Option codes in wire order; 255 (END) last when present. */
    public List<Integer> order() {
        return order;
    }

    public boolean broadcastFlag() {
        return (flags & 0x8000) != 0;
    }

    public long chaddrMac() {
        return Bytes.mac(chaddr, 0);
    }

    @Override
    public String toString() {
        return "reply type " + messageType() + " yiaddr " + Bytes.ip(yiaddr) + " to " + Bytes.ip(ipDst) + ":"
            + udpDst + " options " + order;
    }
}
