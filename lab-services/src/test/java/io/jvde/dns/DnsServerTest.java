package io.jvde.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab DNS server's answers, one RFC rule or issue requirement per test. */
class DnsServerTest {
    static final int VID = 0;
    static final int NET = ip("192.168.1.0");
    static final long NOW = 1_700_000_000_000L;

    final DnsNames names = new DnsNames();
    final Set<Integer> bound = new HashSet<>();
    final DnsServer server;
    final ByteBuf out = Unpooled.buffer(2048);

    DnsServerTest() {
        names.addZone(new DnsZone(VID, "lab.example", NET, 24, ip("192.168.1.254")));
        names.addStatic("server-1", ip("192.168.1.1"));
        names.addStatic("nas.lab.example", ip("192.168.1.9"));
        names.leaseCheck((vid, address, mac, now) -> bound.contains(address));
        server = new DnsServer(names, 30, false);
    }

    static int ip(final String s) {
        final String[] p = s.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
            | Integer.parseInt(p[3]);
    }

    DnsQueries.Response ask(final String name, final int type) {
        final byte[] q = DnsQueries.query(0x1234, name, type);
        final int n = server.answer(VID, DnsQueries.wrap(q), 0, q.length, out, 0, out.capacity(), NOW);
        assertTrue(n > 0, "answered: " + n);
        return DnsQueries.parse(out, 0, n);
    }

    @Test
    void rfc1035AuthoritativeAForAReservationNameQualifiedAndShort() {
        final DnsQueries.Response full = ask("server-1.lab.example", 1);
        assertEquals(0x1234, full.id());
        assertEquals(0, full.rcode());
        assertTrue(full.aa(), "authoritative");
        assertEquals(0, full.flags() & DnsHeader.RA, "no recursion offered");
        assertEquals("192.168.1.1", full.a());
        assertEquals("192.168.1.1", ask("server-1", 1).a(), "the short name");
        assertEquals("192.168.1.1", ask("SERVER-1.Lab.Example.", 1).a(), "case-insensitive (RFC 1035 §2.3.3)");
    }

    @Test
    void rfc1035PtrForAKnownAddress() {
        final DnsQueries.Response r = ask("1.1.168.192.in-addr.arpa", 12);
        assertEquals(0, r.rcode());
        assertEquals("server-1.lab.example", r.ptr());
    }

    @Test
    void unknownNameInsideTheDomainIsNxdomainWithTheSoa() {
        final DnsQueries.Response r = ask("nobody.lab.example", 1);
        assertEquals(DnsHeader.NXDOMAIN, r.rcode());
        assertTrue(r.aa());
        assertEquals(1, r.ns(), "RFC 2308 §3: the SOA in the authority section");
        assertEquals(DnsHeader.NXDOMAIN, ask("7.1.168.192.in-addr.arpa", 12).rcode(), "reverse inside the subnet");
    }

    @Test
    void rfc2308NodataForAnotherTypeOfAKnownName() {
        final DnsQueries.Response r = ask("server-1.lab.example", 28);
        assertEquals(0, r.rcode());
        assertEquals(0, r.an());
        assertEquals(1, r.ns());
    }

    @Test
    void namesOutsideTheLabAreRefusedWithoutAnUpstream() {
        assertEquals(DnsHeader.REFUSED, ask("example.org", 1).rcode());
        assertEquals(DnsHeader.REFUSED, ask("8.8.8.8.in-addr.arpa", 12).rcode());
        assertEquals(2, server.counters().refused());
    }

    @Test
    void namesOutsideTheLabAreForwardedWithAnUpstream() {
        final DnsServer fwd = new DnsServer(names, 30, true);
        final byte[] q = DnsQueries.query(7, "example.org", 1);
        assertEquals(DnsServer.FORWARD, fwd.answer(VID, DnsQueries.wrap(q), 0, q.length, out, 0, 2048, NOW));
        final byte[] lab = DnsQueries.query(8, "server-1.lab.example", 1);
        assertTrue(fwd.answer(VID, DnsQueries.wrap(lab), 0, lab.length, out, 0, 2048, NOW) > 0, "lab names stay");
    }

    @Test
    void leaseNamesLiveOnlyWhileTheLeaseIsBound() {
        final int a = ip("192.168.1.100");
        bound.add(a);
        assertTrue(names.leaseBound(VID, "web", a, 0x525400000001L));
        assertEquals("192.168.1.100", ask("web.lab.example", 1).a());
        assertEquals("web.lab.example", ask("100.1.168.192.in-addr.arpa", 12).ptr());
        bound.remove(a); // expired: no event, the lookup asks the lease table
        assertEquals(DnsHeader.NXDOMAIN, ask("web", 1).rcode());
        bound.add(a);
        assertTrue(names.leaseBound(VID, "web", a, 0x525400000001L));
        names.leaseEnded(VID, a); // released
        assertEquals(DnsHeader.NXDOMAIN, ask("web.lab.example", 1).rcode());
    }

    @Test
    void rfc4702OptionEightyOneNameInsideTheDomainIsPublishedAsIs() {
        final int a = ip("192.168.1.101");
        bound.add(a);
        assertTrue(names.leaseBound(VID, "Db.Lab.Example", a, 2L));
        assertEquals("192.168.1.101", ask("db.lab.example", 1).a());
        assertEquals("192.168.1.101", ask("db", 1).a());
    }

    @Test
    void rfc4702OptionEightyOneNameOutsideTheDomainKeepsItsFirstLabelOnly() {
        final int a = ip("192.168.1.102");
        bound.add(a);
        assertTrue(names.leaseBound(VID, "cache.corp.example.org", a, 3L));
        assertEquals("192.168.1.102", ask("cache.lab.example", 1).a());
        assertEquals(DnsHeader.REFUSED, ask("cache.corp.example.org", 1).rcode());
    }

    @Test
    void aClientCannotTakeAStaticName() {
        bound.add(ip("192.168.1.100"));
        names.leaseBound(VID, "server-1", ip("192.168.1.100"), 1L);
        assertEquals("192.168.1.1", ask("server-1", 1).a());
    }

    @Test
    void rfc1035Section4_1_1MalformedQueriesGetFormerrOrAreDropped() {
        final byte[] two = DnsQueries.query(9, "server-1", 1);
        two[5] = 2;
        assertEquals(DnsHeader.FORMERR, answer(two).rcode(), "two questions");
        final byte[] none = DnsQueries.query(9, "server-1", 1);
        none[5] = 0;
        assertEquals(DnsHeader.FORMERR, answer(none).rcode(), "no question");
        final byte[] loop = {0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
        assertEquals(DnsHeader.FORMERR, answer(loop).rcode(), "a pointer to itself");
        final byte[] cut = java.util.Arrays.copyOf(DnsQueries.query(9, "server-1.lab.example", 1), 20);
        assertEquals(DnsHeader.FORMERR, answer(cut).rcode(), "truncated");
        final byte[] big = new byte[600];
        System.arraycopy(DnsQueries.query(9, "x", 1), 0, big, 0, 19);
        assertEquals(DnsHeader.FORMERR, answer(big).rcode(), "oversized");
        assertEquals(DnsServer.DROP, server.answer(VID, DnsQueries.wrap(new byte[5]), 0, 5, out, 0, 2048, NOW),
            "no header to answer");
        final byte[] response = DnsQueries.query(9, "server-1", 1);
        response[2] |= (byte) 0x80;
        assertEquals(DnsServer.DROP, server.answer(VID, DnsQueries.wrap(response), 0, response.length, out, 0, 2048,
            NOW), "a response is never answered");
        assertEquals(5, server.counters().formerr());
        assertEquals(2, server.counters().dropped());
    }

    @Test
    void rfc1035OpcodesOtherThanQueryAreNotImplemented() {
        final byte[] update = DnsQueries.query(9, "server-1", 1);
        update[2] = (byte) (5 << 3); // UPDATE
        assertEquals(DnsHeader.NOTIMP, answer(update).rcode());
    }

    @Test
    void staticRecordWithAFullName() {
        assertEquals("192.168.1.9", ask("nas.lab.example", 1).a());
        assertNull(ask("nas.lab.example", 1).ptr());
    }

    DnsQueries.Response answer(final byte[] q) {
        final int n = server.answer(VID, DnsQueries.wrap(q), 0, q.length, out, 0, out.capacity(), NOW);
        assertTrue(n > 0, "answered");
        return DnsQueries.parse(out, 0, n);
    }
}
