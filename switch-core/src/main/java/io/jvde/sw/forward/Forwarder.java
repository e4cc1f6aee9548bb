package io.jvde.sw.forward;

import io.jvde.sw.Errno;
import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.filter.IngressFilter;
import io.jvde.sw.frame.EtherTypes;
import io.jvde.sw.frame.EthernetFrame;
import io.jvde.primitives.Mac48;
import io.jvde.sw.vlan.VlanTable;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The forwarding decision for one received frame (docs/protocol.md §5.1), without I/O: the event loop calls
 * {@link #decide} once per frame and sends the copies the {@link EgressList} describes.
 *
 * <ol>
 *   <li>Frames shorter than 14 bytes are runts; longer than {@link EthernetFrame#MAX_LENGTH} oversize.</li>
 *   <li>Hub mode: every other active port, port 0 included, gets the frame unchanged; no learning, no VLANs.</li>
 *   <li>Classify: a {@code 0x8100} tag gives the VLAN (VID 0, a priority tag, means VLAN 0; VID 4095 is dropped);
 *       the ingress port must be a tagged or untagged member. An untagged frame (including {@code 0x88a8}) takes
 *       the port's untagged VLAN, and is dropped if it has none. Tags of undefined VLANs are dropped, except on
 *       transparent ports (see {@link VlanTable}).</li>
 *   <li>Ingress filter: if one is installed ({@link #ingressFilter(IngressFilter)}) and the frame comes from a
 *       client, the filter may refuse it ({@code FILTERED}).</li>
 *   <li>Learn the source (unless it is a group address) under (VLAN, MAC). A source not yet learned on the
 *       ingress port, on a port that already holds its limit of entries ({@link MacTable#portLimit(int, int)}), is
 *       dropped ({@code MAC_LIMIT}).</li>
 *   <li>Unicast to an address learned on the ingress port is dropped ({@code SAME_PORT}).</li>
 *   <li>Group or unknown destination: flood to the active members except the ingress port. Known: the learned
 *       port only.</li>
 *   <li>Egress tagging: tagged in and tagged out as is (PCP kept); tagged in, untagged out: pop; untagged in,
 *       tagged out: push TCI = VID; untagged in and out as is. Transparent forwarding is always as is.</li>
 *   <li>Mirrors: a frame received on a mirrored port, or sent to one, is also sent to its mirror destination as
 *       the mirrored port sees it (once per destination; never to the ingress port; not to a port that already
 *       gets the frame).</li>
 * </ol>
 * Drops during validation, classification and filtering (steps 1, 3 and 4) happen before learning, so such frames
 * teach the table nothing; destination drops ({@code SAME_PORT}, {@code DST_PORT_INACTIVE}) come after it. The decision allocates nothing: no boxing, iterators or lambdas; port
 * bitsets are walked word by word. Not thread-safe: the event loop owns it.
 */
public final class Forwarder {
    /** {@link #decide} result when the frame is forwarded (to zero or more ports). */
    public static final int FORWARD = -1;

    private final MacTable macs;
    private final VlanTable vlans;
    private final long[] dropCounts = new long[DropReason.COUNT];
    /** Frames flooded per VLAN (unknown or group destination), for metrics; indexed by VID, never allocated. */
    private final long[] floods = new long[4096];
    private boolean hub;
    private int portCapacity;
    private long[] active = new long[0];
    private int[] mirrorTo = new int[0];
    private long[] mirrorMark = new long[0];
    private long mirrorStamp;
    private int mirrorCount;
    private IngressFilter filter;
    /** True during {@link #decideTrusted}: the filter observes the frame instead of judging it. */
    private boolean observeOnly;
    private long filterFailures;
    private RuntimeException lastFilterFailure;

    public Forwarder(final MacTable macs, final VlanTable vlans) {
        this.macs = Objects.requireNonNull(macs, "macs");
        this.vlans = Objects.requireNonNull(vlans, "vlans");
        ensurePortCapacity(vlans.portCapacity());
    }

    /**
     * Grows every per-port structure (this, the VLAN table) to {@code n} ports. Also grow each {@link EgressList}
     * passed to {@link #decide} to {@code n} ({@link EgressList#ensureCapacity}).
     */
    public void ensurePortCapacity(final int n) {
        vlans.ensurePortCapacity(n);
        if (n <= portCapacity) {
            return;
        }
        active = Arrays.copyOf(active, (n + 63) >>> 6);
        mirrorTo = Arrays.copyOf(mirrorTo, n);
        Arrays.fill(mirrorTo, portCapacity, n, -1);
        mirrorMark = Arrays.copyOf(mirrorMark, n);
        macs.ensurePortCapacity(n);
        portCapacity = n;
    }

    public int portCapacity() {
        return portCapacity;
    }

    /** An egress list big enough for the current port count. */
    public EgressList newEgressList() {
        return new EgressList(portCapacity);
    }

    /**
     * Marks {@code port} active (it has at least one endpoint) or inactive. A port that becomes inactive loses
     * its MAC entries (docs/protocol.md §5.2, "Flushing").
     */
    public void setActive(final int port, final boolean isActive) {
        checkPort(port);
        final boolean was = isActive(port);
        if (isActive) {
            active[port >>> 6] |= 1L << port;
        } else {
            active[port >>> 6] &= ~(1L << port);
            if (was) {
                macs.flushPort(port);
            }
        }
    }

    public boolean isActive(final int port) {
        return port >= 0 && port < portCapacity && (active[port >>> 6] & (1L << port)) != 0;
    }

    public boolean hub() {
        return hub;
    }

    /** Hub mode ({@code --hub}, {@code port/sethub}): flood everything, learn nothing. */
    public void hub(final boolean hub) {
        this.hub = hub;
    }

    /**
     * Mirrors port {@code src} to {@code dst}: frames received on {@code src} and frames sent to {@code src} are
     * also sent to {@code dst}, as {@code src} sees them. One destination per source; a new call replaces it.
     *
     * @return {@link Errno#OK}, or {@link Errno#EINVAL} for a port out of range or {@code src == dst}
     */
    public int setMirror(final int src, final int dst) {
        if (src < 0 || src >= portCapacity || dst < 0 || dst >= portCapacity || src == dst) {
            return Errno.EINVAL.code();
        }
        if (mirrorTo[src] < 0) {
            mirrorCount++;
        }
        mirrorTo[src] = dst;
        return Errno.OK;
    }

    /** Stops mirroring {@code src}. */
    public void clearMirror(final int src) {
        checkPort(src);
        if (mirrorTo[src] >= 0) {
            mirrorTo[src] = -1;
            mirrorCount--;
        }
    }

    /** The mirror destination of {@code src}, or -1. */
    public int mirror(final int src) {
        checkPort(src);
        return mirrorTo[src];
    }

    /**
     * Installs the filter consulted for every frame {@link #decide} gets from a client, after classification and
     * before learning (see {@link IngressFilter}); null removes it.
     */
    public void ingressFilter(final IngressFilter f) {
        this.filter = f;
    }

    public IngressFilter ingressFilter() {
        return filter;
    }

    /** Frames dropped because the ingress filter threw (counted as {@code FILTERED} as well). */
    public long filterFailures() {
        return filterFailures;
    }

    /** The last exception the ingress filter threw, or null. */
    public RuntimeException lastFilterFailure() {
        return lastFilterFailure;
    }

    public MacTable macTable() {
        return macs;
    }

    public VlanTable vlanTable() {
        return vlans;
    }

    /** Frames {@link #decide} dropped for {@code reason} (ingress reasons only; the engine counts egress ones). */
    public long drops(final DropReason reason) {
        return dropCounts[reason.ordinal()];
    }

    /**
     * Frames flooded in VLAN {@code vid} (group or unknown destination) since start; hub mode's floods are not
     * counted here (they belong to no VLAN).
     */
    public long floods(final int vid) {
        return vid >= 0 && vid < floods.length ? floods[vid] : 0;
    }

    /**
     * Decides where the frame at absolute {@code off} of {@code buf}, {@code len} bytes, received from a client on
     * {@code ingressPort}, goes, learning its source address on the way. The ingress filter applies.
     *
     * @param out filled with the egress entries; its capacity must be at least {@link #portCapacity()}
     * @return {@link #FORWARD} ({@code out} holds zero or more entries), or the {@link DropReason#id()} of the drop
     */
    public int decide(final ByteBuffer buf, final int off, final int len, final int ingressPort, final long nowNanos,
                      final EgressList out) {
        return decide(buf, off, len, ingressPort, nowNanos, out, true);
    }

    /**
     * As {@link #decide(ByteBuffer, int, int, int, long, EgressList)} for a frame from a trusted uplink: the ingress
     * filter cannot refuse it, it only observes it ({@link IngressFilter#observe}).
     */
    public int decideTrusted(final ByteBuffer buf, final int off, final int len, final int ingressPort,
                             final long nowNanos, final EgressList out) {
        observeOnly = true;
        try {
            return decide(buf, off, len, ingressPort, nowNanos, out, true);
        } finally {
            observeOnly = false;
        }
    }

    /**
     * As {@link #decide(ByteBuffer, int, int, int, long, EgressList)}; {@code filtered} false skips the ingress
     * filter (frames injected by in-process ports).
     */
    public int decide(final ByteBuffer buf, final int off, final int len, final int ingressPort, final long nowNanos,
                      final EgressList out, final boolean filtered) {
        if (out.capacity() < portCapacity) {
            throw new IllegalArgumentException("egress list capacity: " + out.capacity()
                + " (expected: >= port capacity " + portCapacity + ")");
        }
        out.reset();
        if (len < EthernetFrame.MIN_LENGTH) {
            return drop(DropReason.RUNT);
        }
        if (len > EthernetFrame.MAX_LENGTH) {
            return drop(DropReason.OVERSIZE);
        }
        if (hub) {
            if (filtered && filter != null && !admit(buf, off, len, ingressPort, 0)) {
                return drop(DropReason.FILTERED);
            }
            out.flood(true);
            floodAsIs(active, ingressPort, out);
            addMirrors(ingressPort, out);
            return FORWARD;
        }
        if (EthernetFrame.etherType(buf, off) != EtherTypes.VLAN) {
            // Untagged, including 0x88a8: only 0x8100 is a tag here (docs/protocol.md §5.1 step 3).
            final int vid = vlans.untaggedVlan(ingressPort);
            if (vid == VlanTable.NONE) {
                return drop(DropReason.NO_UNTAGGED_VLAN);
            }
            return forward(buf, off, len, ingressPort, nowNanos, out, vid, false, vlans.members(vid),
                vlans.untaggedMembers(vid), filtered);
        }
        if (len < EthernetFrame.MIN_TAGGED_LENGTH) {
            return drop(DropReason.TAGGED_RUNT);
        }
        final int vid = EthernetFrame.vid(buf, off); // VID 0 (priority tag) is VLAN 0
        if (vid == VlanTable.NONE) {
            return drop(DropReason.VID_4095);
        }
        final long[] members = vlans.members(vid);
        if (members == null) {
            if (!vlans.isTransparent(ingressPort)) {
                return drop(DropReason.VLAN_UNDEFINED);
            }
            // Transparent mode: a VID nobody configured passes unchanged between default ports.
            return forward(buf, off, len, ingressPort, nowNanos, out, vid, true, vlans.transparentPorts(), null,
                filtered);
        }
        if (!isSet(members, ingressPort)) {
            return drop(DropReason.VLAN_NOT_MEMBER);
        }
        return forward(buf, off, len, ingressPort, nowNanos, out, vid, true, members, vlans.untaggedMembers(vid),
            filtered);
    }

    /**
     * Forwards within one VLAN whose member set is {@code members}; {@code untagged} marks the members that get
     * the frame untagged, null when every egress copy keeps the frame as received (transparent mode).
     */
    private int forward(final ByteBuffer buf, final int off, final int len, final int ingressPort,
                        final long nowNanos, final EgressList out, final int vid, final boolean tagged,
                        final long[] members, final long[] untagged, final boolean filtered) {
        // The filter runs before learning: a refused frame must not teach the table (or fill a port's limit).
        if (filtered && filter != null && !admit(buf, off, len, ingressPort, vid)) {
            return drop(DropReason.FILTERED);
        }
        out.classified(vid, vid); // untagged to tagged: TCI = VID, PCP 0, DEI 0
        // Learn before the destination check, as vde_switch does (§5.1 steps 6-8): a frame dropped as SAME_PORT
        // still proves where its source is, which matters behind a cascaded switch.
        final long src = EthernetFrame.src(buf, off);
        if (!Mac48.isGroup(src)) {
            final int result = macs.learn(vid, src, ingressPort, nowNanos);
            if (result == MacTable.REFUSED) {
                return drop(DropReason.MAC_LIMIT);
            }
            out.learned(result, macs.previousPort());
        }
        final long dst = EthernetFrame.dst(buf, off);
        int target = -1;
        if (!Mac48.isGroup(dst)) {
            final int learned = macs.lookup(vid, dst, nowNanos, ingressPort);
            if (learned >= 0) {
                if (learned == ingressPort) {
                    return drop(DropReason.SAME_PORT);
                }
                if (isSet(members, learned)) {
                    if (!isActive(learned)) {
                        return drop(DropReason.DST_PORT_INACTIVE);
                    }
                    target = learned;
                }
                // Learned on a port that has left the VLAN since: treat as unknown and flood.
            }
        }
        if (target >= 0) {
            out.add(target, egressAction(tagged, untagged, target), false);
        } else {
            out.flood(true);
            floods[vid]++;
            if (untagged == null) {
                floodAsIs(members, ingressPort, out);
            } else {
                flood(members, untagged, tagged, ingressPort, out);
            }
        }
        addMirrors(ingressPort, out);
        return FORWARD;
    }

    private boolean admit(final ByteBuffer buf, final int off, final int len, final int ingressPort,
                          final int vid) {
        try {
            if (observeOnly) {
                filter.observe(buf, off, len, ingressPort, vid);
                return true;
            }
            return filter.admit(buf, off, len, ingressPort, vid);
        } catch (RuntimeException e) {
            // A broken filter must not end the event loop; failing closed keeps what it guards guarded (a trusted
            // uplink's frame passes: the filter only looked at it).
            filterFailures++;
            lastFilterFailure = e;
            return observeOnly;
        }
    }

    /**
     * Checks a frame an in-process port on {@code ingressPort} addresses to {@code egressPort} alone
     * ({@link io.jvde.sw.port.LocalPortContext#injectTo}) without changing anything: its VLAN is the tag's, or the
     * ingress port's untagged VLAN for an untagged frame; {@code egressPort} must be an active member of it (a
     * transparent port for a VID nobody defined). The ingress port need not be a member: the frame is addressed,
     * not switched.
     *
     * @return {@link #FORWARD}, or the {@link DropReason#id()} of why it cannot be delivered (not counted here)
     */
    public int checkDirected(final ByteBuffer buf, final int off, final int len, final int ingressPort,
                             final int egressPort) {
        if (len < EthernetFrame.MIN_LENGTH) {
            return DropReason.RUNT.ordinal();
        }
        if (len > EthernetFrame.MAX_LENGTH) {
            return DropReason.OVERSIZE.ordinal();
        }
        if (!isActive(egressPort)) {
            return DropReason.DST_PORT_INACTIVE.ordinal(); // also a port that does not exist
        }
        if (hub) {
            return FORWARD;
        }
        if (EthernetFrame.etherType(buf, off) != EtherTypes.VLAN) {
            final int vid = vlans.untaggedVlan(ingressPort);
            if (vid == VlanTable.NONE) {
                return DropReason.NO_UNTAGGED_VLAN.ordinal();
            }
            return isSet(vlans.members(vid), egressPort) ? FORWARD : DropReason.VLAN_NOT_MEMBER.ordinal();
        }
        if (len < EthernetFrame.MIN_TAGGED_LENGTH) {
            return DropReason.TAGGED_RUNT.ordinal();
        }
        final int vid = EthernetFrame.vid(buf, off);
        if (vid == VlanTable.NONE) {
            return DropReason.VID_4095.ordinal();
        }
        final long[] members = vlans.members(vid);
        if (members == null) {
            return vlans.isTransparent(egressPort) ? FORWARD : DropReason.VLAN_UNDEFINED.ordinal();
        }
        return isSet(members, egressPort) ? FORWARD : DropReason.VLAN_NOT_MEMBER.ordinal();
    }

    /**
     * The egress list for a frame addressed to {@code egressPort} alone (see {@link #checkDirected}): one entry,
     * tagged or untagged for that port exactly as a forwarded frame would be, plus mirror copies. No flooding, no
     * ingress filter, no MAC table lookup; the source is learned as for a forwarded frame, so unicast to the local
     * port (a renewal, a DNS query, a TFTP ACK) is not flooded to every port of the VLAN.
     *
     * @return {@link #FORWARD}, or the {@link DropReason#id()} of the drop (counted like other drops)
     */
    public int decideDirected(final ByteBuffer buf, final int off, final int len, final int ingressPort,
                              final int egressPort, final long nowNanos, final EgressList out) {
        if (out.capacity() < portCapacity) {
            throw new IllegalArgumentException("egress list capacity: " + out.capacity()
                + " (expected: >= port capacity " + portCapacity + ")");
        }
        out.reset();
        final int r = checkDirected(buf, off, len, ingressPort, egressPort);
        if (r != FORWARD) {
            dropCounts[r]++;
            return r;
        }
        if (hub) {
            out.add(egressPort, EgressAction.AS_IS, false);
        } else if (EthernetFrame.etherType(buf, off) != EtherTypes.VLAN) {
            final int vid = vlans.untaggedVlan(ingressPort);
            out.classified(vid, vid);
            learnDirected(buf, off, vid, ingressPort, nowNanos, out);
            out.add(egressPort, egressAction(false, vlans.untaggedMembers(vid), egressPort), false);
        } else {
            final int vid = EthernetFrame.vid(buf, off);
            out.classified(vid, vid);
            learnDirected(buf, off, vid, ingressPort, nowNanos, out);
            final long[] members = vlans.members(vid);
            out.add(egressPort, members == null ? EgressAction.AS_IS
                : egressAction(true, vlans.untaggedMembers(vid), egressPort), false);
        }
        addMirrors(ingressPort, out);
        return FORWARD;
    }

    /**
     * A directed frame's source is learned unless another port holds it (a local service never moves a host's
     * entry); a refusal (a port's MAC limit) does not stop the frame.
     */
    private void learnDirected(final ByteBuffer buf, final int off, final int vid, final int ingressPort,
                               final long nowNanos, final EgressList out) {
        final long src = EthernetFrame.src(buf, off);
        if (!Mac48.isGroup(src)) {
            final int holder = macs.lookup(vid, src, nowNanos);
            if (holder >= 0 && holder != ingressPort) {
                return;
            }
            final int result = macs.learn(vid, src, ingressPort, nowNanos);
            if (result != MacTable.REFUSED) {
                out.learned(result, macs.previousPort());
            }
        }
    }

    private void flood(final long[] members, final long[] untagged, final boolean tagged, final int ingressPort,
                       final EgressList out) {
        final int words = Math.min(members.length, active.length);
        for (int w = 0; w < words; w++) {
            long bits = members[w] & active[w];
            if (w == ingressPort >>> 6) {
                bits &= ~(1L << ingressPort);
            }
            while (bits != 0) {
                final int port = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                out.add(port, egressAction(tagged, untagged, port), false);
            }
        }
    }

    private void floodAsIs(final long[] ports, final int ingressPort, final EgressList out) {
        final int words = Math.min(ports.length, active.length);
        for (int w = 0; w < words; w++) {
            long bits = ports[w] & active[w];
            if (w == ingressPort >>> 6) {
                bits &= ~(1L << ingressPort);
            }
            while (bits != 0) {
                out.add((w << 6) + Long.numberOfTrailingZeros(bits), EgressAction.AS_IS, false);
                bits &= bits - 1;
            }
        }
    }

    /** The four tagging cases of docs/protocol.md §5.1. */
    private static int egressAction(final boolean tagged, final long[] untagged, final int port) {
        if (untagged == null) {
            return EgressAction.AS_IS;
        }
        final boolean untaggedEgress = isSet(untagged, port);
        if (tagged) {
            return untaggedEgress ? EgressAction.POP_TAG : EgressAction.AS_IS;
        }
        return untaggedEgress ? EgressAction.AS_IS : EgressAction.PUSH_TAG;
    }

    private void addMirrors(final int ingressPort, final EgressList out) {
        if (mirrorCount == 0) {
            return;
        }
        // Stamps instead of clearing a per-port set on every frame; a long never wraps in practice.
        final long stamp = ++mirrorStamp;
        final int normal = out.count();
        for (int i = 0; i < normal; i++) {
            mirrorMark[out.port(i)] = stamp;
        }
        mirrorMark[ingressPort] = stamp;
        addMirror(mirrorTo[ingressPort], EgressAction.AS_IS, stamp, out);
        for (int i = 0; i < normal; i++) {
            addMirror(mirrorTo[out.port(i)], out.action(i), stamp, out);
        }
    }

    private void addMirror(final int dst, final int action, final long stamp, final EgressList out) {
        if (dst >= 0 && mirrorMark[dst] != stamp && isActive(dst)) {
            mirrorMark[dst] = stamp;
            out.add(dst, action, true);
        }
    }

    private int drop(final DropReason reason) {
        dropCounts[reason.ordinal()]++;
        return reason.ordinal();
    }

    private void checkPort(final int port) {
        if (port < 0 || port >= portCapacity) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0.." + (portCapacity - 1) + ")");
        }
    }

    private static boolean isSet(final long[] bits, final int port) {
        final int w = port >>> 6;
        return w < bits.length && (bits[w] & (1L << port)) != 0;
    }
}
