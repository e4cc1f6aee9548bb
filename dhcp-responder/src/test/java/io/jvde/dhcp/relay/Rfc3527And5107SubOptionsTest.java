package io.jvde.dhcp.relay;

import static io.jvde.dhcp.relay.RelayFixture.CLIENT;
import static io.jvde.dhcp.relay.RelayFixture.CLIENT_PORT;
import static io.jvde.dhcp.relay.RelayFixture.RELAY_MAC;
import static io.jvde.dhcp.relay.RelayFixture.SERVER_MAC;
import static io.jvde.dhcp.relay.RelayFixture.UPSTREAM;
import static io.jvde.dhcp.relay.RelayFixture.subOption;
import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Test;

/** Optional sub-options: link selection (RFC 3527), server-id override (RFC 5107) with flags (RFC 5010). */
class Rfc3527And5107SubOptionsTest {

    private static RelayFixture with(final RelayVlan ten) {
        final RelayFixture f = new RelayFixture(RelayFixture.settings().clearVlans().vlan(ten)
            .vlan(RelayVlan.of(20, "10.20.0.1/24")).build());
        f.arpReplyFrom(SERVER_MAC, "192.0.2.1");
        f.sink.clear();
        return f;
    }

    @Test
    void rfc3527_3_linkSelectionCarriesTheClientSubnetAndGiaddrIsTheUpstreamAddress() {
        try (RelayFixture f = with(RelayVlan.of(10, "10.10.0.1/24").withLinkSelection(true))) {
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            final ReplyView v = f.sink.last().view();
            assertEquals(ip("192.0.2.10"), v.giaddr, "the server replies to an address it can reach");
            final byte[] agent = v.option(82);
            assertArrayEquals(Bytes.int32(ip("10.10.0.1")), subOption(agent, 5));
            // The reply comes back to the upstream address; the circuit picks VLAN 10 and the client's port.
            final ClientFrame reply = RelayFixture.serverReply(2, "192.0.2.10", agent);
            f.sink.clear();
            assertEquals(RelayDropReason.OK, f.send(1, UPSTREAM, reply.frame()));
            assertEquals(CLIENT_PORT, f.sink.last().port());
            assertEquals(10, f.sink.last().vid());
            assertEquals(ip("10.10.0.1"), f.sink.last().view().ipSrc, "from the VLAN's own address");
        }
    }

    @Test
    void rfc3527_replyToTheSharedGiaddrWithoutAgentOptionIsAmbiguous() {
        try (RelayFixture f = with(RelayVlan.of(10, "10.10.0.1/24").withLinkSelection(true))) {
            assertEquals(RelayDropReason.AMBIGUOUS_GIADDR.id(),
                f.send(1, UPSTREAM, RelayFixture.serverReply(2, "192.0.2.10", null).frame()));
            // A circuit of a VLAN without link selection is not accepted on the shared giaddr.
            assertEquals(RelayDropReason.OK, f.send(CLIENT_PORT, 20, ClientFrame.discover(CLIENT).frame()));
            final byte[] vlan20 = f.lastAgentOption();
            assertEquals(RelayDropReason.UNKNOWN_CIRCUIT.id(),
                f.send(1, UPSTREAM, RelayFixture.serverReply(2, "192.0.2.10", vlan20).frame()));
        }
    }

    @Test
    void rfc5107_4_serverIdOverrideWithRfc5010FlagsClearedForBroadcast() {
        try (RelayFixture f = with(RelayVlan.of(10, "10.10.0.1/24").withServerIdOverride(true))) {
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            final byte[] agent = f.lastAgentOption();
            assertArrayEquals(Bytes.int32(ip("10.10.0.1")), subOption(agent, 11));
            assertArrayEquals(new byte[] {0}, subOption(agent, 10), "broadcast: unicast bit clear");
            assertNull(subOption(agent, 5));
        }
    }

    @Test
    void rfc5010_4_unicastBitSetWhenTheClientUnicastToTheRelay() {
        try (RelayFixture f = with(RelayVlan.of(10, "10.10.0.1/24").withServerIdOverride(true))) {
            // A RENEWING client whose server id is the relay (RFC 5107) unicasts its REQUEST to it.
            final ClientFrame renew = ClientFrame.request(CLIENT).ciaddr("10.10.0.50").fromIp("10.10.0.50")
                .to(RELAY_MAC, "10.10.0.1");
            assertEquals(RelayDropReason.OK, f.fromClient(renew));
            assertArrayEquals(new byte[] {(byte) 0x80}, subOption(f.lastAgentOption(), 10));
        }
    }
}
