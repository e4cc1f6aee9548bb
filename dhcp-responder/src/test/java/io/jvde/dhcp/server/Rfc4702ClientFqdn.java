package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jvde.dhcp.lease.ScopeLeases;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.dhcp.wire.ClientFqdn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 4702 §2: option 81 is flags, RCODE1, RCODE2, then the name (canonical wire format with the E flag, ASCII
 * without). The lease keeps the name the client sent there, before option 12's (RFC 4702 §3), for DNS.
 */
class Rfc4702ClientFqdn {
    private static final String MAC = "52:54:00:aa:00:81";

    /** Flags, RCODE1 = RCODE2 = 0 (RFC 4702 §2.2: the client sets them to 0), then {@code name}. */
    static byte[] option(final int flags, final byte[] name) {
        final byte[] v = new byte[3 + name.length];
        v[0] = (byte) flags;
        System.arraycopy(name, 0, v, 3, name.length);
        return v;
    }

    /** RFC 1035 §3.1 canonical wire format; {@code rooted} adds the terminating zero-length label. */
    static byte[] wire(final String name, final boolean rooted) {
        final byte[] out = new byte[name.length() + 2];
        int p = 0;
        for (final String label : name.split("\\.")) {
            out[p++] = (byte) label.length();
            for (final byte b : label.getBytes(StandardCharsets.US_ASCII)) {
                out[p++] = b;
            }
        }
        if (rooted) {
            out[p++] = 0;
        }
        return java.util.Arrays.copyOf(out, p);
    }

    static String decode(final byte[] value) {
        final ByteBuf dst = Unpooled.buffer(ClientFqdn.MAX_NAME);
        final int n = ClientFqdn.decode(Unpooled.wrappedBuffer(value), 0, value.length, dst);
        return n < 0 ? null : dst.toString(0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void rfc4702Section2_3_1CanonicalWireFormatWhenTheEFlagIsSet() {
        assertEquals("web.lab.example", decode(option(ClientFqdn.FLAG_E | ClientFqdn.FLAG_S,
            wire("web.lab.example", true))));
    }

    @Test
    void rfc4702Section2_3_1APartialNameHasNoRootLabel() {
        assertEquals("web", decode(option(ClientFqdn.FLAG_E, wire("web", false))));
    }

    @Test
    void rfc4702Section2_3_1AsciiWhenTheEFlagIsClear() {
        assertEquals("web.lab.example", decode(option(0, "web.lab.example.".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("web", decode(option(0, "web\0".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void rfc4702Section2MalformedValuesAreRejected() {
        assertNull(decode(new byte[] {ClientFqdn.FLAG_E, 0})); // shorter than flags and RCODEs
        assertNull(decode(option(ClientFqdn.FLAG_E, new byte[] {3, 'w', 'e'}))); // label past the end
        assertNull(decode(option(ClientFqdn.FLAG_E, new byte[] {(byte) 0xC0, 0x0C}))); // compression
        assertNull(decode(option(ClientFqdn.FLAG_E, new byte[] {1, 'a', 0, 1, 'b'}))); // bytes after the root
        assertNull(decode(option(ClientFqdn.FLAG_E, new byte[] {3, 'a', '.', 'b', 0}))); // a dot inside a label
        assertEquals("", decode(option(ClientFqdn.FLAG_E, new byte[0]))); // no name: the server chooses
    }

    private static String leaseName(final Harness h, final ClientFrame discover, final ClientFrame request) {
        h.send(discover);
        final ReplyView offer = h.reply();
        h.send(request.serverId(Bytes.ip(offer.ipSrc)).requestedIp(Bytes.ip(offer.yiaddr)));
        h.responder.flush();
        final ReplyView ack = h.reply();
        assertEquals(5, ack.messageType());
        final ScopeLeases leases = h.responder.leaseTable(1);
        return leases.hostnameText(leases.owner(ack.yiaddr));
    }

    @Test
    void rfc4702Section3TheFqdnNameIsTheLeaseNameWithoutOption12() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final byte[] fqdn = option(ClientFqdn.FLAG_E | ClientFqdn.FLAG_S, wire("web.lab.example", true));
            assertEquals("web.lab.example", leaseName(h, ClientFrame.discover(MAC).option(81, fqdn),
                ClientFrame.request(MAC).option(81, fqdn)));
        }
    }

    @Test
    void rfc4702Section3TheFqdnNameWinsOverOption12() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final byte[] fqdn = option(0, "db".getBytes(StandardCharsets.US_ASCII));
            assertEquals("db", leaseName(h, ClientFrame.discover(MAC).hostname("other").option(81, fqdn),
                ClientFrame.request(MAC).hostname("other").option(81, fqdn)));
        }
    }

    @Test
    void aMalformedOrEmptyFqdnFallsBackToOption12AndTheRequestIsServed() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final byte[] bad = option(ClientFqdn.FLAG_E, new byte[] {(byte) 0xC0, 0x0C});
            assertEquals("host12", leaseName(h, ClientFrame.discover(MAC).hostname("host12").option(81, bad),
                ClientFrame.request(MAC).hostname("host12").option(81, bad)));
            final byte[] empty = option(ClientFqdn.FLAG_E, new byte[0]);
            assertEquals("host12", leaseName(h, ClientFrame.discover("52:54:00:aa:00:82").hostname("host12")
                .option(81, empty), ClientFrame.request("52:54:00:aa:00:82").hostname("host12").option(81, empty)));
        }
    }
}
