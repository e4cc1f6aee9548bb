package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3046 §2.2: a server echoes the relay agent information option verbatim, last. */
class Rfc3046Section2_2EchoOption82 {
    private static final String A = "52:54:00:aa:00:01";
    private static final byte[] RAI = Bytes.hex("0106 737731703033 0203 0a0b0c");

    private static ClientFrame relayed(final ClientFrame f) {
        return f.giaddr("192.168.1.1").from("02:00:00:00:00:99", "192.168.1.1").toIp("192.168.1.254").hops(1);
    }

    @Test
    void shouldEchoTheOptionVerbatimAsTheLastOptionBeforeEnd() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.send(relayed(ClientFrame.discover(A).option(82, RAI).prl(1, 3, 6)));
            final ReplyView r = h.reply();
            assertArrayEquals(RAI, r.option(82));
            final List<Integer> order = r.order();
            assertEquals(82, order.get(order.size() - 2));
            assertEquals(255, order.get(order.size() - 1));
        }
    }

    @Test
    void shouldEchoTheOptionInANakToo() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.send(relayed(ClientFrame.request(A).requestedIp("10.1.1.1").option(82, RAI)));
            assertEquals(6, h.reply().messageType());
            assertArrayEquals(RAI, h.reply().option(82));
        }
    }

    @Test
    void shouldEchoEverySplitInstanceInOrder() {
        final byte[] first = Bytes.hex("0103 616263");
        final byte[] second = Bytes.hex("0201 7a");
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.send(relayed(ClientFrame.discover(A).option(82, first).option(82, second)));
            final byte[] joined = new byte[first.length + second.length];
            System.arraycopy(first, 0, joined, 0, first.length);
            System.arraycopy(second, 0, joined, first.length, second.length);
            assertArrayEquals(joined, h.reply().option(82));
        }
    }

    @Test
    void shouldLeaveTheEchoOutAndSayWhenItDoesNotFit() {
        final byte[] huge = new byte[255];
        huge[0] = 1;
        huge[1] = (byte) 253;
        final io.jvde.dhcp.config.Scope.Builder b = Harness.lan();
        try (Harness h = Harness.of(b.build())) {
            final ClientFrame f = relayed(ClientFrame.discover(A).prl(1, 3, 6).clientId(new byte[200]));
            f.option(82, huge);
            h.send(f);
            final ReplyView r = h.reply();
            assertFalse(r.has(82));
            assertTrue(r.ipTotalLength <= 576);
            assertTrue(h.events.lastLine().contains("option 82 echo omitted"), h.events.lastLine());
        }
    }

    @Test
    void shouldDropOption82FromAnUntrustedAccessPort() {
        // docs/dhcp.md §2.6: option 82 with giaddr 0 straight from an access port is a spoofing signal
        try (Harness h = Harness.of(Harness.lan().build())) {
            assertEquals(DhcpDropReason.UNTRUSTED_OPTION_82.id(), h.send(ClientFrame.discover(A).option(82, RAI)));
            assertEquals(1, h.responder.counters().drops(DhcpDropReason.UNTRUSTED_OPTION_82));
        }
    }

    @Test
    void shouldAcceptOption82FromATrustedPort() {
        final DhcpSettings s = DhcpSettings.builder().trustedPort(Harness.PORT).scope(Harness.lan().build()).build();
        try (Harness h = Harness.of(s)) {
            assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(A).option(82, RAI)));
            assertArrayEquals(RAI, h.reply().option(82));
        }
    }
}
