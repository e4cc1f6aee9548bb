package io.jvde.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names the switch answers for: static ones (reservations with a hostname, {@code dns.records}) and the names
 * clients send with their lease (option 12 or 81), which live only while the lease is bound: every lookup of a
 * lease name asks {@link LeaseCheck} whether the lease still holds (release and expiry remove the name with no
 * event needed), and {@link #leaseEnded} drops it at once. Single-threaded (the event loop).
 */
public final class DnsNames {
    /** Is the lease that gave a name still bound to the same client? */
    @FunctionalInterface
    public interface LeaseCheck {
        boolean bound(int vid, int address, long mac, long nowMillis);

        LeaseCheck NONE = (vid, address, mac, now) -> false;
    }

    /** One name: {@code mac} is the lease holder's, or {@link #STATIC} or {@link #RESERVATION}. */
    public record Entry(String name, int vid, int address, long mac) {
        /** A configured name (a record or a reservation's): no lease needed, no client can take it. */
        public boolean isStatic() {
            return mac < 0;
        }
    }

    /** A static record ({@code dns.records}, {@code --dns-record}). */
    public static final long STATIC = -1;
    /** A reservation's host name: replaced as a whole when the reservations change ({@link #clearReservations}). */
    public static final long RESERVATION = -2;

    private final List<DnsZone> zones = new ArrayList<>();
    private final Map<String, Entry> byName = new HashMap<>();
    private final Map<Integer, Entry> byAddress = new HashMap<>();
    private LeaseCheck check = LeaseCheck.NONE;

    public static String normalize(final String name) {
        String n = name.toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    public void leaseCheck(final LeaseCheck value) {
        this.check = value;
    }

    public void addZone(final DnsZone zone) {
        zones.add(zone);
    }

    public List<DnsZone> zones() {
        return List.copyOf(zones);
    }

    /** The zone of {@code vid}, or null. */
    public DnsZone zone(final int vid) {
        for (final DnsZone z : zones) {
            if (z.vid() == vid) {
                return z;
            }
        }
        return null;
    }

    /** The zone whose subnet holds {@code address}, or null. */
    public DnsZone zoneOf(final int address) {
        for (final DnsZone z : zones) {
            if (z.contains(address)) {
                return z;
            }
        }
        return null;
    }

    /**
     * A static record: {@code name} with a dot is taken as fully qualified; a bare name is qualified with the
     * domain of the zone whose subnet holds {@code address} (or stays bare without one).
     */
    public void addStatic(final String name, final int address) {
        final String n = normalize(name);
        final DnsZone z = zoneOf(address);
        final String fqdn = n.indexOf('.') >= 0 || z == null ? n : z.qualify(n);
        final Entry e = new Entry(fqdn, z == null ? -1 : z.vid(), address, STATIC);
        byName.put(fqdn, e);
        byAddress.putIfAbsent(address, e);
    }

    /**
     * A reservation's host name, qualified like {@link #addStatic}; a static record of the same name keeps it, a
     * client's lease name of the same name gives way.
     */
    public void addReservation(final String name, final int address) {
        final String n = normalize(name);
        final DnsZone z = zoneOf(address);
        final String fqdn = n.indexOf('.') >= 0 || z == null ? n : z.qualify(n);
        final Entry old = byName.get(fqdn);
        if (old != null && old.mac() == STATIC) {
            return;
        }
        if (old != null) {
            byName.remove(fqdn);
            byAddress.remove(old.address(), old);
        }
        final Entry e = new Entry(fqdn, z == null ? -1 : z.vid(), address, RESERVATION);
        byName.put(fqdn, e);
        final Entry atAddress = byAddress.get(address);
        if (atAddress == null || !atAddress.isStatic()) {
            byAddress.put(address, e);
        }
    }

    /** Drops every reservation's name, before adding the current ones again (reservations changed at run time). */
    public void clearReservations() {
        byName.values().removeIf(e -> e.mac() == RESERVATION);
        byAddress.values().removeIf(e -> e.mac() == RESERVATION);
    }

    /**
     * A client's name with its bound lease on {@code vid}. Ignored when the name is not a valid host name or a
     * static record already holds it (a client cannot take over a configured name).
     */
    public boolean leaseBound(final int vid, final String host, final int address, final long mac) {
        if (host == null) {
            return false;
        }
        String n = normalize(host);
        final DnsZone z = zone(vid);
        if (z == null || !DnsName.valid(n)) {
            return false;
        }
        final int dot = n.indexOf('.');
        if (dot >= 0) { // an FQDN (option 81, or a dotted option 12): published only inside the zone's domain
            if (!z.owns(n)) {
                n = n.substring(0, dot);
            }
        }
        final String fqdn = n.indexOf('.') >= 0 ? n : z.qualify(n);
        final Entry old = byName.get(fqdn);
        if (old != null && old.isStatic()) {
            return false;
        }
        final Entry e = new Entry(fqdn, vid, address, mac);
        removeAddress(address);
        byName.put(fqdn, e);
        final Entry atAddress = byAddress.get(address);
        if (atAddress == null || !atAddress.isStatic()) {
            byAddress.put(address, e);
        }
        return true;
    }

    /** The lease on {@code address} was released, declined or expired: its client's name goes. */
    public void leaseEnded(final int vid, final int address) {
        removeAddress(address);
    }

    private void removeAddress(final int address) {
        final Entry e = byAddress.get(address);
        if (e != null && !e.isStatic()) {
            byAddress.remove(address);
            byName.remove(e.name(), e);
        }
        byName.values().removeIf(x -> !x.isStatic() && x.address() == address);
    }

    /** The live entry for a fully qualified {@code name}, or null. */
    public Entry lookup(final String name, final long nowMillis) {
        final Entry e = byName.get(name);
        return live(e, nowMillis) ? e : null;
    }

    /** The live entry for {@code address} (its PTR), or null. */
    public Entry reverse(final int address, final long nowMillis) {
        final Entry e = byAddress.get(address);
        if (live(e, nowMillis)) {
            return e;
        }
        for (final Entry x : byName.values()) { // a static name beside a dead lease name
            if (x.address() == address && live(x, nowMillis)) {
                return x;
            }
        }
        return null;
    }

    private boolean live(final Entry e, final long nowMillis) {
        if (e == null) {
            return false;
        }
        if (e.isStatic() || check.bound(e.vid(), e.address(), e.mac(), nowMillis)) {
            return true;
        }
        leaseEnded(e.vid(), e.address()); // names follow leases: an expired one goes at its first lookup
        return false;
    }

    /** Every name, static and live lease names, for dns/print. */
    public List<Entry> entries(final long nowMillis) {
        final List<Entry> list = new ArrayList<>();
        for (final Entry e : List.copyOf(byName.values())) {
            if (live(e, nowMillis)) {
                list.add(e);
            }
        }
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }
}
