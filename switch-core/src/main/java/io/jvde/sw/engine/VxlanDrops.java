package io.jvde.sw.engine;

import io.jvde.sw.vxlan.VxlanDrop;
import io.jvde.vde.sys.SockaddrIn;

import java.util.Map;

/**
 * The VXLAN uplink's drops by reason, for the uplink and for the peer when it is known, each reason logged the
 * first time it is seen: the receiver and the sender count here (hot path: a counter, no exception), the console
 * reads them (vxlan/print, drops()). Loop thread only.
 */
final class VxlanDrops {
    final long[] counts = new long[VxlanDrop.COUNT];
    private final boolean[] logged = new boolean[VxlanDrop.COUNT];
    private final SwitchLog log;

    VxlanDrops(final SwitchLog log) {
        this.log = log;
    }

    /** Counts a drop (per peer when known); true the first time the reason is seen (log it once). */
    boolean count(final VxlanPeerTransport peer, final VxlanDrop reason, final int source) {
        counts[reason.ordinal()]++;
        if (peer != null) {
            peer.drops[reason.ordinal()]++;
        }
        if (logged[reason.ordinal()]) {
            return false;
        }
        logged[reason.ordinal()] = true;
        if (reason != VxlanDrop.INNER_MTU && reason != VxlanDrop.SEND_ERROR) {
            log.log("vxlan: dropping datagrams: " + reason.label()
                + (peer != null ? " from " + peer.description() : "")
                + (source != 0 ? " from " + SockaddrIn.text(source) : "")
                + " (counted in vxlan/print; logged once)");
        }
        return true;
    }

    /**
     * The kernel has dropped {@code n} datagrams at the tunnel socket since it was opened (its {@code rcvbuf}-byte
     * receive buffer was full): brings the rcvbuf-overflow count up to it (control path).
     */
    void rcvbufOverflows(final long n, final int rcvbuf) {
        if (n > counts[VxlanDrop.RCVBUF_OVERFLOW.ordinal()]) {
            counts[VxlanDrop.RCVBUF_OVERFLOW.ordinal()] = n;
            if (!logged[VxlanDrop.RCVBUF_OVERFLOW.ordinal()]) {
                logged[VxlanDrop.RCVBUF_OVERFLOW.ordinal()] = true;
                log.log("vxlan: the kernel dropped " + n + " datagram(s) (a coalesced train counts once) at "
                    + "the tunnel socket: its "
                    + rcvbuf + "-byte receive buffer was full (raise --vxlan-sockbuf; counted in vxlan/print as "
                    + "rcvbuf_overflow; logged once)");
            }
        }
    }

    /** The non-zero counts of {@code counts} (the uplink's or a peer's) by lower-case reason name. */
    static Map<String, Long> map(final long[] counts) {
        final Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (final VxlanDrop d : VxlanDrop.values()) {
            if (counts[d.ordinal()] != 0) {
                m.put(d.name().toLowerCase(java.util.Locale.ROOT), counts[d.ordinal()]);
            }
        }
        return m;
    }

    /** One line per non-zero count of {@code counts}: {@code prefix}, the lower-case reason name, the count. */
    static void append(final StringBuilder sb, final String prefix, final long[] counts) {
        for (final VxlanDrop d : VxlanDrop.values()) {
            if (counts[d.ordinal()] != 0) {
                sb.append(prefix).append(d.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(counts[d.ordinal()]).append('\n');
            }
        }
    }
}
