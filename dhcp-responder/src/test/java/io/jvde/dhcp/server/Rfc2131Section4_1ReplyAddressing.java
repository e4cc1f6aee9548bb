package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static io.jvde.dhcp.testsupport.Bytes.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 2131 §4.1, "If the 'giaddr' field in a DHCP message from a client is non-zero ...": one test per row. */
class Rfc2131Section4_1ReplyAddressing {
    private static final String CLIENT = "52:54:00:aa:00:01";
    private static final String RELAY_MAC = "02:00:00:00:00:99";
    private static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;

    private final Harness h = Harness.of(Harness.lan().build());

    @AfterEach
    void close() {
        h.close();
    }

    private ReplyView sent(final ClientFrame f) {
        assertEquals(DhcpDropReason.OK, h.send(f), h.events.drops.toString());
        h.responder.flush();
        final ReplyView r = h.reply();
        assertTrue(r.ipChecksumOk, "IPv4 header checksum");
        assertTrue(r.udpChecksumOk, "UDP checksum");
        assertEquals(ip("192.168.1.254"), r.ipSrc);
        assertEquals(67, r.udpSrc);
        assertEquals(h.serverMac(), r.ethSrc);
        return r;
    }

    @Test
    void shouldUnicastToGiaddrOnServerPortWhenRelayed() {
        final ReplyView r = sent(ClientFrame.discover(CLIENT).giaddr("192.168.1.1").from(RELAY_MAC, "192.168.1.1")
            .toIp("192.168.1.254").hops(1));
        assertEquals(ip("192.168.1.1"), r.ipDst);
        assertEquals(67, r.udpDst);
        assertEquals(mac(RELAY_MAC), r.ethDst, "the relay that sent the request, not the client");
        assertEquals(ip("192.168.1.1"), r.giaddr);
    }

    @Test
    void shouldSetTheBroadcastBitOnANakSentThroughARelay() {
        final ReplyView r = sent(ClientFrame.request(CLIENT).requestedIp("10.9.9.9").giaddr("192.168.1.1")
            .from(RELAY_MAC, "192.168.1.1").toIp("192.168.1.254"));
        assertEquals(6, r.messageType());
        assertEquals(ip("192.168.1.1"), r.ipDst);
        assertEquals(67, r.udpDst);
        assertTrue(r.broadcastFlag(), "§4.3.2: the relay must broadcast the NAK");
    }

    @Test
    void shouldBroadcastANakWhenGiaddrIsZero() {
        final ReplyView r = sent(ClientFrame.request(CLIENT).ciaddr("10.9.9.9").from(CLIENT, "10.9.9.9")
            .to(h.serverMac(), "192.168.1.254"));
        assertEquals(6, r.messageType());
        assertEquals(ip("255.255.255.255"), r.ipDst);
        assertEquals(BROADCAST_MAC, r.ethDst);
        assertEquals(68, r.udpDst);
    }

    @Test
    void shouldUnicastToCiaddrWhenTheClientHasAnAddress() {
        final int a = h.dora(CLIENT).yiaddr;
        final String addr = io.jvde.dhcp.testsupport.Bytes.ip(a);
        final ReplyView r = sent(ClientFrame.request(CLIENT).ciaddr(addr).from(CLIENT, addr)
            .to(h.serverMac(), "192.168.1.254"));
        assertEquals(5, r.messageType());
        assertEquals(a, r.ipDst);
        assertEquals(mac(CLIENT), r.ethDst);
        assertEquals(68, r.udpDst);
    }

    @Test
    void shouldBroadcastWhenTheClientSetTheBroadcastBit() {
        final ReplyView r = sent(ClientFrame.discover(CLIENT).broadcastFlag());
        assertEquals(ip("255.255.255.255"), r.ipDst);
        assertEquals(BROADCAST_MAC, r.ethDst);
        assertEquals(68, r.udpDst);
        assertTrue(r.broadcastFlag(), "flags are copied from the request (Table 3)");
    }

    @Test
    void shouldUnicastToChaddrAndYiaddrWhenTheBroadcastBitIsClear() {
        final ReplyView r = sent(ClientFrame.discover(CLIENT));
        assertEquals(r.yiaddr, r.ipDst);
        assertEquals(mac(CLIENT), r.ethDst, "an L2 unicast to chaddr: no ARP entry needed");
        assertEquals(68, r.udpDst);
        assertFalse(r.broadcastFlag());
    }

    @Test
    void shouldSendAnInformAckToCiaddr() {
        final ReplyView r = sent(ClientFrame.of(ClientFrame.INFORM, CLIENT).ciaddr("192.168.1.50")
            .from(CLIENT, "192.168.1.50").to(h.serverMac(), "192.168.1.254"));
        assertEquals(ip("192.168.1.50"), r.ipDst);
        assertEquals(mac(CLIENT), r.ethDst);
    }

    @Test
    void shouldSendAnInformAckWithoutCiaddrToTheSourceAddress() {
        final ReplyView r = sent(ClientFrame.of(ClientFrame.INFORM, CLIENT).from(CLIENT, "192.168.1.51"));
        assertEquals(ip("192.168.1.51"), r.ipDst);
    }

    @Test
    void shouldTreatGiaddrAllOnesAsNotRelayed() {
        final ReplyView r = sent(ClientFrame.discover(CLIENT).giaddr("255.255.255.255"));
        assertEquals(68, r.udpDst);
        assertEquals(mac(CLIENT), r.ethDst);
    }

    @Test
    void shouldSendEveryReplyOutOfTheIngressPortOnTheIngressVlan() {
        h.send(ClientFrame.discover(CLIENT), 7, 1);
        assertEquals(7, h.sink.last().port());
        assertEquals(1, h.sink.last().vid());
    }
}
