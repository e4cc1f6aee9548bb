package io.jvde.dhcp.relay;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The circuit-ids this relay generated: per (port, VLAN) the current one, and by (content, VLAN) every one handed
 * out, so a server reply is accepted only for a circuit we made on giaddr's VLAN (docs/dhcp.md §2.5, the "-D" policy)
 * and maps back to its port. Keying the content by VLAN too keeps templates without {@code {vlan}} unambiguous.
 * When templates or port descriptions change, {@link #forgetCurrent()} makes the next request render afresh while
 * replies to circuits already sent still find their port. Bounded: when full, everything is forgotten at once.
 * Open addressing over int arrays; lookups allocate nothing.
 */
final class CircuitTable {
    static final int MAX_ENTRIES = 4096;
    private static final int SLOTS = MAX_ENTRIES * 2;
    private static final int MASK = SLOTS - 1;

    private final int[] port = new int[MAX_ENTRIES];
    private final int[] vid = new int[MAX_ENTRIES];
    private final byte[][] bytes = new byte[MAX_ENTRIES][];
    /** Slot value: entry index + 1, 0 = empty. */
    private final int[] byKey = new int[SLOTS];
    private final int[] byContent = new int[SLOTS];
    private int size;

    int port(final int entry) {
        return port[entry];
    }

    int vid(final int entry) {
        return vid[entry];
    }

    byte[] bytes(final int entry) {
        return bytes[entry];
    }

    int size() {
        return size;
    }

    /** The current circuit of ({@code p}, {@code v}), or -1. */
    int current(final int p, final int v) {
        int slot = keyHash(p, v) & MASK;
        while (byKey[slot] != 0) {
            final int e = byKey[slot] - 1;
            if (port[e] == p && vid[e] == v) {
                return e;
            }
            slot = (slot + 1) & MASK;
        }
        return -1;
    }

    /** Records {@code circuit} as the current circuit of ({@code p}, {@code v}); returns its entry. */
    int add(final int p, final int v, final byte[] circuit) {
        if (size == MAX_ENTRIES) {
            clear();
        }
        final int e = size++;
        port[e] = p;
        vid[e] = v;
        bytes[e] = circuit;
        int slot = keyHash(p, v) & MASK;
        while (byKey[slot] != 0) {
            final int o = byKey[slot] - 1;
            if (port[o] == p && vid[o] == v) {
                break;
            }
            slot = (slot + 1) & MASK;
        }
        byKey[slot] = e + 1;
        slot = (contentHash(circuit) ^ v) & MASK;
        while (byContent[slot] != 0) {
            final int o = byContent[slot] - 1;
            if (vid[o] == v && Arrays.equals(bytes[o], circuit)) {
                break; // the same text now names another port of this VLAN: the latest wins
            }
            slot = (slot + 1) & MASK;
        }
        byContent[slot] = e + 1;
        return e;
    }

    /** The entry of VLAN {@code v} whose circuit-id equals the {@code length} bytes at {@code offset}, or -1. */
    int find(final ByteBuf buf, final int offset, final int length, final int v) {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++) {
            h = (h ^ buf.getByte(offset + i)) * 0x01000193;
        }
        int slot = (h ^ v) & MASK;
        while (byContent[slot] != 0) {
            final int e = byContent[slot] - 1;
            if (vid[e] == v && equal(bytes[e], buf, offset, length)) {
                return e;
            }
            slot = (slot + 1) & MASK;
        }
        return -1;
    }

    /** Next request of every (port, VLAN) renders its circuit-id again; circuits already sent stay known. */
    void forgetCurrent() {
        Arrays.fill(byKey, 0);
    }

    void clear() {
        Arrays.fill(byKey, 0);
        Arrays.fill(byContent, 0);
        Arrays.fill(bytes, null);
        size = 0;
    }

    private static boolean equal(final byte[] a, final ByteBuf buf, final int offset, final int length) {
        if (a.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (a[i] != buf.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    private static int keyHash(final int p, final int v) {
        final int h = p * 0x9E3779B1 + v;
        return h ^ (h >>> 16);
    }

    private static int contentHash(final byte[] b) {
        int h = 0x811C9DC5;
        for (final byte x : b) {
            h = (h ^ x) * 0x01000193;
        }
        return h;
    }
}
