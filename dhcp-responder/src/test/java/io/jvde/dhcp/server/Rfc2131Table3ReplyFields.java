package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.BootSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Test;

/** RFC 2131 §4.3.1 Table 3: the fields and options of DHCPOFFER, DHCPACK and DHCPNAK. */
class Rfc2131Table3ReplyFields {
    private static final String A = "52:54:00:aa:00:01";

    @Test
    void shouldFillTheOfferFieldsAsTable3Says() {
        try (Harness h = Harness.of(Harness.lan().boot(BootSettings.of("pxelinux.0", null, "192.168.1.2")).build())) {
            h.send(ClientFrame.discover(A).xid(0xdeadbeef).ciaddr("192.168.1.77").broadcastFlag());
            final ReplyView r = h.reply();
            assertEquals(2, r.op, "op BOOTREPLY");
            assertEquals(1, r.htype);
            assertEquals(6, r.hlen);
            assertEquals(0, r.hops);
            assertEquals(0xdeadbeef, r.xid, "xid from the client");
            assertEquals(0, r.secs);
            assertEquals(0x8000, r.flags, "flags from the client");
            assertEquals(0, r.ciaddr, "OFFER: ciaddr 0");
            assertTrue(r.yiaddr != 0);
            assertEquals(ip("192.168.1.2"), r.siaddr, "next bootstrap server");
            assertEquals(0, r.giaddr);
            assertEquals(Bytes.mac(A), r.chaddrMac());
            assertEquals("pxelinux.0", r.file);
            assertEquals(0x63825363, r.cookie);
            assertEquals(2, r.messageType());
            assertEquals(ip("192.168.1.254"), r.optionInt(54), "server identifier MUST");
            assertEquals(3600, r.optionInt(51), "lease time MUST in OFFER");
        }
    }

    @Test
    void shouldCopyCiaddrIntoAnAck() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final int a = h.dora(A).yiaddr;
            h.send(ClientFrame.request(A).ciaddr(Bytes.ip(a)).fromIp(Bytes.ip(a)));
            h.responder.flush();
            assertEquals(a, h.reply().ciaddr);
            assertEquals(a, h.reply().yiaddr);
            assertEquals(3600, h.reply().optionInt(51), "lease time MUST in ACK to REQUEST");
        }
    }

    @Test
    void shouldLeaveEveryAddressZeroAndTheLeaseTimeOutOfANak() {
        try (Harness h = Harness.of(Harness.lan().boot(BootSettings.of("pxelinux.0", "tftp", "192.168.1.2"))
            .build())) {
            h.send(ClientFrame.request(A).requestedIp("10.0.0.1").ciaddr("0.0.0.0"));
            final ReplyView r = h.reply();
            assertEquals(6, r.messageType());
            assertEquals(0, r.ciaddr);
            assertEquals(0, r.yiaddr);
            assertEquals(0, r.siaddr);
            assertEquals("", r.sname);
            assertEquals("", r.file);
            assertFalse(r.has(51), "MUST NOT: lease time in NAK");
            assertFalse(r.has(1), "no configuration in a NAK");
            assertTrue(r.has(54));
        }
    }

    @Test
    void shouldSendT1AndT2AtHalfAndSevenEighthsByDefault() {
        try (Harness h = Harness.of(Harness.lan().leaseTime(8000).build())) {
            final ReplyView ack = h.dora(A);
            assertEquals(8000, ack.optionInt(51));
            assertEquals(4000, ack.optionInt(58));
            assertEquals(7000, ack.optionInt(59));
        }
    }

    @Test
    void shouldSendNoT1OrT2WithAnInfiniteLease() {
        try (Harness h = Harness.of(Harness.lan().leaseTime(Scope.INFINITE).build())) {
            final ReplyView ack = h.dora(A);
            assertEquals(0xFFFF_FFFF, ack.optionInt(51));
            assertFalse(ack.has(58));
            assertFalse(ack.has(59));
        }
    }

    @Test
    void shouldPutMessageTypeAndServerIdFirstAndEndLast() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final ReplyView ack = h.dora(A);
            assertEquals(53, ack.order().get(0));
            assertEquals(54, ack.order().get(1));
            assertEquals(255, ack.order().get(ack.order().size() - 1));
        }
    }

    @Test
    void shouldPadRepliesToThe300ByteBootpMinimum() {
        try (Harness h = Harness.of(Scope.builder(1, "192.168.1.0/24").range("192.168.1.100", "192.168.1.110")
            .build())) {
            h.send(ClientFrame.discover(A).prl(1));
            assertEquals(300, h.reply().dhcpLength);
        }
    }

    @Test
    void shouldAnswerWithTheSameChaddrBytesTheClientSent() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.send(ClientFrame.discover(A));
            final byte[] expected = new byte[16];
            System.arraycopy(Bytes.hex(A.replace(":", "")), 0, expected, 0, 6);
            assertArrayEquals(expected, h.reply().chaddr);
        }
    }
}
