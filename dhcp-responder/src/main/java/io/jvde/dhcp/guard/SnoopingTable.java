package io.jvde.dhcp.guard;

import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The DHCP snooping binding table: one entry per (VLAN, client MAC) with the leased address, the client's port and
 * the lease expiry, learned from ACKs (those the switch sends or relays, through {@link DhcpGuard#observeAck}, and
 * those of a trusted server passing the switch) and removed by RELEASE, DECLINE, NAK or expiry. Bounded: when
 * full, expired entries are swept out; if none has expired the new binding is not recorded and
 * {@link GuardDropReason#BINDING_TABLE_FULL} is counted (an existing, valid binding is never evicted for it).
 *
 * <p>The port of a binding learned from a passing ACK is the port the client's last DHCP message came from, as
 * the guard's per-MAC table remembers it; -1 when the guard has not seen the client (e.g. it sits behind a trusted
 * port). Owned by the event-loop thread; lookups and updates allocate nothing.
 */
public final class SnoopingTable extends OpenTable {
    /** {@link #expiresAt} of an infinite lease (RFC 2132 §9.2: lease time 0xffffffff). */
    public static final long NEVER = Long.MAX_VALUE;

    private final int[] ip;
    private final int[] port;
    private final long[] expiresAt;
    /** No entry expires before this time, so a full table need not be swept again until then. */
    private long nextSweep;

    /** One binding, copied out for the console. */
    public record Binding(long mac, int ip, int vid, int port, long expiresAt) {
        @Override
        public String toString() {
            return MacAddress.toString(mac) + " " + Ipv4Address.toString(ip) + " vlan " + vid + " port "
                + (port < 0 ? "?" : Integer.toString(port)) + " expires "
                + (expiresAt == NEVER ? "never" : Long.toString(expiresAt));
        }
    }

    SnoopingTable(final int capacity) {
        super(capacity);
        ip = new int[slots()];
        port = new int[slots()];
        expiresAt = new long[slots()];
    }


    @Override
    boolean stale(final int slot, final long now) {
        return expiresAt[slot] <= now;
    }

    /**
     * Records or refreshes the binding of {@code mac} on {@code vid}. A port of -1 keeps the port already known.
     * Returns false when the table is full of unexpired bindings.
     */
    boolean put(final int vid, final long mac, final int address, final int clientPort, final long expiry,
                final long now) {
        final long k = key(vid, mac);
        int slot = find(k);
        if (slot < 0) {
            slot = insert(k);
            if (slot < 0 && now >= nextSweep) {
                sweepAndPlan(now);
                slot = insert(k);
            }
            if (slot < 0) {
                return false;
            }
            port[slot] = -1;
        }
        ip[slot] = address;
        if (clientPort >= 0) {
            port[slot] = clientPort;
        }
        expiresAt[slot] = expiry;
        if (expiry < nextSweep) {
            nextSweep = expiry; // keeps "nothing expires before nextSweep" true
        }
        return true;
    }

    private void sweepAndPlan(final long now) {
        sweep(now);
        long soonest = NEVER;
        for (int i = 0; i < slots(); i++) {
            if (keys[i] != EMPTY && expiresAt[i] < soonest) {
                soonest = expiresAt[i];
            }
        }
        nextSweep = soonest;
    }

    /**
     * Removes the binding of {@code mac} on {@code vid} when its address is {@code address} (0 = any) and it was
     * learned on {@code fromPort} (-1 = any; a binding of unknown port accepts any). Returns true when removed.
     */
    boolean remove(final int vid, final long mac, final int address, final int fromPort) {
        final int slot = find(key(vid, mac));
        if (slot < 0 || address != 0 && ip[slot] != address
            || fromPort >= 0 && port[slot] >= 0 && port[slot] != fromPort) {
            return false;
        }
        removeAt(slot);
        return true;
    }

    /** Slot of the unexpired binding of {@code mac} on {@code vid}, or -1 (an expired one found is removed). */
    public int lookup(final int vid, final long mac, final long now) {
        final int slot = find(key(vid, mac));
        if (slot >= 0 && expiresAt[slot] <= now) {
            removeAt(slot);
            return -1;
        }
        return slot;
    }

    /** Address bound to {@code mac} on {@code vid}, or 0. */
    public int addressOf(final int vid, final long mac, final long now) {
        final int slot = lookup(vid, mac, now);
        return slot < 0 ? 0 : ip[slot];
    }

    public int ip(final int slot) {
        return ip[slot];
    }

    /** The client's port, -1 when unknown. */
    public int port(final int slot) {
        return port[slot];
    }

    public long expiresAt(final int slot) {
        return expiresAt[slot];
    }

    public long mac(final int slot) {
        return macOf(keys[slot]);
    }

    public int vid(final int slot) {
        return vidOf(keys[slot]);
    }

    /** Removes every binding whose lease ran out by {@code now}; returns how many. */
    public int expire(final long now) {
        return sweep(now);
    }

    /** A copy of every binding, sorted by VLAN and MAC; allocates, so never on the hot path. */
    public List<Binding> entries() {
        final List<Binding> list = new ArrayList<>(size());
        for (int i = 0; i < slots(); i++) {
            if (keys[i] != EMPTY) {
                list.add(new Binding(macOf(keys[i]), ip[i], vidOf(keys[i]), port[i], expiresAt[i]));
            }
        }
        list.sort((a, b) -> a.vid() != b.vid() ? Integer.compare(a.vid(), b.vid()) : Long.compare(a.mac(), b.mac()));
        return list;
    }
}
