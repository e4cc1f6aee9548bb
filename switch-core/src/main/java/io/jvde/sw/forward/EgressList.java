package io.jvde.sw.forward;

import java.util.Arrays;

/**
 * The reusable result of one {@link Forwarder#decide} call: the ports a frame goes to and how each copy is tagged.
 * Entry {@code i} is {@link #port(int)}, {@link #action(int)} ({@link EgressAction}) and {@link #mirror(int)};
 * every port appears at most once, so a list as large as the port count never overflows. Size it with
 * {@link #ensureCapacity} whenever ports are added, never on the forwarding path.
 */
public final class EgressList {
    private int count;
    private int[] ports;
    private int[] actions;
    private boolean[] mirrors;
    private int tci;
    private boolean flood;
    private int vid;
    private int learnResult;
    private int previousPort;

    public EgressList(final int capacity) {
        ports = new int[capacity];
        actions = new int[capacity];
        mirrors = new boolean[capacity];
        reset();
    }

    /** Grows the list to hold at least {@code n} entries (one per port). */
    public void ensureCapacity(final int n) {
        if (n > ports.length) {
            ports = Arrays.copyOf(ports, n);
            actions = Arrays.copyOf(actions, n);
            mirrors = Arrays.copyOf(mirrors, n);
        }
    }

    public int capacity() {
        return ports.length;
    }

    public int count() {
        return count;
    }

    public int port(final int i) {
        return ports[i];
    }

    /** {@link EgressAction#AS_IS}, {@link EgressAction#PUSH_TAG} or {@link EgressAction#POP_TAG}. */
    public int action(final int i) {
        return actions[i];
    }

    /** True for a mirror copy: it may be dropped when the port is full, like a flooded frame. */
    public boolean mirror(final int i) {
        return mirrors[i];
    }

    /** The TCI to insert for {@link EgressAction#PUSH_TAG} entries: the VID, PCP 0, DEI 0. */
    public int tci() {
        return tci;
    }

    /**
     * True when the frame was flooded (broadcast, multicast, unknown unicast, hub mode): a copy to a full port is
     * dropped. False for a learned unicast, which the engine may queue.
     */
    public boolean flood() {
        return flood;
    }

    /** The VLAN the frame was classified into, or -1 in hub mode. */
    public int vid() {
        return vid;
    }

    /**
     * The {@link io.jvde.sw.fdb.MacTable#learn} result for the source address, or -1 if it was not learned (group
     * source, hub mode). On {@code MOVED} the engine logs {@code MAC ... moved from port A to port B}.
     */
    public int learnResult() {
        return learnResult;
    }

    /** The port the source address had before a {@code MOVED} or {@code HELD} learn result, else -1. */
    public int previousPort() {
        return previousPort;
    }

    void reset() {
        count = 0;
        tci = 0;
        flood = false;
        vid = -1;
        learnResult = -1;
        previousPort = -1;
    }

    void add(final int port, final int action, final boolean mirror) {
        ports[count] = port;
        actions[count] = action;
        mirrors[count] = mirror;
        count++;
    }

    void classified(final int vid, final int tci) {
        this.vid = vid;
        this.tci = tci;
    }

    void flood(final boolean flood) {
        this.flood = flood;
    }

    void learned(final int learnResult, final int previousPort) {
        this.learnResult = learnResult;
        this.previousPort = previousPort;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("EgressList(").append(flood ? "flood" : "unicast")
            .append(", vid ").append(vid).append(", [");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(ports[i]).append(' ').append(EgressAction.name(actions[i]));
            if (mirrors[i]) {
                sb.append(" mirror");
            }
        }
        return sb.append("])").toString();
    }
}
