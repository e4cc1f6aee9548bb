package io.jvde.dhcp.relay;

import io.netty.buffer.ByteBuf;
import io.jvde.primitives.Hash64;
import io.jvde.primitives.LongIntTable;
import java.util.Arrays;

/**
 * The circuit-ids this relay generated: per (port, VLAN) the current one, and by (content, VLAN) every one handed
 * out, so a server reply is accepted only for a circuit we made on giaddr's VLAN (docs/dhcp.md §2.5, the "-D" policy)
 * and maps back to its port. Keying the content by VLAN too keeps templates without {@code {vlan}} unambiguous.
 * When templates or port descriptions change, {@link #forgetCurrent()} makes the next request render afresh while
 * replies to circuits already sent still find their port. Bounded: when full, everything is forgotten at once.
 * The two indexes are the project's {@link LongIntTable}: (port, VLAN) packed into a key, and the circuit's
 * 64-bit digest ({@link Hash64#bytes}) with its VLAN; a found entry is compared byte for byte, so a digest
 * collision (odds about 2^-64) could only make a reply unknown, never deliver it to a wrong port. Lookups allocate
 * nothing.
 */
final class CircuitTable {
    static final int MAX_ENTRIES = 4096;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int[] port = new int[MAX_ENTRIES];
    private final int[] vid = new int[MAX_ENTRIES];
    private final byte[][] bytes = new byte[MAX_ENTRIES][];
    private final LongIntTable byKey = LongIntTable.fixed(MAX_ENTRIES);
    private final LongIntTable byContent = LongIntTable.fixed(MAX_ENTRIES);
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
        return byKey.get(portKey(p, v));
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
        byKey.put(portKey(p, v), e);
        // the same text naming another port of this VLAN: the latest wins
        byContent.put(contentKey(Hash64.bytes(circuit), v), e);
        return e;
    }

    /** The entry of VLAN {@code v} whose circuit-id equals the {@code length} bytes at {@code offset}, or -1. */
    int find(final ByteBuf buf, final int offset, final int length, final int v) {
        long h = FNV_OFFSET; // Hash64.bytes over the buffer, without copying it
        for (int i = 0; i < length; i++) {
            h = (h ^ buf.getUnsignedByte(offset + i)) * FNV_PRIME;
        }
        final int e = byContent.get(contentKey(Hash64.mix(h), v));
        return e >= 0 && vid[e] == v && equal(bytes[e], buf, offset, length) ? e : -1;
    }

    /** Next request of every (port, VLAN) renders its circuit-id again; circuits already sent stay known. */
    void forgetCurrent() {
        byKey.clear();
    }

    void clear() {
        byKey.clear();
        byContent.clear();
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

    private static long portKey(final int p, final int v) {
        return ((long) p << 12) | (v & 0xFFF);
    }

    /** Digest and VLAN in one key, never {@link LongIntTable#EMPTY}. */
    private static long contentKey(final long digest, final int v) {
        final long k = (digest & ~0xFFFL) | (v & 0xFFF);
        return k == LongIntTable.EMPTY ? k + 1 : k;
    }
}
