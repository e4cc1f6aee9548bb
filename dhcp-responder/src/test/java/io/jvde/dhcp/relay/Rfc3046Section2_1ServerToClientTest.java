package io.jvde.dhcp.relay;

import static io.jvde.dhcp.relay.RelayFixture.CLIENT;
import static io.jvde.dhcp.relay.RelayFixture.CLIENT_PORT;
import static io.jvde.dhcp.relay.RelayFixture.RELAY_MAC;
import static io.jvde.dhcp.relay.RelayFixture.UPSTREAM;
import static io.jvde.dhcp.relay.RelayFixture.serverReply;
import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server → client: RFC 1542 §4.1.2, RFC 3046 §2.1 (strip 82), RFC 2131 §4.1 (delivery). */
class Rfc3046Section2_1ServerToClientTest {
    private static final int OFFER = 2;
    private static final int ACK = 5;
    private static final int NAK = 6;

    /** Relays a DISCOVER from {@code port} on {@code vid} and returns the option 82 the relay generated. */
    private static byte[] agentOptionFor(final RelayFixture f, final int port, final int vid) {
        assertEquals(RelayDropReason.OK, f.send(port, vid, ClientFrame.discover(CLIENT).frame()));
        final byte[] agent = f.lastAgentOption();
        f.sink.clear();
        return agent;
    }

    private static int fromServer(final RelayFixture f, final ClientFrame reply) {
        return f.send(1, UPSTREAM, reply.frame());
    }

    private static byte[] optionsArea(final byte[] message) {
        return Arrays.copyOfRange(message, 240, message.length);
    }

    @Test
    void rfc3046_2_1_agentOptionIsStrippedAndEveryOtherOptionKeptByteForByte() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] agent = agentOptionFor(f, CLIENT_PORT, 10);
            // 82 in the middle, options after it (westermo/dhcp-helper#21 lost those), then END and padding.
            final ClientFrame reply = serverReply(OFFER, "10.10.0.1", agent).option(15, Bytes.ascii("lab.example"))
                .option(119, Bytes.hex("03 6c6162 00"));
            assertEquals(RelayDropReason.OK, fromServer(f, reply));
            final ReplyView v = f.sink.last().view();
            final byte[] before = optionsArea(reply.message());
            final ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int p = 0;
            while (p < before.length) {
                final int code = before[p] & 0xFF;
                if (code == 82) {
                    p += 2 + (before[p + 1] & 0xFF);
                    continue;
                }
                expected.write(before[p]);
                p++;
            }
            final byte[] got = optionsArea(Arrays.copyOfRange(v.frame, 42, 42 + v.dhcpLength));
            final byte[] want = expected.toByteArray();
            assertArrayEquals(want, Arrays.copyOf(got, want.length), "options minus the 82 bytes, in order");
            assertTrue(v.dhcpLength >= 300);
            for (int i = want.length; i < got.length; i++) {
                assertEquals(0, got[i], "only zero padding after");
            }
            assertFalse(v.has(82));
            assertEquals(List.of(53, 54, 51, 1, 3, 6, 15, 119, 255), v.order());
            // The fixed header is copied unchanged.
            assertArrayEquals(Arrays.copyOf(reply.message(), 240), Arrays.copyOf(
                Arrays.copyOfRange(v.frame, 42, 42 + v.dhcpLength), 240));
        }
    }

    @Test
    void rfc2131_4_1_unicastReplyGoesToChaddrAtYiaddrOnTheClientsPortOnly() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] agent = agentOptionFor(f, CLIENT_PORT, 10);
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(OFFER, "10.10.0.1", agent)));
            final CapturingSink.Sent sent = f.sink.last();
            assertEquals(CLIENT_PORT, sent.port(), "to the client's port only");
            assertEquals(10, sent.vid());
            final ReplyView v = sent.view();
            assertEquals(Bytes.mac(CLIENT), v.ethDst);
            assertEquals(RELAY_MAC, v.ethSrc);
            assertEquals(ip("10.10.0.50"), v.ipDst);
            assertEquals(ip("10.10.0.1"), v.ipSrc, "from giaddr");
            assertEquals(67, v.udpSrc);
            assertEquals(68, v.udpDst);
            assertTrue(v.ipChecksumOk);
            assertTrue(v.udpChecksumOk);
            assertEquals(1, f.agent.counters().repliesRelayed(10));
            final String event = f.listener.relayed.get(f.listener.relayed.size() - 1);
            assertEquals("SERVER_TO_CLIENT vid 10 port 3 giaddr 10.10.0.1 server 192.0.2.1", event);
        }
    }

    @Test
    void rfc2131_4_1_broadcastFlagMakesTheReplyABroadcast() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] agent = agentOptionFor(f, CLIENT_PORT, 10);
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(ACK, "10.10.0.1", agent).broadcastFlag()));
            final ReplyView v = f.sink.last().view();
            assertEquals(0xFFFF_FFFF_FFFFL, v.ethDst);
            assertEquals(0xFFFF_FFFF, v.ipDst);
            assertEquals(CLIENT_PORT, f.sink.last().port(), "still only the client's port");
            assertTrue(v.udpChecksumOk);
        }
    }

    @Test
    void rfc2131_4_3_2_nakIsAlwaysBroadcast() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] agent = agentOptionFor(f, CLIENT_PORT, 10);
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(NAK, "10.10.0.1", agent)));
            final ReplyView v = f.sink.last().view();
            assertEquals(0xFFFF_FFFF_FFFFL, v.ethDst);
            assertEquals(0xFFFF_FFFF, v.ipDst);
        }
    }

    @Test
    void rfc1542_4_1_2_replyWhoseGiaddrIsNotOursIsDropped() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] agent = agentOptionFor(f, CLIENT_PORT, 10);
            final ClientFrame reply = serverReply(OFFER, "10.10.0.1", agent).giaddr("10.30.0.1");
            assertEquals(RelayDropReason.BOGUS_GIADDR.id(), fromServer(f, reply));
            assertEquals(0, f.sink.count());
            assertEquals(1, f.agent.counters().count(UPSTREAM, RelayDropReason.BOGUS_GIADDR));
        }
    }

    @Test
    void rfc3046_2_1_replyWithACircuitWeDidNotGenerateIsDropped() {
        try (RelayFixture f = RelayFixture.resolved()) {
            agentOptionFor(f, CLIENT_PORT, 10);
            // "sw1 port 9 vlan 10": readable like ours, but never generated (no request came from port 9).
            final byte[] forged = Bytes.hex("0112 737731 20706f7274203920766c616e203130 0203 737731");
            assertEquals(RelayDropReason.UNKNOWN_CIRCUIT.id(), fromServer(f, serverReply(OFFER, "10.10.0.1", forged)));
            assertEquals(RelayDropReason.UNKNOWN_CIRCUIT.id(), fromServer(f, serverReply(OFFER, "10.10.0.1",
                Bytes.hex("0203 737731"))), "no circuit-id at all");
            assertEquals(0, f.sink.count());
        }
    }

    @Test
    void rfc3046_2_1_circuitOfAnotherVlanThanGiaddrIsDropped() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] vlan20 = agentOptionFor(f, CLIENT_PORT, 20);
            assertEquals(RelayDropReason.UNKNOWN_CIRCUIT.id(), fromServer(f, serverReply(OFFER, "10.10.0.1", vlan20)));
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(OFFER, "10.20.0.1", vlan20)));
            assertEquals(20, f.sink.last().vid());
        }
    }

    @Test
    void sameCircuitTextOnTwoVlansMapsByGiaddrsVlan() {
        final RelaySettings s = RelayFixture.settings().clearVlans()
            .vlan(RelayVlan.of(10, "10.10.0.1/24").withCircuitId("{switch} port {port}"))
            .vlan(RelayVlan.of(20, "10.20.0.1/24").withCircuitId("{switch} port {port}")).build();
        try (RelayFixture f = new RelayFixture(s)) {
            f.arpReplyFrom(RelayFixture.SERVER_MAC, "192.0.2.1");
            final byte[] on10 = agentOptionFor(f, CLIENT_PORT, 10);
            final byte[] on20 = agentOptionFor(f, CLIENT_PORT, 20); // a trunk port in both VLANs
            assertArrayEquals(Bytes.ascii("sw1 port 3"), RelayFixture.subOption(on10, 1));
            assertArrayEquals(on10, on20, "the same text on both VLANs");
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(OFFER, "10.20.0.1", on20)));
            assertEquals(CLIENT_PORT, f.sink.last().port());
            assertEquals(20, f.sink.last().vid());
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(OFFER, "10.10.0.1", on10)));
            assertEquals(10, f.sink.last().vid());
            // Port 4 only ever sent on VLAN 10, so its circuit is unknown on VLAN 20.
            final byte[] port4 = agentOptionFor(f, CLIENT_PORT + 1, 10);
            assertEquals(RelayDropReason.UNKNOWN_CIRCUIT.id(), fromServer(f, serverReply(OFFER, "10.20.0.1", port4)));
        }
    }

    @Test
    void rfc3046_2_1_replyWithoutAgentOptionGoesToGiaddrsVlanAndIsCounted() {
        try (RelayFixture f = RelayFixture.resolved()) {
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(OFFER, "10.20.0.1", null)));
            final CapturingSink.Sent sent = f.sink.last();
            assertEquals(FrameSink.FORWARD, sent.port());
            assertEquals(20, sent.vid());
            assertEquals(ip("10.20.0.1"), sent.view().ipSrc);
            assertEquals(1, f.agent.counters().count(20, RelayDropReason.REPLY_WITHOUT_AGENT_OPTION));
        }
    }

    @Test
    void bootRequestsOnTheUpstreamVlanAndRepliesOnClientVlansAreNotRelayed() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] agent = agentOptionFor(f, CLIENT_PORT, 10);
            // A rogue server's reply on a client VLAN, to UDP 67 of the relay.
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(),
                f.send(CLIENT_PORT, 10, serverReply(OFFER, "10.10.0.1", agent).frame()));
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.send(1, UPSTREAM,
                ClientFrame.discover(CLIENT).to(RELAY_MAC, "192.0.2.10").frame()));
            assertEquals(0, f.sink.count());
        }
    }

    @Test
    void circuitsStayValidAfterTheTemplateChanges() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] old = agentOptionFor(f, CLIENT_PORT, 10);
            f.agent.reconfigure(RelayFixture.settings().clearVlans().vlan(RelayVlan.of(10, "10.10.0.1/24")
                .withCircuitId("{switch}:{port}")).vlan(RelayVlan.of(20, "10.20.0.1/24")).build());
            final byte[] fresh = agentOptionFor(f, CLIENT_PORT, 10);
            assertArrayEquals(Bytes.ascii("sw1:3"), RelayFixture.subOption(fresh, 1));
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(OFFER, "10.10.0.1", old)), "in flight");
            assertEquals(RelayDropReason.OK, fromServer(f, serverReply(OFFER, "10.10.0.1", fresh)));
            assertEquals(CLIENT_PORT, f.sink.last().port());
        }
    }
}
