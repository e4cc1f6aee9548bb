package io.jvde.bench.dhcp;

import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.SockaddrIn;
import io.jvde.vde.sys.UdpSocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import static io.jvde.bench.dhcp.DoraLoad.AF_PACKET;
import static io.jvde.bench.dhcp.DoraLoad.ETH_P_IP;
import static io.jvde.bench.dhcp.DoraLoad.PACKET_ADD_MEMBERSHIP;
import static io.jvde.bench.dhcp.DoraLoad.PACKET_IGNORE_OUTGOING;
import static io.jvde.bench.dhcp.DoraLoad.PACKET_MR_PROMISC;
import static io.jvde.bench.dhcp.DoraLoad.SOCK_RAW;
import static io.jvde.bench.dhcp.DoraLoad.SOL_PACKET;
import static io.jvde.bench.dhcp.DoraLoad.SO_TIMESTAMPNS;

/** DoraLoad's socket and the addresses around it: the AF_PACKET socket, the interface's MAC, the server's by ARP. */
final class DoraLink {
    private DoraLink() {
    }

    /**
     * An AF_PACKET socket for IPv4 frames bound to interface {@code ifindex}: non-blocking, kernel receive
     * timestamps, our own outgoing frames not looped back (the parser rejects BOOTREQUESTs anyway), large
     * buffers; promiscuous when {@code promisc} (direct clients' unicast replies go to MACs not the interface's).
     */
    static int packetSocket(final int ifindex, final boolean promisc) {
        final LibC libc = Native.libc();
        final int fd = libc.socket(AF_PACKET, SOCK_RAW | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC,
            Short.reverseBytes((short) ETH_P_IP) & 0xFFFF);
        if (fd < 0) {
            final int err = Native.errno();
            throw new IllegalStateException("AF_PACKET socket: " + Native.strerror(err)
                + (err == Native.EPERM || err == Native.EACCES ? " (needs root or CAP_NET_RAW)" : ""));
        }
        try (NativeMemory m = NativeMemory.allocate(20)) {
            // struct sockaddr_ll { u16 family; be16 protocol; int ifindex; u16 hatype; u8 pkttype, halen; u8 addr[8]; }
            m.putShortLE(0, (short) AF_PACKET);
            m.buffer().putShort(2, (short) ETH_P_IP);
            m.putIntLE(4, ifindex);
            check(libc.bind(fd, m.address(), 20), fd, "bind AF_PACKET socket to interface " + ifindex);
            m.putIntLE(0, 1);
            libc.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, m.address(), 4); // Linux >= 4.20; optional
            check(libc.setsockopt(fd, Native.SOL_SOCKET, SO_TIMESTAMPNS, m.address(), 4), fd, "SO_TIMESTAMPNS");
            if (promisc) {
                // struct packet_mreq { int ifindex; u16 type; u16 alen; u8 address[8]; }
                m.putIntLE(0, ifindex);
                m.putShortLE(4, (short) PACKET_MR_PROMISC);
                m.putShortLE(6, (short) 0);
                check(libc.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, m.address(), 16), fd,
                    "PACKET_ADD_MEMBERSHIP");
            }
        }
        UdpSocket.setBuffer(fd, true, 8 << 20);
        UdpSocket.setBuffer(fd, false, 4 << 20);
        return fd;
    }

    private static void check(final int r, final int fd, final String what) {
        if (r < 0) {
            final int err = Native.errno();
            Native.libc().close(fd);
            throw new IllegalStateException(what + ": " + Native.strerror(err));
        }
    }

    /** A UDP socket on port 67 that is never read, with the smallest receive buffer; -1 when 67 is taken. */
    static int udpSink() {
        try {
            final int s = UdpSocket.open(0, DoraFrames.SERVER_PORT);
            UdpSocket.setBuffer(s, true, 1);
            return s;
        } catch (RuntimeException e) {
            System.err.println("DoraLoad: warning: cannot bind UDP port 67 (" + e.getMessage()
                + "): the kernel may answer the server's replies with ICMP port unreachable");
            return -1;
        }
    }

    static long ownMac(final String iface) throws IOException {
        final Path p = Path.of("/sys/class/net", iface, "address");
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing (is /sys this network namespace's?)");
        }
        return DoraOptions.parseMac(Files.readString(p).trim());
    }

    /**
     * The server's MAC from the kernel's neighbour table (/proc/net/arp of this network namespace); when it has
     * none yet, a datagram to the server's discard port makes the kernel ask (ARP), polled for up to 2 s.
     */
    static long arpMac(final String iface, final int ip) throws IOException {
        final String want = SockaddrIn.text(ip);
        for (int attempt = 0; attempt < 40; attempt++) {
            for (String row : Files.readAllLines(Path.of("/proc/net/arp"))) {
                final String[] f = row.trim().split("\\s+");
                if (f.length >= 6 && f[0].equals(want) && f[5].equals(iface)
                    && !"00:00:00:00:00:00".equals(f[3])) {
                    return DoraOptions.parseMac(f[3]);
                }
            }
            if (attempt % 10 == 0) {
                poke(ip);
            }
            LockSupport.parkNanos(50_000_000L);
        }
        throw new IllegalStateException("no ARP entry for " + want + " on " + iface
            + " within 2 s (is the server's address on this link? --server-mac gives it)");
    }

    /** One UDP datagram to ip:9 (discard): the kernel resolves the address first. */
    private static void poke(final int ip) {
        final LibC libc = Native.libc();
        final int s = UdpSocket.open(0, 0);
        try (NativeMemory m = NativeMemory.allocate(SockaddrIn.LENGTH)) {
            SockaddrIn.write(m.buffer(), 0, ip, 9);
            if (libc.connect(s, m.address(), SockaddrIn.LENGTH) == 0) {
                libc.send(s, m.address(), 1, Native.MSG_DONTWAIT);
            }
        } finally {
            libc.close(s);
        }
    }
}
