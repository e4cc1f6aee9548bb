package io.jvde.app.dhcp;

import io.jvde.app.dhcp.RelayGlue.RecordingContext;
import io.jvde.dhcp.guard.DhcpGuard;
import io.jvde.dhcp.guard.GuardDropReason;
import io.jvde.dhcp.guard.GuardSettings;
import io.jvde.dhcp.guard.SnoopingTable;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.relay.RelayAgent;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.jvde.app.dhcp.RelayGlue.CLIENT_MAC;
import static io.jvde.app.dhcp.RelayGlue.RELAYED;
import static io.jvde.app.dhcp.RelayGlue.SERVED;
import static io.jvde.app.dhcp.RelayGlue.UPSTREAM;
import static io.jvde.app.dhcp.RelayGlue.tagged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DhcpPort} wired as {@link DhcpExtension} wires it (responder, relay agent on {@link DhcpPort#relaySink()},
 * guard), driven frame by frame with a context that records where each injected frame goes: relayed VLANs reach the
 * relay, served ones the responder; a relayed reply goes to the client's port alone and binds in the guard; the
 * responder's own ACK binds and a RELEASE unbinds; the ingress filter refuses rogue servers.
 */
class DhcpPortRelayGuardTest {
    static final long NOW = 1_700_000_000_000L;
    static final int DHCP_PORT = 33;
    static final int CLIENT_PORT = 3;
    static final int SERVER_PORT = 7;

    final List<String> log = new ArrayList<>();
    final RecordingContext ctx = new RecordingContext(DHCP_PORT);
    DhcpPort port;
    DhcpGuard guard;
    RelayAgent relay;

    @BeforeEach
    void wire() {
        port = new DhcpPort(log::add, 0, () -> NOW);
        final DhcpResponder responder = DhcpResponder.start(RelayGlue.server(), LeaseJournal.inMemory(), port, port,
            NOW);
        relay = RelayAgent.start(RelayGlue.relay(), port.relaySink(), port);
        guard = new DhcpGuard(GuardSettings.builder().build(), null);
        guard.setGuarded(SERVED, true);
        guard.setGuarded(RELAYED, true);
        port.bind(responder, relay, guard);
        port.attachedAs(DHCP_PORT);
    }

    @AfterEach
    void close() {
        port.close();
    }

    void receive(final byte[] frame, final int ingressPort) {
        final ByteBuffer b = RelayGlue.direct(frame);
        port.onFrame(b, 0, frame.length, ingressPort, ctx);
        port.onBatchEnd(ctx);
    }

    /** DISCOVER from the client on the relayed VLAN, the server's ARP reply: returns the relayed DISCOVER. */
    ReplyView relayDiscover(final int xid) {
        receive(tagged(ClientFrame.discover(CLIENT_MAC).xid(xid).frame(), RELAYED), CLIENT_PORT);
        receive(tagged(RelayGlue.serverArpReply(), UPSTREAM), SERVER_PORT);
        final RecordingContext.Sent relayed = ctx.last();
        assertEquals(RecordingContext.FLOODED, relayed.egressPort(), "to the server by the switch's rules");
        assertEquals(UPSTREAM, relayed.vid(), "on the upstream VLAN");
        final ReplyView v = new ReplyView(relayed.untaggedFrame());
        assertEquals(xid, v.xid, "the client's DISCOVER, relayed");
        assertNotNull(v.option(82), "with the relay agent information option");
        return v;
    }

    @Test
    void relayedReplyIsDeliveredToTheNamedClientPortAloneAndBindsInTheGuard() {
        final ReplyView request = relayDiscover(0x2001);
        assertEquals(Bytes.ip(RelayGlue.GIADDR), request.giaddr, "giaddr: VLAN 20's relay address");
        ctx.sent.clear();

        receive(tagged(RelayGlue.serverReply(5, CLIENT_MAC, 0x2001, request.option(82)).broadcastFlag().frame(),
            UPSTREAM), SERVER_PORT);

        assertEquals(1, ctx.sent.size(), "one frame: " + ctx.sent);
        final RecordingContext.Sent reply = ctx.sent.get(0);
        assertEquals(CLIENT_PORT, reply.egressPort(), "injectTo the port named by the circuit-id, never flooded,"
            + " although the reply is an Ethernet broadcast (BROADCAST bit)");
        assertEquals(RELAYED, reply.vid(), "tagged for the client's VLAN");
        final ReplyView ack = new ReplyView(reply.untaggedFrame());
        assertEquals(5, ack.messageType(), "DHCPACK");
        assertEquals(68, ack.udpDst);
        assertEquals(Bytes.ip(RelayGlue.RELAYED_YIADDR), ack.yiaddr);
        assertNull(ack.option(82), "option 82 stripped (RFC 3046 §2.1)");
        assertEquals(List.of(new SnoopingTable.Binding(Bytes.mac(CLIENT_MAC), Bytes.ip(RelayGlue.RELAYED_YIADDR),
            RELAYED, CLIENT_PORT, NOW + RelayGlue.LEASE_SECONDS * 1000L)), guard.bindings().entries(),
            "the relayed ACK was snooped on its way to the client");
        assertEquals(1, relay.counters().repliesRelayed(RELAYED));
    }

    @Test
    void relayedNakIsDeliveredToTheClientPortAndBindsNothing() {
        final ReplyView request = relayDiscover(0x2002);
        ctx.sent.clear();
        receive(tagged(RelayGlue.serverReply(6, CLIENT_MAC, 0x2002, request.option(82)).frame(), UPSTREAM),
            SERVER_PORT);
        assertEquals(1, ctx.sent.size(), ctx.sent.toString());
        assertEquals(CLIENT_PORT, ctx.sent.get(0).egressPort());
        assertEquals(List.of(), guard.bindings().entries());
    }

    @Test
    void responderAckBindsInTheGuardAndReleaseUnbinds() {
        receive(ClientFrame.discover(CLIENT_MAC).xid(0x3001).frame(), 2);
        final ReplyView offer = new ReplyView(ctx.last().frame());
        assertEquals(2, offer.messageType(), "DHCPOFFER");
        final String ip = Bytes.ip(offer.yiaddr);
        receive(ClientFrame.request(CLIENT_MAC).xid(0x3001).requestedIp(ip).serverId("10.86.68.254").frame(), 2);
        final ReplyView ack = new ReplyView(ctx.last().frame());
        assertEquals(5, ack.messageType(), "DHCPACK");
        assertEquals(2, ctx.last().egressPort(), "the responder's replies go to the request's port alone, not by"
            + " the MAC table");
        assertEquals(List.of(new SnoopingTable.Binding(Bytes.mac(CLIENT_MAC), offer.yiaddr, SERVED, 2,
            NOW + ack.optionInt(51) * 1000L)), guard.bindings().entries(), "onExchange: the ACK bound");

        receive(ClientFrame.of(ClientFrame.RELEASE, CLIENT_MAC).xid(0x3002).ciaddr(ip).fromIp(ip)
            .serverId("10.86.68.254").frame(), 2);
        assertEquals(1, port.responder().counters().exchanges(DhcpEvent.Kind.RELEASE), "the responder took the"
            + " RELEASE: " + log);
        assertEquals(List.of(), guard.bindings().entries(), "onExchange: the RELEASE unbound");
    }

    @Test
    void framesOfARelayedVlanGoToTheRelayAndOfAServedVlanToTheResponder() {
        receive(tagged(ClientFrame.discover(CLIENT_MAC).xid(0x4001).frame(), RELAYED), CLIENT_PORT);
        assertEquals(1, relay.counters().requestsRelayed(RELAYED), "relayed (held until the server's MAC is known)");
        assertEquals(0, port.responder().counters().exchanges(DhcpEvent.Kind.OFFER), "not answered by the responder");
        assertEquals(UPSTREAM, ctx.last().vid(), "the relay asks for the server's MAC on the upstream VLAN");
        assertEquals(0x0806, Bytes.uint16(ctx.last().untaggedFrame(), 12), "ARP");

        receive(ClientFrame.discover(CLIENT_MAC).xid(0x4002).frame(), 2);
        assertEquals(1, port.responder().counters().exchanges(DhcpEvent.Kind.OFFER), "VLAN 0 is served");
        assertEquals(1, relay.counters().requestsRelayed(RELAYED));

        final long arpReplies = relay.counters().arpRepliesSent();
        receive(tagged(RelayGlue.serverArp(1, 0xFFFF_FFFF_FFFFL, 0, RelayGlue.UPSTREAM_ADDRESS), UPSTREAM),
            SERVER_PORT);
        assertEquals(arpReplies + 1, relay.counters().arpRepliesSent(), "the upstream VLAN is the relay's too");
    }

    @Test
    void admitRefusesARogueOfferFromAnUntrustedPortOnAGuardedVlan() {
        final byte[] offer = RelayGlue.rogueOffer(CLIENT_MAC);
        assertFalse(admit(offer, 5, SERVED), "untrusted port, guarded VLAN");
        assertEquals(1, guard.counters().drops(SERVED, GuardDropReason.ROGUE_SERVER));
        assertFalse(admit(tagged(offer, RELAYED), 5, RELAYED), "relayed VLANs are guarded too");
        assertEquals(1, guard.counters().drops(RELAYED, GuardDropReason.ROGUE_SERVER));
        assertTrue(admit(tagged(offer, 7), 5, 7), "a VLAN the switch neither serves nor relays is left alone");
        guard.setTrusted(6, true);
        assertTrue(admit(offer, 6, SERVED), "a trusted port may carry a server");
        assertEquals(2, guard.counters().drops(GuardDropReason.ROGUE_SERVER));
    }

    @Test
    void admitPassesNonDhcpFramesAndClientMessages() {
        final byte[] arp = RelayGlue.serverArp(1, 0xFFFF_FFFF_FFFFL, 0, "10.86.68.254");
        assertTrue(admit(arp, 5, SERVED), "ARP");
        assertTrue(admit(ClientFrame.discover(CLIENT_MAC).frame(), 5, SERVED), "a client's DISCOVER");
        assertEquals(0, guard.counters().totalDrops());
        assertEquals(1, guard.counters().clientMessages());
    }

    @Test
    void admitPassesEverythingOnceTheSwitchClosedThePort() {
        port.close();
        assertTrue(admit(RelayGlue.rogueOffer(CLIENT_MAC), 5, SERVED));
        assertEquals(0, guard.counters().totalDrops());
    }

    boolean admit(final byte[] frame, final int ingressPort, final int vid) {
        return port.admit(RelayGlue.direct(frame), 0, frame.length, ingressPort, vid);
    }

    @Test
    void relayedRequestCarriesTheCircuitOfTheClientPort() {
        final ReplyView request = relayDiscover(0x5001);
        final byte[] agent = request.option(82);
        final byte[] circuit = Bytes.ascii("sw1 port " + CLIENT_PORT + " vlan " + RELAYED);
        final byte[] expected = new byte[2 + circuit.length];
        expected[0] = 1;
        expected[1] = (byte) circuit.length;
        System.arraycopy(circuit, 0, expected, 2, circuit.length);
        assertArrayEquals(expected, java.util.Arrays.copyOf(agent, expected.length), "sub-option 1: circuit-id"
            + " names the client's port and VLAN");
    }
}
