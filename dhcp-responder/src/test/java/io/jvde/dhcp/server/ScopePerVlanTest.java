package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scope = VLAN of the ingress port; relayed requests pick the scope by giaddr or RFC 3527 link-selection. */
class ScopePerVlanTest {
    private final Harness h = Harness.of(Harness.lan().build(),
        Scope.builder(2, "10.0.2.0/24").name("lab").range("10.0.2.10", "10.0.2.20").build());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void shouldServeEachVlanFromItsOwnScope() {
        h.send(ClientFrame.discover("52:54:00:aa:00:01"), 3, 1);
        final ReplyView one = h.reply();
        h.send(ClientFrame.discover("52:54:00:aa:00:02"), 4, 2);
        final ReplyView two = h.reply();
        assertTrue(one.yiaddr >= ip("192.168.1.100") && one.yiaddr <= ip("192.168.1.199"));
        assertTrue(two.yiaddr >= ip("10.0.2.10") && two.yiaddr <= ip("10.0.2.20"), Bytes.ip(two.yiaddr));
        assertEquals(ip("10.0.2.254"), two.optionInt(54));
        assertEquals(2, h.sink.last().vid());
        assertTrue(h.events.lastLine().contains("scope lab"), h.events.lastLine());
    }

    @Test
    void shouldAnswerArpOnlyForTheServerAddressOfTheIngressVlan() {
        final byte[] arp = Bytes.hex("ffffffffffff 525400aa0001 0806 0001 0800 06 04 0001 525400aa0001 0a00020b"
            + "000000000000 c0a801fe");
        assertEquals(DhcpDropReason.NOT_FOR_SERVER.id(), h.responder.onFrame(4, 2,
            io.netty.buffer.Unpooled.wrappedBuffer(arp), 0, arp.length, h.now));
    }

    @Test
    void shouldAllocateFromTheScopeOfTheRelaysGiaddr() {
        h.send(ClientFrame.discover("52:54:00:aa:00:03").giaddr("10.0.2.1").from("02:00:00:00:00:99",
            "192.168.1.1").toIp("192.168.1.254").hops(1), 3, 1);
        final ReplyView r = h.reply();
        assertTrue(r.yiaddr >= ip("10.0.2.10") && r.yiaddr <= ip("10.0.2.20"), Bytes.ip(r.yiaddr));
        assertEquals(ip("192.168.1.254"), r.optionInt(54), "the relay reaches us on its own VLAN");
        assertEquals(ip("10.0.2.1"), r.ipDst);
    }

    @Test
    void shouldPreferTheLinkSelectionSubOptionOverGiaddr() {
        // RFC 3527 §3: allocate from the link-selection subnet, reply to giaddr
        final io.jvde.dhcp.config.DhcpSettings s = io.jvde.dhcp.config.DhcpSettings.builder()
            .scope(Harness.lan().build())
            .scope(Scope.builder(2, "10.0.2.0/24").range("10.0.2.10", "10.0.2.20").build()).build();
        try (Harness relayed = Harness.of(s)) {
            relayed.send(ClientFrame.discover("52:54:00:aa:00:04").option(82, Bytes.hex("0504 0a000200"))
                .giaddr("192.168.1.1").from("02:00:00:00:00:99", "192.168.1.1").toIp("192.168.1.254"));
            assertTrue(relayed.reply().yiaddr >= ip("10.0.2.10"), Bytes.ip(relayed.reply().yiaddr));
            assertEquals(ip("192.168.1.1"), relayed.reply().ipDst);
        }
    }

    @Test
    void shouldDropARelayedRequestForASubnetWithoutScope() {
        assertEquals(DhcpDropReason.NO_SCOPE.id(), h.send(ClientFrame.discover("52:54:00:aa:00:05")
            .giaddr("172.16.0.1").from("02:00:00:00:00:99", "192.168.1.1").toIp("192.168.1.254")));
    }
}
