package io.jvde.dns;

import io.netty.buffer.ByteBuf;

/**
 * The switch's DNS server for lab names (RFC 1035; UDP only, no recursion): authoritative A and PTR answers for
 * {@link DnsNames}, under each served VLAN's domain and for bare names; NXDOMAIN for unknown names inside a domain
 * or a served subnet's reverse zone, NODATA (NOERROR, no answer, the SOA) for other types of a known name, and
 * for names outside: REFUSED, or {@link #FORWARD} when an upstream is configured. Malformed queries get FORMERR
 * when their header can be answered, else they are dropped; both are counted. Single-threaded (the event loop).
 */
public final class DnsServer {
    /** {@link #answer} result: nothing to send (dropped and counted). */
    public static final int DROP = 0;
    /** {@link #answer} result: not ours, an upstream is configured: forward the query as it is. */
    public static final int FORWARD = -1;

    static final int TYPE_A = 1;
    static final int TYPE_NS = 2;
    static final int TYPE_SOA = 6;
    static final int TYPE_PTR = 12;
    static final int TYPE_ANY = 255;
    static final int CLASS_IN = 1;
    static final int CLASS_ANY = 255;
    /** RFC 1035 §4.2.1: UDP messages are limited to 512 bytes; a longer query is not one a stub sends. */
    static final int MAX_QUERY = 512;
    static final String REVERSE_SUFFIX = ".in-addr.arpa";

    private final DnsNames names;
    private final int ttl;
    private final boolean forwarding;
    private final DnsCounters counters = new DnsCounters();
    private final StringBuilder qname = new StringBuilder(64);

    /**
     * @param ttl        seconds answers may be cached (short: names follow leases)
     * @param forwarding true when names outside the lab go to an upstream server instead of REFUSED
     */
    public DnsServer(final DnsNames names, final int ttl, final boolean forwarding) {
        this.names = names;
        this.ttl = ttl;
        this.forwarding = forwarding;
    }

    public DnsNames names() {
        return names;
    }

    public DnsCounters counters() {
        return counters;
    }

    public int ttl() {
        return ttl;
    }

    public boolean forwarding() {
        return forwarding;
    }

    /**
     * Answers the query of {@code length} bytes at {@code offset} of {@code in}, received on {@code vid}, writing
     * the response at {@code at} of {@code out} (room: {@code room} bytes). Returns the response length,
     * {@link #DROP} or {@link #FORWARD}. Never throws for any input.
     */
    public int answer(final int vid, final ByteBuf in, final int offset, final int length, final ByteBuf out,
                      final int at, final int room, final long nowMillis) {
        counters.queries++;
        if (length < DnsHeader.LENGTH) {
            counters.drop(DnsCounters.SHORT);
            return DROP;
        }
        final int id = DnsHeader.id(in, offset);
        final int flags = DnsHeader.flags(in, offset);
        if ((flags & DnsHeader.QR) != 0) {
            counters.drop(DnsCounters.RESPONSE);
            return DROP; // never answer an answer (no loops between servers)
        }
        final int rd = flags & DnsHeader.RD;
        if ((flags & DnsHeader.OPCODE_MASK) != 0) {
            return error(out, at, id, rd, DnsHeader.NOTIMP, DnsCounters.NOTIMP);
        }
        if (length > MAX_QUERY || DnsHeader.qdcount(in, offset) != 1) {
            return error(out, at, id, rd, DnsHeader.FORMERR, DnsCounters.FORMERR);
        }
        final int end = offset + length;
        final int q = offset + DnsHeader.LENGTH;
        final int afterName = DnsName.read(in, offset, end, q, qname);
        if (afterName < 0 || afterName + 4 > end) {
            return error(out, at, id, rd, DnsHeader.FORMERR, DnsCounters.FORMERR);
        }
        final int qtype = in.getUnsignedShort(afterName);
        final int qclass = in.getUnsignedShort(afterName + 2);
        final int questionLength = afterName + 4 - q;
        if (DnsHeader.LENGTH + questionLength + 512 > room) {
            counters.drop(DnsCounters.SHORT);
            return DROP;
        }
        // the question goes back byte for byte (case kept: resolvers match it, RFC 1035 §7.3)
        out.setBytes(at + DnsHeader.LENGTH, in, q, questionLength);
        final String name = qname.toString();
        if (qclass != CLASS_IN && qclass != CLASS_ANY || name.isEmpty()) {
            return outside(out, at, id, rd, questionLength);
        }
        if (name.endsWith(REVERSE_SUFFIX)) {
            return reverse(vid, name, qtype, out, at, id, rd, questionLength, nowMillis);
        }
        return forward(vid, name, qtype, out, at, id, rd, questionLength, nowMillis);
    }

    private int forward(final int vid, final String name, final int qtype, final ByteBuf out, final int at,
                        final int id, final int rd, final int questionLength, final long now) {
        final DnsZone zone = names.zone(vid);
        DnsNames.Entry e = names.lookup(name, now);
        if (e == null && name.indexOf('.') < 0 && zone != null) {
            e = names.lookup(zone.qualify(name), now); // a short name, in the asker's domain
        }
        final DnsZone authority = e != null ? (zone != null && zone.owns(e.name()) ? zone : owner(e.name(), zone))
            : owner(name, zone);
        if (e == null && authority == null && name.indexOf('.') >= 0) {
            return outside(out, at, id, rd, questionLength);
        }
        final int answers = at + DnsHeader.LENGTH + questionLength;
        if (e == null) {
            if (authority != null && name.equals(authority.domain()) && (qtype == TYPE_SOA || qtype == TYPE_ANY)) {
                final int end = soa(out, answers, POINTER_TO_QUESTION, authority);
                counters.answered++;
                DnsHeader.write(out, at, id, DnsHeader.AA | rd, DnsHeader.NOERROR, 1, 1, 0, 0);
                return end - at;
            }
            final boolean apex = authority != null && name.equals(authority.domain());
            counters.count(apex ? DnsCounters.NODATA : DnsCounters.NXDOMAIN);
            return negative(out, at, answers, id, rd, apex ? DnsHeader.NOERROR : DnsHeader.NXDOMAIN, authority);
        }
        if (qtype != TYPE_A && qtype != TYPE_ANY) {
            counters.count(DnsCounters.NODATA);
            return negative(out, at, answers, id, rd, DnsHeader.NOERROR, authority);
        }
        int p = rr(out, answers, POINTER_TO_QUESTION, TYPE_A, 4);
        out.setInt(p, e.address());
        p += 4;
        counters.answered++;
        DnsHeader.write(out, at, id, DnsHeader.AA | rd, DnsHeader.NOERROR, 1, 1, 0, 0);
        return p - at;
    }

    private int reverse(final int vid, final String name, final int qtype, final ByteBuf out, final int at,
                        final int id, final int rd, final int questionLength, final long now) {
        final int address = parseReverse(name.substring(0, name.length() - REVERSE_SUFFIX.length()));
        final DnsZone zone = address == -1 ? null : names.zoneOf(address);
        final DnsNames.Entry e = zone == null ? null : names.reverse(address, now);
        if (zone == null && e == null) {
            return outside(out, at, id, rd, questionLength);
        }
        final int answers = at + DnsHeader.LENGTH + questionLength;
        if (e == null) {
            counters.count(DnsCounters.NXDOMAIN);
            return negative(out, at, answers, id, rd, DnsHeader.NXDOMAIN, zone);
        }
        if (qtype != TYPE_PTR && qtype != TYPE_ANY) {
            counters.count(DnsCounters.NODATA);
            return negative(out, at, answers, id, rd, DnsHeader.NOERROR, zone);
        }
        int p = rr(out, answers, POINTER_TO_QUESTION, TYPE_PTR, DnsName.wireLength(e.name()));
        p = DnsName.write(out, p, e.name());
        counters.answered++;
        DnsHeader.write(out, at, id, DnsHeader.AA | rd, DnsHeader.NOERROR, 1, 1, 0, 0);
        return p - at;
    }

    /** {@code d.c.b.a} to a.b.c.d, or -1 when it is not four decimal octets (a partial reverse name). */
    static int parseReverse(final String labels) {
        final String[] parts = labels.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        int address = 0;
        for (int i = 3; i >= 0; i--) {
            final String s = parts[i];
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            final int v = Integer.parseInt(s);
            if (v > 255) {
                return -1;
            }
            address = (address << 8) | v;
        }
        return address;
    }

    /** The zone whose domain holds {@code name}: the asker's first. */
    private DnsZone owner(final String name, final DnsZone asker) {
        if (asker != null && asker.owns(name)) {
            return asker;
        }
        for (final DnsZone z : names.zones()) {
            if (z.owns(name)) {
                return z;
            }
        }
        if (name.indexOf('.') < 0) {
            return asker; // bare names are the lab's
        }
        return null;
    }

    private int outside(final ByteBuf out, final int at, final int id, final int rd, final int questionLength) {
        if (forwarding) {
            counters.forwarded++;
            return FORWARD;
        }
        counters.count(DnsCounters.REFUSED);
        DnsHeader.write(out, at, id, rd, DnsHeader.REFUSED, 1, 0, 0, 0);
        return DnsHeader.LENGTH + questionLength; // the question is already in place after the header
    }

    private int negative(final ByteBuf out, final int at, final int answers, final int id, final int rd,
                         final int rcode, final DnsZone zone) {
        if (zone == null || zone.domain() == null) {
            DnsHeader.write(out, at, id, DnsHeader.AA | rd, rcode, 1, 0, 0, 0);
            return answers - at;
        }
        final int end = soa(out, answers, -1, zone);
        DnsHeader.write(out, at, id, DnsHeader.AA | rd, rcode, 1, 0, 1, 0);
        return end - at;
    }

    static final int POINTER_TO_QUESTION = 0xC000 | DnsHeader.LENGTH;

    /** Writes a resource record's owner (a pointer, or -1: written by the caller), type, class, TTL, length. */
    private int rr(final ByteBuf out, final int p, final int pointer, final int type, final int rdLength) {
        out.setShort(p, pointer);
        out.setShort(p + 2, type);
        out.setShort(p + 4, CLASS_IN);
        out.setInt(p + 6, ttl);
        out.setShort(p + 10, rdLength);
        return p + 12;
    }

    /**
     * The zone's SOA (RFC 1035 §3.3.13), for negative answers (RFC 2308 §3: its minimum is the negative TTL):
     * the server names itself {@code ns.DOMAIN}; nothing outside the switch refreshes from it.
     */
    private int soa(final ByteBuf out, final int p, final int pointer, final DnsZone zone) {
        int w = p;
        if (pointer >= 0) {
            out.setShort(w, pointer);
            w += 2;
        } else {
            w = DnsName.write(out, w, zone.domain());
        }
        out.setShort(w, TYPE_SOA);
        out.setShort(w + 2, CLASS_IN);
        out.setInt(w + 4, ttl);
        final int rdLength = w + 8;
        int r = w + 10;
        r = DnsName.write(out, r, "ns." + zone.domain());
        r = DnsName.write(out, r, "hostmaster." + zone.domain());
        out.setInt(r, 1);            // serial
        out.setInt(r + 4, 3600);     // refresh
        out.setInt(r + 8, 600);      // retry
        out.setInt(r + 12, 86400);   // expire
        out.setInt(r + 16, ttl);     // minimum: the negative-caching TTL
        r += 20;
        out.setShort(rdLength, r - (w + 10));
        return r;
    }

    private int error(final ByteBuf out, final int at, final int id, final int rd, final int rcode,
                      final int counter) {
        counters.count(counter);
        DnsHeader.write(out, at, id, rd, rcode, 0, 0, 0, 0);
        return DnsHeader.LENGTH;
    }
}
