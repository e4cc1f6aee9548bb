package io.jvde.sw.engine;

import io.jvde.sw.vxlan.VxlanDrop;
import io.jvde.sw.vxlan.VxlanHeader;
import io.jvde.sw.vxlan.VxlanSettings;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrIn;
import io.jvde.vde.sys.UdpOffload;

import java.nio.ByteBuffer;

/**
 * Sends frames to a remote VTEP (RFC 7348): each behind a VXLAN header for its VLAN's VNI, the header in front of the
 * frame's own iovecs (no copy), through the source socket its inner flow hashes to, with sendmmsg. With the UDP
 * offloads ({@link VxlanSettings#offload()}), runs of equal-sized datagrams leave in one UDP_SEGMENT send: one skb
 * and one syscall carry many frames, which is what the kernel's per-datagram cost needed; when the kernel refuses a
 * segmented send, it falls back to one datagram per message for good. Loop thread only; nothing is allocated per
 * frame.
 */
final class VxlanSender {
    private static final int TX_IOVECS = 4;
    private static final com.kenai.jffi.MemoryIO IO = com.kenai.jffi.MemoryIO.getInstance();

    private final VxlanUplink uplink;
    private final VxlanSettings settings;
    private final SwitchAgent agent;
    private final VxlanVniMap vnis;
    private final VxlanDrops drops;
    private final LibC libc = Native.libc();
    /** The sockets that send (see {@link VxlanSockets#sendFds}). */
    private final int[] sendFds;
    private final int[] txSocket = new int[Attachment.TX_BATCH];

    // send: iov 0 = header from txHeaders, then the frame's pieces without its tag
    private final MmsgVector txVector = new MmsgVector(Attachment.TX_BATCH, TX_IOVECS);
    private final NativeMemory txHeaders = NativeMemory.allocate(Attachment.TX_BATCH * VxlanHeader.LENGTH);
    private final int[] txInput = new int[Attachment.TX_BATCH];
    /** Per message of {@link #txVector}: its UDP payload length (header + inner frame). */
    private final int[] txLength = new int[Attachment.TX_BATCH];

    // segmented send (UDP_SEGMENT): one message per run of equal-sized datagrams through one socket
    private final MmsgVector gsoVector = new MmsgVector(Attachment.TX_BATCH, Attachment.TX_BATCH * TX_IOVECS);
    private final NativeMemory gsoControl = NativeMemory.allocate(Attachment.TX_BATCH * UdpOffload.CMSG_SPACE);
    /** Per message of {@link #gsoVector}: its first message of {@link #txVector}, how many, and its socket. */
    private final int[] gsoFirst = new int[Attachment.TX_BATCH];
    private final int[] gsoCount = new int[Attachment.TX_BATCH];
    private final int[] gsoSocket = new int[Attachment.TX_BATCH];
    /** Segmented sends on: settings.offload() until the kernel refuses one. */
    private boolean gso;
    /** Segmented sends made: the offload at work. */
    long segmentedSends;
    /** Set by {@link #sendSegmented} when the socket is full. */
    private boolean txBlocked;
    /**
     * Frames of this {@link #send} dropped before the socket (no VNI, over the inner MTU): their index, reason and
     * inner length, counted once the number taken is known. A frame behind one the full socket refused is not
     * taken: it comes back with the retry, and counting it now too would count it twice.
     */
    private final int[] dropInput = new int[Attachment.TX_BATCH];
    private final VxlanDrop[] dropReason = new VxlanDrop[Attachment.TX_BATCH];
    private final int[] dropInner = new int[Attachment.TX_BATCH];
    private int dropCount;

    VxlanSender(final VxlanUplink uplink, final SwitchAgent agent, final VxlanSockets sockets, final VxlanVniMap vnis,
                final VxlanDrops drops) {
        this.uplink = uplink;
        this.settings = uplink.settings;
        this.agent = agent;
        this.vnis = vnis;
        this.drops = drops;
        this.sendFds = sockets.sendFds;
        gso = settings.offload();
    }

    /** Whether segmented sends (UDP_SEGMENT) are on. */
    boolean segmenting() {
        return gso;
    }

    /**
     * Sends frames [0, n) of {@code v} to {@code peer}, each behind a VXLAN header for its VLAN's VNI and without its
     * tag (RFC 7348 §6.1: no inner tag). Frames of unmapped VLANs and frames over the inner MTU are dropped and
     * counted (taken); returns how many were taken, fewer only when the socket is full.
     */
    int send(final VxlanPeerTransport peer, final MmsgVector v, final int n) {
        final ByteBuffer hb = txHeaders.buffer();
        int m = 0;
        dropCount = 0;
        for (int k = 0; k < n; k++) {
            final int pieces = v.iovCountOf(k);
            final int total = v.iovTotal(k);
            final int type = ((byteAt(v, k, pieces, 12) & 0xFF) << 8) | (byteAt(v, k, pieces, 13) & 0xFF);
            final boolean tagged = type == 0x8100;
            final int vlan = tagged
                ? ((byteAt(v, k, pieces, 14) & 0x0F) << 8) | (byteAt(v, k, pieces, 15) & 0xFF) : 0;
            final int vni = vnis.vniOf(vlan);
            if (vni < 0) {
                dropLater(k, VxlanDrop.NO_VNI, 0);
                continue;
            }
            final int inner = tagged ? total - 4 : total;
            if (inner - 14 > settings.innerMtu()) {
                dropLater(k, VxlanDrop.INNER_MTU, inner);
                continue;
            }
            VxlanHeader.write(hb, m * VxlanHeader.LENGTH, vni);
            txVector.name(m, peer.sockaddr.address(), SockaddrIn.LENGTH);
            txVector.iov(m, 0, txHeaders.address() + (long) m * VxlanHeader.LENGTH, VxlanHeader.LENGTH);
            int out = 1;
            int pos = 0;
            for (int j = 0; j < pieces; j++) {
                final long base = v.iovBase(k, j);
                final int plen = v.iovLength(k, j);
                final int end = pos + plen;
                if (!tagged || end <= 12 || pos >= 16) {
                    out = piece(m, out, base, plen);
                } else {
                    // cut logical bytes [12, 16), the tag, out of this piece
                    if (pos < 12) {
                        out = piece(m, out, base, 12 - pos);
                    }
                    if (end > 16) {
                        out = piece(m, out, base + (16 - pos), end - 16);
                    }
                }
                pos = end;
            }
            txVector.iovCount(m, out);
            txLength[m] = VxlanHeader.LENGTH + inner;
            txInput[m] = k;
            txSocket[m] = sendFds.length == 1 ? 0
                : Integer.remainderUnsigned(flowHash(v, k, pieces, tagged), sendFds.length);
            m++;
        }
        int sent = 0;
        if (gso && m > 1) {
            txBlocked = false;
            sent = sendSegmented(peer, m);
            if (txBlocked) {
                return taken(peer, txInput[sent]);
            }
        }
        while (sent < m) {
            int run = sent + 1; // a run of messages that leave through the same socket
            while (run < m && txSocket[run] == txSocket[sent]) {
                run++;
            }
            final int r = libc.sendmmsg(sendFds[txSocket[sent]], txVector.address(sent), run - sent,
                Native.MSG_DONTWAIT);
            if (r > 0) {
                for (int j = sent; j < sent + r; j++) {
                    peer.txFrames++;
                    peer.txBytes += txVector.length(j) - VxlanHeader.LENGTH;
                }
                sent += r;
                continue;
            }
            final int err = Native.errno();
            if (err == Native.EAGAIN || err == Native.EINTR || err == Native.ENOBUFS) {
                uplink.awaitWritable();
                return taken(peer, txInput[sent]);
            }
            if (drops.count(peer, VxlanDrop.SEND_ERROR, 0)) {
                agent.log.log("vxlan: send to " + peer.description() + " failed: " + Native.strerror(err)
                    + " (counted in vxlan/print; logged once)");
            }
            sent++; // that datagram is lost; the rest may still go
        }
        return taken(peer, n);
    }

    private void dropLater(final int k, final VxlanDrop reason, final int inner) {
        dropInput[dropCount] = k;
        dropReason[dropCount] = reason;
        dropInner[dropCount] = inner;
        dropCount++;
    }

    /** Counts the drops among the frames taken, [0, {@code taken}), and returns {@code taken}. */
    private int taken(final VxlanPeerTransport peer, final int taken) {
        for (int d = 0; d < dropCount && dropInput[d] < taken; d++) {
            if (drops.count(peer, dropReason[d], 0) && dropReason[d] == VxlanDrop.INNER_MTU) {
                final int inner = dropInner[d];
                agent.log.log("vxlan: dropping a " + inner + "-byte frame to " + peer.description()
                    + ": larger than inner MTU " + settings.innerMtu() + " allows (" + (settings.innerMtu() + 14)
                    + " bytes with the Ethernet header); raise --vxlan-mtu for a jumbo underlay"
                    + " (counted in vxlan/print; logged once)");
            }
        }
        return taken;
    }

    /**
     * Sends messages [0, m) of {@link #txVector} with UDP_SEGMENT: each run of equal-sized datagrams that leave
     * through the same socket becomes one message the kernel cuts into those datagrams. Returns how many of the
     * messages went; fewer when the socket is full ({@link #txBlocked}) or the kernel refused a segmented send (then
     * segmentation is off from now on, logged once, and the caller sends the rest one datagram each).
     */
    private int sendSegmented(final VxlanPeerTransport peer, final int m) {
        int g = 0;
        for (int i = 0; i < m;) {
            final int len = txLength[i];
            int j = i + 1;
            while (j < m && txSocket[j] == txSocket[i] && txLength[j] == len && j - i < UdpOffload.MAX_SEGMENTS
                && (j - i + 1) * len <= UdpOffload.MAX_PAYLOAD) {
                j++;
            }
            gsoVector.name(g, peer.sockaddr.address(), SockaddrIn.LENGTH);
            int out = 0;
            for (int k = i; k < j; k++) {
                for (int p = 0, pieces = txVector.iovCountOf(k); p < pieces; p++) {
                    gsoVector.iov(g, out++, txVector.iovBase(k, p), txVector.iovLength(k, p));
                }
            }
            gsoVector.iovCount(g, out);
            if (j - i > 1) {
                UdpOffload.writeSegmentSize(gsoControl, g * UdpOffload.CMSG_SPACE, len);
                gsoVector.control(g, gsoControl.address() + (long) g * UdpOffload.CMSG_SPACE, UdpOffload.CMSG_SPACE);
            } else {
                gsoVector.control(g, 0, 0);
            }
            gsoFirst[g] = i;
            gsoCount[g] = j - i;
            gsoSocket[g] = txSocket[i];
            g++;
            i = j;
        }
        int sent = 0;
        while (sent < g) {
            int run = sent + 1;
            while (run < g && gsoSocket[run] == gsoSocket[sent]) {
                run++;
            }
            final int r = libc.sendmmsg(sendFds[gsoSocket[sent]], gsoVector.address(sent), run - sent,
                Native.MSG_DONTWAIT);
            if (r > 0) {
                for (int x = sent; x < sent + r; x++) {
                    if (gsoCount[x] > 1) {
                        segmentedSends++;
                    }
                    for (int k = gsoFirst[x]; k < gsoFirst[x] + gsoCount[x]; k++) {
                        peer.txFrames++;
                        peer.txBytes += txLength[k] - VxlanHeader.LENGTH;
                    }
                }
                sent += r;
                continue;
            }
            final int err = Native.errno();
            if (err == Native.EAGAIN || err == Native.EINTR || err == Native.ENOBUFS) {
                txBlocked = true;
                uplink.awaitWritable();
            } else if (gsoCount[sent] > 1) {
                gso = false;
                agent.log.log("vxlan: the kernel refused a segmented send (UDP_SEGMENT) to " + peer.description()
                    + ": " + Native.strerror(err) + "; sending one datagram per call from now on (logged once)");
            }
            return gsoFirst[sent]; // a plain message that failed: the caller's loop retries and counts it
        }
        return m;
    }

    /**
     * A hash of the inner flow (RFC 7348 §5, source port entropy): the MAC addresses and, for IPv4, the addresses,
     * the protocol and, for TCP and UDP, the ports; the same flow always leaves through the same source port.
     */
    private static int flowHash(final MmsgVector v, final int k, final int pieces, final boolean tagged) {
        int h = 0x9747b28c;
        for (int i = 0; i < 12; i++) {
            h = (h ^ byteAt(v, k, pieces, i)) * 0x01000193;
        }
        final int l3 = tagged ? 18 : 14;
        final int type = ((byteAt(v, k, pieces, l3 - 2) & 0xFF) << 8) | (byteAt(v, k, pieces, l3 - 1) & 0xFF);
        if (type == 0x0800) {
            final int ihl = (byteAt(v, k, pieces, l3) & 0x0F) * 4;
            final int proto = byteAt(v, k, pieces, l3 + 9) & 0xFF;
            for (int i = 12; i < 20; i++) {
                h = (h ^ byteAt(v, k, pieces, l3 + i)) * 0x01000193;
            }
            h = (h ^ proto) * 0x01000193;
            if (proto == 6 || proto == 17) {
                for (int i = 0; i < 4; i++) {
                    h = (h ^ byteAt(v, k, pieces, l3 + ihl + i)) * 0x01000193;
                }
            }
        }
        return h ^ (h >>> 16);
    }

    private int piece(final int m, final int out, final long base, final int len) {
        if (len > 0) {
            txVector.iov(m, out, base, len);
            return out + 1;
        }
        return out;
    }

    /** Byte {@code at} of frame {@code k} as its iovecs lay it out (-1 past the end). */
    private static int byteAt(final MmsgVector v, final int k, final int pieces, final int at) {
        int pos = 0;
        for (int j = 0; j < pieces; j++) {
            final int len = v.iovLength(k, j);
            if (at < pos + len) {
                return IO.getByte(v.iovBase(k, j) + (at - pos));
            }
            pos += len;
        }
        return -1;
    }

    void free() {
        txVector.free();
        txHeaders.free();
        gsoVector.free();
        gsoControl.free();
    }
}
