package io.jvde.sw.engine;

import io.jvde.sw.vxlan.VxlanSettings;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UdpSocket;

/**
 * The VXLAN uplink's UDP sockets: the tunnel socket, bound to the local port, which every VTEP sends to and which
 * is read (and sent from), and the send-only sockets on ephemeral ports that spread the flows over source ports
 * (RFC 7348 §5). Opens them with their buffer sizes and multicast options, tells the kernel's drop count at the
 * tunnel socket, closes them.
 */
final class VxlanSockets {
    /** Receive buffer of the send-only sockets: nothing is read from them (the peers send to the local port). */
    private static final int SEND_ONLY_RCVBUF = 4096;

    private final LibC libc = Native.libc();
    /** The tunnel socket (in the loop's epoll set). */
    final int fd;
    /**
     * Sockets that send: [0] is {@link #fd}; more on ephemeral ports when flows are spread over source ports
     * (package-private: a test makes the kernel refuse segmented sends on them).
     */
    final int[] sendFds;
    /** The UDP port of each of {@link #sendFds} (our own datagrams come back from one of these). */
    final int[] sendPorts;
    private final int ifindex;
    /** SO_MEMINFO's answer (u32[SK_MEMINFO_VARS] and its length), read on the control path. */
    private final NativeMemory meminfo = NativeMemory.allocate(Native.SK_MEMINFO_VARS * 4 + 4);
    /** The kernel's drop count of the tunnel socket when it was opened (SO_MEMINFO), and the sizes it granted. */
    private final long skDropsAtStart;
    final int rcvbuf;
    final int sndbuf;

    VxlanSockets(final VxlanSettings settings) {
        // a multicast group is received only on a socket bound to the wildcard address (or the group)
        fd = UdpSocket.open(settings.group() != 0 ? 0 : settings.localAddress(), settings.localPort());
        try {
            // UDP has no back-pressure: bursts from the VTEPs wait here while this thread is not scheduled
            rcvbuf = UdpSocket.setBuffer(fd, true, settings.socketBuffer());
            sndbuf = UdpSocket.setBuffer(fd, false, settings.socketBuffer());
            ifindex = settings.groupInterface() == null ? 0 : UdpSocket.interfaceIndex(settings.groupInterface());
            if (settings.group() != 0) {
                UdpSocket.joinGroup(fd, settings.group(), ifindex, settings.ttl());
            }
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
        sendFds = new int[settings.sourcePorts()];
        sendFds[0] = fd;
        for (int f = 1; f < sendFds.length; f++) {
            try {
                sendFds[f] = UdpSocket.open(settings.localAddress(), 0);
                UdpSocket.setBuffer(sendFds[f], false, settings.socketBuffer());
                UdpSocket.setBuffer(sendFds[f], true, SEND_ONLY_RCVBUF);
                if (settings.group() != 0) {
                    UdpSocket.multicastSender(sendFds[f], ifindex, settings.ttl());
                }
            } catch (RuntimeException e) {
                for (int j = 0; j < f; j++) {
                    libc.close(sendFds[j]);
                }
                throw e;
            }
        }
        sendPorts = new int[sendFds.length];
        sendPorts[0] = settings.localPort();
        for (int f = 1; f < sendFds.length; f++) {
            sendPorts[f] = UdpSocket.localPort(sendFds[f]);
        }
        skDropsAtStart = kernelDrops();
    }

    /**
     * Datagrams the kernel dropped at the tunnel socket (its receive buffer was full), the counter /proc/net/udp
     * shows as "drops", read with SO_MEMINFO; -1 when the kernel cannot tell.
     */
    private long kernelDrops() {
        meminfo.putIntLE(Native.SK_MEMINFO_VARS * 4, Native.SK_MEMINFO_VARS * 4);
        if (libc.getsockopt(fd, Native.SOL_SOCKET, Native.SO_MEMINFO, meminfo.address(),
            meminfo.address() + Native.SK_MEMINFO_VARS * 4) < 0) {
            return -1;
        }
        return meminfo.getIntLE(Native.SK_MEMINFO_DROPS * 4) & 0xFFFFFFFFL;
    }

    /**
     * Datagrams the kernel dropped at the tunnel socket since it was opened (one getsockopt; the kernel's u32 count
     * may wrap), or -1 when the kernel cannot tell.
     */
    long dropsSinceOpen() {
        final long k = kernelDrops();
        if (k >= 0 && skDropsAtStart >= 0) {
            return (k - skDropsAtStart) & 0xFFFFFFFFL;
        }
        return -1;
    }

    /** Whether {@code port} is the UDP port of one of {@link #sendFds} (with the local address: our own datagram). */
    boolean isOwnPort(final int port) {
        for (final int p : sendPorts) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    void close() {
        for (final int s : sendFds) {
            libc.close(s);
        }
        meminfo.free();
    }
}
