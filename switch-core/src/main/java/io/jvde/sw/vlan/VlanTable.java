package io.jvde.sw.vlan;

import io.jvde.sw.Errno;
import io.jvde.sw.fdb.MacTable;

import java.util.Arrays;
import java.util.Objects;

/**
 * The VLAN configuration of the switch (docs/protocol.md §5.4) and the per-VID port bitsets the forwarding path
 * reads.
 *
 * <h2>Model</h2>
 * VLAN 0 exists from the start and cannot be removed; {@link #create} accepts 1..4094 (IEEE 802.1Q: 0 is the
 * priority tag, 4095 reserved; vde_switch rejects 4094 by an off-by-one, jvde does not). A port is an untagged
 * member of at most one VLAN ({@link #setUntagged}, {@link #NONE} = no untagged traffic) and a tagged member of
 * any number ({@link #addTagged}). Every port starts, and returns after {@link #resetPort}, as an untagged member of
 * VLAN 0 with no tagged memberships: the <em>default configuration</em>. Operations return {@link Errno} codes the
 * console prints, with vde_switch's choices: out-of-range numbers {@code EINVAL}, an undefined VLAN {@code ENXIO},
 * an existing VLAN {@code EEXIST}, a VLAN still in use {@code EADDRINUSE}.
 *
 * <h2>Transparent mode</h2>
 * vde_switch drops every tagged frame on a default port, because only VLAN 0 exists and a tag names another VLAN
 * (vde-2 issue #49); that forces test frameworks into hub mode to let guests use 802.1Q sub-interfaces. Unless this
 * table is {@linkplain #strict() strict}, jvde treats ports in the default configuration as <em>transparent</em>:
 * <ul>
 *   <li>A frame tagged with a VID that is <em>not</em> a defined VLAN, received on a transparent port, is accepted
 *       and forwarded unchanged (still tagged, PCP kept) only to the other active transparent ports. Its addresses
 *       are learned per (VID, MAC) as in any VLAN.</li>
 *   <li>A frame tagged with a VID that <em>is</em> defined follows the strict 802.1Q rules everywhere: accepted
 *       only on a member port, else dropped. Untagged frames are unaffected.</li>
 *   <li>A port leaves the transparent set as soon as its configuration differs from the default; creating a VLAN
 *       ends transparent forwarding for that VID and flushes the MAC entries learned under it.</li>
 * </ul>
 * In strict mode tagged frames of undefined VLANs are dropped on every port, as in vde_switch.
 *
 * <h2>Forwarding view</h2>
 * {@link #members(int)}, {@link #untaggedMembers(int)} and {@link #transparentPorts()} return the live bitsets
 * (bit {@code p} of word {@code p >>> 6}), updated on every change. They are read-only for callers, and the arrays
 * are replaced when the port capacity grows, so fetch them per frame rather than caching them.
 *
 * <p>The table flushes the MAC entries a change makes stale: a port's entries when its untagged VLAN or its
 * transparency changes, the port's entries in a VLAN it leaves, and a VLAN's entries when it is created or removed.
 * Not thread-safe: the event loop owns it.
 */
public final class VlanTable {
    /** The VLAN that exists from the start; untagged and priority-tagged (VID 0) frames of default ports use it. */
    public static final int DEFAULT_VLAN = 0;
    public static final int MIN_VID = 1;
    /** Highest VID a VLAN may have (IEEE 802.1Q-2018 Table 9-2: 4095 is reserved). */
    public static final int MAX_VID = 4094;
    /** Untagged VLAN value meaning "no untagged traffic" ({@code port/setvlan N 4095}). */
    public static final int NONE = 4095;
    private static final int VID_COUNT = NONE + 1;

    private final MacTable macs;
    private final long[][] members = new long[VID_COUNT][];
    private final long[][] untaggedMembers = new long[VID_COUNT][];
    private boolean strict;
    private int portCapacity;
    private int[] untaggedVlan = new int[0];
    private long[] transparent = new long[0];

    /**
     * @param macs         the MAC table to flush when memberships change
     * @param strict       true for vde_switch's rules without transparent mode
     * @param portCapacity initial number of ports (they grow with {@link #ensurePortCapacity})
     */
    private io.jvde.sw.observe.SwitchEvents events = io.jvde.sw.observe.SwitchEvents.NONE;

    public VlanTable(final MacTable macs, final boolean strict, final int portCapacity) {
        this.macs = Objects.requireNonNull(macs, "macs");
        this.strict = strict;
        define(DEFAULT_VLAN);
        ensurePortCapacity(portCapacity);
    }

    /**
     * Grows the table to at least {@code n} ports; new ports get the default configuration. Never shrinks.
     */
    public void ensurePortCapacity(final int n) {
        if (n < 0) {
            throw new IllegalArgumentException("port capacity: " + n + " (expected: >= 0)");
        }
        if (n <= portCapacity) {
            return;
        }
        final int words = words(n);
        untaggedVlan = Arrays.copyOf(untaggedVlan, n);
        transparent = Arrays.copyOf(transparent, words);
        for (int vid = 0; vid < VID_COUNT; vid++) {
            if (members[vid] != null && members[vid].length < words) {
                members[vid] = Arrays.copyOf(members[vid], words);
                untaggedMembers[vid] = Arrays.copyOf(untaggedMembers[vid], words);
            }
        }
        for (int port = portCapacity; port < n; port++) {
            untaggedVlan[port] = DEFAULT_VLAN;
            set(members[DEFAULT_VLAN], port);
            set(untaggedMembers[DEFAULT_VLAN], port);
            if (!strict) {
                set(transparent, port);
            }
        }
        portCapacity = n;
    }

    public int portCapacity() {
        return portCapacity;
    }

    public boolean strict() {
        return strict;
    }

    /** Switches transparent mode off (strict) or on; clears the MAC table, whose VLAN entries may now be stale. */
    public void strict(final boolean strict) {
        if (this.strict == strict) {
            return;
        }
        this.strict = strict;
        for (int port = 0; port < portCapacity; port++) {
            updateTransparent(port, false);
        }
        macs.clear();
    }

    /** {@code vlan/create N}: defines VLAN {@code vid} (1..4094) with no members. */
    public int create(final int vid) {
        if (vid < MIN_VID || vid > MAX_VID) {
            return Errno.EINVAL.code();
        }
        if (members[vid] != null) {
            return Errno.EEXIST.code();
        }
        define(vid);
        // Transparent ports may have learned addresses under this VID; from now on it is a real VLAN.
        macs.flushVlan(vid);
        events.vlanDefined(vid, true);
        return Errno.OK;
    }

    /** {@code vlan/remove N}: removes VLAN {@code vid}; refused while any port is a member. VLAN 0 stays. */
    public int remove(final int vid) {
        if (vid < MIN_VID || vid > MAX_VID) {
            return Errno.EINVAL.code();
        }
        if (members[vid] == null) {
            return Errno.ENXIO.code();
        }
        if (!isEmpty(members[vid])) {
            return Errno.EADDRINUSE.code();
        }
        members[vid] = null;
        untaggedMembers[vid] = null;
        macs.flushVlan(vid);
        events.vlanDefined(vid, false);
        return Errno.OK;
    }

    /**
     * {@code port/setvlan PORT VID}: makes {@code vid} the port's untagged VLAN, or {@link #NONE} for no untagged
     * traffic. The port leaves its previous untagged VLAN entirely (as in vde_switch); if it was a tagged member of
     * {@code vid} it becomes an untagged one. Flushes the port's MAC entries.
     */
    public int setUntagged(final int port, final int vid) {
        if (!validPort(port) || vid < 0 || vid > NONE) {
            return Errno.EINVAL.code();
        }
        if (vid != NONE && members[vid] == null) {
            return Errno.ENXIO.code();
        }
        final int old = untaggedVlan[port];
        if (old != NONE) {
            clear(members[old], port);
            clear(untaggedMembers[old], port);
        }
        if (vid != NONE) {
            set(members[vid], port);
            set(untaggedMembers[vid], port);
        }
        untaggedVlan[port] = vid;
        updateTransparent(port, false);
        macs.flushPort(port);
        events.vlanMembership(port, "untagged", vid);
        return Errno.OK;
    }

    /** {@code vlan/addport VID PORT}: adds a tagged membership (a no-op if {@code vid} is the port's untagged VLAN). */
    public int addTagged(final int vid, final int port) {
        if (!validPort(port) || vid < 0 || vid > MAX_VID) {
            return Errno.EINVAL.code();
        }
        if (members[vid] == null) {
            return Errno.ENXIO.code();
        }
        set(members[vid], port);
        updateTransparent(port, true);
        events.vlanMembership(port, "tagged+", vid);
        return Errno.OK;
    }

    /**
     * {@code vlan/delport VID PORT}: removes a tagged membership; refused ({@code EADDRINUSE}) for the port's
     * untagged VLAN. Flushes the port's entries in that VLAN.
     */
    public int removeTagged(final int vid, final int port) {
        if (!validPort(port) || vid < 0 || vid > MAX_VID) {
            return Errno.EINVAL.code();
        }
        if (members[vid] == null) {
            return Errno.ENXIO.code();
        }
        if (untaggedVlan[port] == vid) {
            return Errno.EADDRINUSE.code();
        }
        clear(members[vid], port);
        updateTransparent(port, true);
        macs.flushPortVlan(port, vid);
        events.vlanMembership(port, "tagged-", vid);
        return Errno.OK;
    }

    /**
     * Restores the default configuration of {@code port} (untagged in VLAN 0, nothing tagged) and flushes its MAC
     * entries; the engine calls it when a port is freed or allocated anew.
     */
    public int resetPort(final int port) {
        if (!validPort(port)) {
            return Errno.EINVAL.code();
        }
        for (int vid = 0; vid < NONE; vid++) {
            if (members[vid] != null) {
                clear(members[vid], port);
                clear(untaggedMembers[vid], port);
            }
        }
        untaggedVlan[port] = DEFAULT_VLAN;
        set(members[DEFAULT_VLAN], port);
        set(untaggedMembers[DEFAULT_VLAN], port);
        updateTransparent(port, false);
        macs.flushPort(port);
        return Errno.OK;
    }

    /** Installs the observer of VLAN definitions and membership changes (null: none). Loop thread. */
    public void events(final io.jvde.sw.observe.SwitchEvents observer) {
        events = observer == null ? io.jvde.sw.observe.SwitchEvents.NONE : observer;
    }

    public boolean isDefined(final int vid) {
        return vid >= 0 && vid < NONE && members[vid] != null;
    }

    /** The port's untagged VLAN, or {@link #NONE}. */
    public int untaggedVlan(final int port) {
        return untaggedVlan[port];
    }

    /** True if {@code port} is a tagged or untagged member of {@code vid}. */
    public boolean isMember(final int vid, final int port) {
        return isDefined(vid) && validPort(port) && get(members[vid], port);
    }

    /** True if {@code port} is a member of {@code vid} and sends its frames tagged ({@code vlan/print tagged=1}). */
    public boolean isTaggedMember(final int vid, final int port) {
        return isMember(vid, port) && untaggedVlan[port] != vid;
    }

    /** True if {@code port} is in the default configuration and the table is not strict. */
    public boolean isTransparent(final int port) {
        return validPort(port) && get(transparent, port);
    }

    /** Defined VLANs in ascending order (control path). */
    public int[] definedVlans() {
        int n = 0;
        for (int vid = 0; vid < NONE; vid++) {
            if (members[vid] != null) {
                n++;
            }
        }
        final int[] vids = new int[n];
        n = 0;
        for (int vid = 0; vid < NONE; vid++) {
            if (members[vid] != null) {
                vids[n++] = vid;
            }
        }
        return vids;
    }

    /** Member ports of {@code vid} in ascending order (control path); empty if the VLAN is not defined. */
    public int[] memberPorts(final int vid) {
        if (!isDefined(vid)) {
            return new int[0];
        }
        final long[] bits = members[vid];
        int n = 0;
        for (final long word : bits) {
            n += Long.bitCount(word);
        }
        final int[] ports = new int[n];
        n = 0;
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                ports[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return ports;
    }

    /** Forwarding view: member ports of {@code vid} (tagged or untagged), or null if undefined. Do not modify. */
    public long[] members(final int vid) {
        return members[vid];
    }

    /** Forwarding view: ports whose untagged VLAN is {@code vid}, or null if undefined. Do not modify. */
    public long[] untaggedMembers(final int vid) {
        return untaggedMembers[vid];
    }

    /** Forwarding view: the transparent ports (all zero in strict mode). Do not modify. */
    public long[] transparentPorts() {
        return transparent;
    }

    private void define(final int vid) {
        members[vid] = new long[words(portCapacity)];
        untaggedMembers[vid] = new long[words(portCapacity)];
    }

    /** Recomputes whether {@code port} is transparent; optionally flushes its entries when that changes. */
    private void updateTransparent(final int port, final boolean flushOnChange) {
        final boolean now = !strict && isDefaultConfiguration(port);
        if (now == get(transparent, port)) {
            return;
        }
        if (now) {
            set(transparent, port);
        } else {
            clear(transparent, port);
        }
        if (flushOnChange) {
            // Entries learned in transparent VIDs (or, joining the set, in now-foreign VLANs) are stale.
            macs.flushPort(port);
        }
    }

    private boolean isDefaultConfiguration(final int port) {
        if (untaggedVlan[port] != DEFAULT_VLAN) {
            return false;
        }
        for (int vid = MIN_VID; vid < NONE; vid++) {
            if (members[vid] != null && get(members[vid], port)) {
                return false;
            }
        }
        return true;
    }

    private boolean validPort(final int port) {
        return port >= 0 && port < portCapacity;
    }

    private static int words(final int ports) {
        return (ports + 63) >>> 6;
    }

    private static boolean get(final long[] bits, final int port) {
        return (bits[port >>> 6] & (1L << port)) != 0;
    }

    private static void set(final long[] bits, final int port) {
        bits[port >>> 6] |= 1L << port;
    }

    private static void clear(final long[] bits, final int port) {
        bits[port >>> 6] &= ~(1L << port);
    }

    private static boolean isEmpty(final long[] bits) {
        for (final long word : bits) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }
}
