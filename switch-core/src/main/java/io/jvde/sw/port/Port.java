package io.jvde.sw.port;

import io.jvde.sw.forward.DropReason;

import java.util.Arrays;

/**
 * One switch port: allocation state, the endpoints attached to it, its access control and counters.
 * Owned by the event-loop thread; console commands read it through that thread.
 */
public final class Port {
    /** No user attached (vde prints "NONE"). */
    public static final int NO_USER = -2;
    /** ACL value meaning "no restriction". */
    public static final int ANY = -1;

    private static final Endpoint[] NO_ENDPOINTS = new Endpoint[0];
    private static final int DROP_REASONS = DropReason.values().length;

    private final int number;
    private boolean allocated;
    private boolean allocatable = true;
    private Endpoint[] endpoints = NO_ENDPOINTS;
    private int endpointCount;
    private int currentUser = NO_USER;
    private int aclUser = ANY;
    private int aclGroup = ANY;
    private String name = "";
    private int macLimit;

    public long inPackets;
    public long inBytes;
    public long outPackets;
    public long outBytes;
    /** Frames of this port a packet capture could not keep (its ring was full); written as pcapng isb_ifdrop. */
    public long captureDrops;
    private final long[] drops = new long[DROP_REASONS];
    private long loggedDrops;

    public Port(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public boolean allocated() {
        return allocated;
    }

    public void allocated(final boolean v) {
        allocated = v;
    }

    /** Whether automatic port selection may pick this port (cleared by port/create, port/createauto). */
    public boolean allocatable() {
        return allocatable;
    }

    public void allocatable(final boolean v) {
        allocatable = v;
    }

    public boolean active() {
        return endpointCount > 0;
    }

    public int endpointCount() {
        return endpointCount;
    }

    public Endpoint endpoint(final int i) {
        return endpoints[i];
    }

    public void addEndpoint(final Endpoint e) {
        if (endpointCount == endpoints.length) {
            endpoints = Arrays.copyOf(endpoints, Math.max(2, endpointCount * 2));
        }
        endpoints[endpointCount++] = e;
    }

    public void removeEndpoint(final Endpoint e) {
        for (int i = 0; i < endpointCount; i++) {
            if (endpoints[i] == e) {
                System.arraycopy(endpoints, i + 1, endpoints, i, endpointCount - i - 1);
                endpoints[--endpointCount] = null;
                return;
            }
        }
    }

    /** uid of the endpoints' owner while active, {@link #NO_USER} otherwise. */
    public int currentUser() {
        return currentUser;
    }

    public void currentUser(final int uid) {
        currentUser = uid;
    }

    public int aclUser() {
        return aclUser;
    }

    public void aclUser(final int v) {
        aclUser = v;
    }

    public int aclGroup() {
        return aclGroup;
    }

    public void aclGroup(final int v) {
        aclGroup = v;
    }

    /** Free-form description set by the operator (used e.g. by the relay's circuit-id template). */
    public String name() {
        return name;
    }

    public void name(final String v) {
        name = v;
    }

    /**
     * Port security: the most MAC entries the switch learns on this port (0 = unlimited); frames from further
     * source addresses are dropped as {@code MAC_LIMIT}. Set it through
     * {@link io.jvde.sw.engine.SwitchControl#setMacLimit}, which also tells the MAC table.
     */
    public int macLimit() {
        return macLimit;
    }

    /** Records the limit; only {@link io.jvde.sw.engine.SwitchControl#setMacLimit} makes it take effect. */
    public void macLimit(final int v) {
        macLimit = v;
    }

    public long drops(final DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** Counts a drop; returns true the first time this port drops for this reason (so it is logged once). */
    public boolean countDrop(final int reasonOrdinal) {
        drops[reasonOrdinal]++;
        final long bit = 1L << reasonOrdinal;
        if ((loggedDrops & bit) == 0) {
            loggedDrops |= bit;
            return true;
        }
        return false;
    }

    public long totalDrops() {
        long sum = 0;
        for (final long d : drops) {
            sum += d;
        }
        return sum;
    }

    public void resetCounters() {
        inPackets = 0;
        inBytes = 0;
        outPackets = 0;
        outBytes = 0;
        captureDrops = 0;
        Arrays.fill(drops, 0);
        loggedDrops = 0;
    }
}
