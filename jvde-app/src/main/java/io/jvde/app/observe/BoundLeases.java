package io.jvde.app.observe;

import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.primitives.LongIntTable;

import java.util.Arrays;
import java.util.Map;

/**
 * The leases the event stream last reported bound or renewed, one row per MAC, for snapshots and waits. A row is
 * primitives and references the hub already holds (the scope's configured name, the host name's text, kept while
 * it does not change), in parallel arrays indexed through a primitive table: recording an exchange for a MAC that
 * has a row allocates nothing, and the event's fields are built only when a snapshot asks for them. Loop thread.
 */
final class BoundLeases {
    private static final int NO_PORT = -1;

    private final LongIntTable rows = new LongIntTable(64);
    private boolean[] renewed = new boolean[64];
    private long[] mac = new long[64];
    private int[] address = new int[64];
    private int[] vid = new int[64];
    private int[] port = new int[64];
    private String[] scope = new String[64];
    private long[] leaseSeconds = new long[64];
    private String[] hostname = new String[64];
    /** Rows in use or freed: 0 .. top-1; freed ones are on the free stack. */
    private int top;
    private int[] free = new int[64];
    private int freeCount;

    /** Records {@code event} (an ACK) as the MAC's lease, bound on {@code ingress} (-1: none). */
    void put(final DhcpEvent event, final boolean renewal, final int ingress) {
        int row = rows.get(event.mac());
        if (row == LongIntTable.MISSING) {
            row = freeCount > 0 ? free[--freeCount] : newRow();
            rows.put(event.mac(), row);
            hostname[row] = null;
        }
        renewed[row] = renewal;
        mac[row] = event.mac();
        address[row] = event.address();
        vid[row] = event.vid();
        port[row] = ingress;
        scope[row] = event.scope();
        leaseSeconds[row] = event.leaseSeconds();
        if (!event.hostnameIs(hostname[row])) {
            hostname[row] = event.hostname();
        }
    }

    /** Forgets the MAC's lease, if any. */
    void remove(final long clientMac) {
        final int row = rows.remove(clientMac);
        if (row != LongIntTable.MISSING) {
            scope[row] = null;
            hostname[row] = null;
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, free.length * 2);
            }
            free[freeCount++] = row;
        }
    }

    /** The port the MAC's lease was bound on, or -1 (no lease, or none recorded). */
    int port(final long clientMac) {
        final int row = rows.get(clientMac);
        return row == LongIntTable.MISSING ? NO_PORT : port[row];
    }

    /** Calls {@code out} with each lease's event type and fields (a new map each), as its exchange reported them. */
    void forEach(final java.util.function.BiConsumer<String, Map<String, Object>> out) {
        for (int row = 0; row < top; row++) {
            if (rows.get(mac[row]) == row) {
                out.accept(renewed[row] ? "lease.renewed" : "lease.bound", fields(mac[row], address[row], vid[row],
                    port[row], scope[row], leaseSeconds[row], hostname[row]));
            }
        }
    }

    /** A lease event's fields, in the stream's order. */
    static Map<String, Object> fields(final long clientMac, final int ip, final int vlan, final int ingress,
                                      final String scopeName, final long seconds, final String host) {
        return Json.fields("mac", MacAddress.toString(clientMac), "ip", ip == 0 ? null : Ipv4Address.toString(ip),
            "vlan", vlan, "port", ingress < 0 ? null : ingress, "scope", scopeName, "lease_seconds", seconds,
            "hostname", host);
    }

    private int newRow() {
        if (top == mac.length) {
            final int n = mac.length * 2;
            renewed = Arrays.copyOf(renewed, n);
            mac = Arrays.copyOf(mac, n);
            address = Arrays.copyOf(address, n);
            vid = Arrays.copyOf(vid, n);
            port = Arrays.copyOf(port, n);
            scope = Arrays.copyOf(scope, n);
            leaseSeconds = Arrays.copyOf(leaseSeconds, n);
            hostname = Arrays.copyOf(hostname, n);
        }
        return top++;
    }
}
