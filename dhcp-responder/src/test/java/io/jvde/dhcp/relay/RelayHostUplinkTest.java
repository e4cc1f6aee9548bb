package io.jvde.dhcp.relay;

import static io.jvde.dhcp.relay.RelayFixture.CLIENT;
import static io.jvde.dhcp.relay.RelayFixture.CLIENT_PORT;
import static io.jvde.dhcp.relay.RelayFixture.RELAY_MAC;
import static io.jvde.dhcp.relay.RelayFixture.T0;
import static io.jvde.dhcp.relay.RelayFixture.UPSTREAM;
import static io.jvde.dhcp.relay.RelayFixture.serverReply;
import static io.jvde.dhcp.relay.RelayFixture.subOption;
import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.DhcpConfigException;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The host uplink (issue 6 item 2): requests leave through a {@link RelayUplink} instead of frames on an upstream
 * VLAN, with the same giaddr, hops and option 82 as in frame mode; replies handed to
 * {@link RelayAgent#onServerMessage} take the frame-borne replies' path (validation, strip 82, RFC 2131 §4.1).
 */
class RelayHostUplinkTest {
    private static final int OFFER = 2;
    private static final String SERVER = "192.0.2.1";
    private static final String OTHER_SERVER = "198.51.100.7";

    /** Records what the agent hands the host; refuses servers listed in {@link #refuse}. */
    static final class RecordingUplink implements RelayUplink {
        record Sent(int server, byte[] dhcp) {
            /** The message in a fake frame, so {@link ReplyView} parses its DHCP part. */
            ReplyView view() {
                final byte[] f = new byte[42 + dhcp.length];
                f[12] = 0x08;
                f[38] = (byte) ((8 + dhcp.length) >>> 8);
                f[39] = (byte) (8 + dhcp.length);
                System.arraycopy(dhcp, 0, f, 42, dhcp.length);
                return new ReplyView(f);
            }
        }

        final List<Sent> sent = new ArrayList<>();
        final Set<Integer> refuse = new HashSet<>();

        @Override
        public boolean toServer(final int server, final ByteBuf dhcp, final int offset, final int length) {
            if (refuse.contains(server)) {
                return false;
            }
            final byte[] copy = new byte[length];
            dhcp.getBytes(offset, copy);
            sent.add(new Sent(server, copy));
            return true;
        }
    }

    static RelaySettings.Builder hostSettings(final String bind) {
        return RelaySettings.builder().relayMac(RELAY_MAC).switchName("sw1").hostUplink(bind).server(SERVER)
            .vlan(RelayVlan.of(10, "10.10.0.1/24")).vlan(RelayVlan.of(20, "10.20.0.1/24"));
    }

    /** A host-mode agent on a capturing sink and uplink. */
    static final class Host implements AutoCloseable {
        final CapturingSink sink = new CapturingSink();
        final RecordingUplink uplink = new RecordingUplink();
        final RelayFixture.Recording listener = new RelayFixture.Recording();
        final RelayAgent agent;

        Host(final RelaySettings settings) {
            agent = RelayAgent.start(settings, sink, uplink, listener);
        }

        int fromClient(final int port, final int vid, final ClientFrame frame) {
            final byte[] f = frame.frame();
            return agent.onFrame(port, vid, Unpooled.wrappedBuffer(f), 0, f.length, T0);
        }

        int fromServer(final byte[] message) {
            // At an offset inside a larger buffer, as the glue may hand it.
            final byte[] buf = new byte[message.length + 7];
            System.arraycopy(message, 0, buf, 5, message.length);
            return agent.onServerMessage(Unpooled.wrappedBuffer(buf), 5, message.length, ip(SERVER), T0);
        }

        @Override
        public void close() {
            agent.close();
        }
    }

    @Test
    void rfc1542_4_1_1_requestGoesToEachServerThroughTheUplinkWithGiaddrHopsAndAgentOptionAsInFrameMode() {
        try (Host h = new Host(hostSettings("192.0.2.10").server(OTHER_SERVER).build());
             RelayFixture frames = RelayFixture.resolved()) {
            final ClientFrame discover = ClientFrame.discover(CLIENT);
            assertEquals(RelayDropReason.OK, h.fromClient(CLIENT_PORT, 10, discover));
            assertEquals(RelayDropReason.OK, frames.fromClient(discover));
            assertEquals(2, h.uplink.sent.size(), "once per server");
            assertEquals(ip(SERVER), h.uplink.sent.get(0).server());
            assertEquals(ip(OTHER_SERVER), h.uplink.sent.get(1).server());
            final ReplyView framed = frames.sink.last().view();
            final byte[] framedMessage = Arrays.copyOfRange(framed.frame, 42, 42 + framed.dhcpLength);
            for (final RecordingUplink.Sent s : h.uplink.sent) {
                final ReplyView v = s.view();
                assertEquals(ip("10.10.0.1"), v.giaddr, "giaddr is the VLAN's relay address");
                assertEquals(1, v.hops);
                assertArrayEquals(framedMessage, s.dhcp(), "the same message as frame mode sends upstream");
            }
            assertEquals(0, h.sink.count(), "no ARP and no frames: the host routes");
            assertEquals(1, h.agent.counters().requestsRelayed(10));
            assertEquals(List.of("CLIENT_TO_SERVER vid 10 port 3 giaddr 10.10.0.1 server 192.0.2.1",
                "CLIENT_TO_SERVER vid 10 port 3 giaddr 10.10.0.1 server 198.51.100.7"), h.listener.relayed);
        }
    }

    @Test
    void rfc3046_2_1_replyFromTheUplinkIsStrippedAndDeliveredLikeAFrameBorneOne() {
        try (Host h = new Host(hostSettings("192.0.2.10").build()); RelayFixture frames = RelayFixture.resolved()) {
            assertEquals(RelayDropReason.OK, h.fromClient(CLIENT_PORT, 10, ClientFrame.discover(CLIENT)));
            assertEquals(RelayDropReason.OK, frames.fromClient(ClientFrame.discover(CLIENT)));
            final byte[] agent = h.uplink.sent.get(0).view().option(82);
            assertArrayEquals(frames.lastAgentOption(), agent, "same circuit-id and remote-id");
            frames.sink.clear();
            final ClientFrame reply = serverReply(OFFER, "10.10.0.1", agent).option(15, Bytes.ascii("lab"));
            assertEquals(RelayDropReason.OK, h.fromServer(reply.message()));
            assertEquals(RelayDropReason.OK, frames.send(1, UPSTREAM, reply.frame()));
            final CapturingSink.Sent viaHost = h.sink.last();
            final CapturingSink.Sent viaFrame = frames.sink.last();
            assertEquals(CLIENT_PORT, viaHost.port(), "to the client's port only");
            assertEquals(viaFrame.port(), viaHost.port());
            assertEquals(viaFrame.vid(), viaHost.vid());
            final ReplyView v = viaHost.view();
            final ReplyView w = viaFrame.view();
            assertFalse(v.has(82));
            assertEquals(List.of(53, 54, 51, 1, 3, 6, 15, 255), v.order());
            assertEquals(Bytes.mac(CLIENT), v.ethDst);
            assertEquals(ip("10.10.0.50"), v.ipDst, "RFC 2131 §4.1: unicast to yiaddr");
            assertEquals(ip("10.10.0.1"), v.ipSrc);
            assertEquals(68, v.udpDst);
            assertTrue(v.udpChecksumOk);
            assertArrayEquals(Arrays.copyOfRange(w.frame, 42, w.frame.length),
                Arrays.copyOfRange(v.frame, 42, v.frame.length), "the same DHCP bytes as the frame-borne reply");
            assertEquals(1, h.agent.counters().repliesRelayed(10));
            assertEquals("SERVER_TO_CLIENT vid 10 port 3 giaddr 10.10.0.1 server 192.0.2.1",
                h.listener.relayed.get(h.listener.relayed.size() - 1));
        }
    }

    @Test
    void rfc3527_3_linkSelectionGiaddrIsTheHostAddressAndItsReplyFindsTheClient() {
        try (Host h = new Host(hostSettings("192.0.2.10").clearVlans().vlan(RelayVlan.of(10, "10.10.0.1/24"))
            .vlan(RelayVlan.of(20, "10.20.0.1/24").withLinkSelection(true)).build())) {
            assertEquals(RelayDropReason.OK, h.fromClient(CLIENT_PORT, 20, ClientFrame.discover(CLIENT)));
            final ReplyView sent = h.uplink.sent.get(0).view();
            assertEquals(ip("192.0.2.10"), sent.giaddr, "the server answers the host's own address");
            final byte[] agent = sent.option(82);
            assertArrayEquals(Bytes.int32(ip("10.20.0.1")), subOption(agent, 5), "the client subnet");
            final ClientFrame reply = serverReply(OFFER, "192.0.2.10", agent).yiaddr("10.20.0.50");
            assertEquals(RelayDropReason.OK, h.fromServer(reply.message()));
            assertEquals(CLIENT_PORT, h.sink.last().port());
            assertEquals(20, h.sink.last().vid());
            assertEquals(ip("10.20.0.1"), h.sink.last().view().ipSrc, "from the VLAN's own address");
        }
    }

    @Test
    void rfc1542_4_1_2_uplinkReplyWhoseGiaddrIsNotOursIsDroppedAndCounted() {
        try (Host h = new Host(hostSettings("192.0.2.10").build())) {
            h.fromClient(CLIENT_PORT, 10, ClientFrame.discover(CLIENT));
            final byte[] agent = h.uplink.sent.get(0).view().option(82);
            assertEquals(RelayDropReason.BOGUS_GIADDR.id(),
                h.fromServer(serverReply(OFFER, "10.30.0.1", agent).message()));
            assertEquals(0, h.sink.count());
            assertEquals(1, h.agent.counters().count(0, RelayDropReason.BOGUS_GIADDR), "counted on 'VLAN' 0");
            assertEquals(List.of(RelayDropReason.BOGUS_GIADDR), h.listener.drops);
        }
    }

    @Test
    void rfc1542_4_1_2_hostBoundToAnyAddressHasNoSharedGiaddr() {
        try (Host h = new Host(hostSettings("0.0.0.0").build())) {
            h.fromClient(CLIENT_PORT, 10, ClientFrame.discover(CLIENT));
            final byte[] agent = h.uplink.sent.get(0).view().option(82);
            assertEquals(RelayDropReason.BOGUS_GIADDR.id(),
                h.fromServer(serverReply(OFFER, "0.0.0.0", agent).message()), "giaddr 0 is nobody's");
            assertEquals(RelayDropReason.OK, h.fromServer(serverReply(OFFER, "10.10.0.1", agent).message()));
        }
    }

    @Test
    void rfc3046_2_1_uplinkReplyWithAForeignCircuitIdIsDropped() {
        try (Host h = new Host(hostSettings("192.0.2.10").build())) {
            final byte[] forged = Bytes.hex("01 05 6f74686572 02 03 737731");
            assertEquals(RelayDropReason.UNKNOWN_CIRCUIT.id(),
                h.fromServer(serverReply(OFFER, "10.10.0.1", forged).message()));
            assertEquals(0, h.sink.count());
        }
    }

    @Test
    void uplinkMessagesThatAreNotRepliesOrNotDhcpAreDroppedWithTheirReason() {
        try (Host h = new Host(hostSettings("192.0.2.10").build())) {
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), h.fromServer(ClientFrame.discover(CLIENT).message()),
                "RFC 1542 §4.1.2: only BOOTREPLYs go to clients");
            assertEquals(RelayDropReason.MALFORMED_DHCP.id(),
                h.fromServer(serverReply(OFFER, "10.10.0.1", null).cookie(0x01020304).message()));
            final byte[] small = new byte[10];
            assertEquals(RelayDropReason.TRUNCATED.id(),
                h.agent.onServerMessage(Unpooled.wrappedBuffer(small), 4, 10, ip(SERVER), T0));
            assertEquals(RelayDropReason.TRUNCATED.id(), h.agent.onServerMessage(null, 0, 0, ip(SERVER), T0));
            assertEquals(0, h.sink.count());
        }
    }

    @Test
    void uplinkRefusingADatagramIsCountedPerServerAndTheRequestStillGoesToTheOthers() {
        try (Host h = new Host(hostSettings("192.0.2.10").server(OTHER_SERVER).build())) {
            h.uplink.refuse.add(ip(SERVER));
            assertEquals(RelayDropReason.OK, h.fromClient(CLIENT_PORT, 10, ClientFrame.discover(CLIENT)));
            assertEquals(1, h.uplink.sent.size());
            assertEquals(1, h.agent.counters().count(10, RelayDropReason.UPLINK_SEND_FAILED));
            h.uplink.refuse.add(ip(OTHER_SERVER));
            assertEquals(RelayDropReason.UPLINK_SEND_FAILED.id(),
                h.fromClient(CLIENT_PORT, 10, ClientFrame.discover(CLIENT)));
            assertEquals(3, h.agent.counters().count(10, RelayDropReason.UPLINK_SEND_FAILED));
            assertEquals(1, h.agent.counters().requestsRelayed(10));
        }
    }

    @Test
    void hostUplinkHasNoUpstreamVlanAndSendsNoArp() {
        try (Host h = new Host(hostSettings("192.0.2.10").build())) {
            assertFalse(h.agent.handles(0), "no upstream VLAN");
            assertTrue(h.agent.handles(10));
            final byte[] reply = serverReply(OFFER, "10.10.0.1", null).frame();
            assertEquals(RelayDropReason.NOT_RELAYED_VLAN.id(),
                h.agent.onFrame(1, 0, Unpooled.wrappedBuffer(reply), 0, reply.length, T0));
            h.agent.onTick(T0 + 60_000);
            assertEquals(0, h.sink.count());
            // The relay still answers ARP for its address on a relayed VLAN (clients renewing through it).
            final byte[] arp = RelayFixture.arp(1, Bytes.mac(CLIENT), "10.10.0.77", 0, "10.10.0.1",
                0xFFFF_FFFF_FFFFL);
            assertEquals(RelayDropReason.OK, h.agent.onFrame(CLIENT_PORT, 10, Unpooled.wrappedBuffer(arp), 0,
                arp.length, T0));
            assertEquals(CLIENT_PORT, h.sink.last().port(), "to the asking port");
            assertEquals(10, h.sink.last().vid());
        }
    }

    @Test
    void frameModeAgentIgnoresUplinkMessages() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] m = serverReply(OFFER, "10.10.0.1", null).message();
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(),
                f.agent.onServerMessage(Unpooled.wrappedBuffer(m), 0, m.length, ip(SERVER), T0));
            assertEquals(0, f.sink.count());
        }
    }

    @Test
    void settingsOfAHostUplinkAreCheckedAndKeptByToBuilder() {
        final RelaySettings s = hostSettings("192.0.2.10").server("203.0.113.9").build();
        assertTrue(s.hostUplink());
        assertEquals(0, s.upstreamVlan());
        assertEquals(ip("192.0.2.10"), s.upstreamAddress());
        assertEquals(s, s.toBuilder().build(), "console reconfiguration keeps the host uplink");
        assertFalse(s.onUpstreamSubnet(ip("192.0.2.1")), "servers anywhere: the host routes");
        final DhcpConfigException linkSelection = assertThrows(DhcpConfigException.class, () -> hostSettings(
            "0.0.0.0").vlan(RelayVlan.of(30, "10.30.0.1/24").withLinkSelection(true)).build());
        assertEquals("vlans[2].linkSelection", linkSelection.path());
        final DhcpConfigException gateway = assertThrows(DhcpConfigException.class,
            () -> hostSettings("192.0.2.10").gateway("192.0.2.1").build());
        assertEquals("gateway", gateway.path());
        final DhcpConfigException multicast = assertThrows(DhcpConfigException.class,
            () -> hostSettings("224.0.0.1").build());
        assertEquals("hostUplink", multicast.path());
        final DhcpConfigException self = assertThrows(DhcpConfigException.class,
            () -> hostSettings("192.0.2.1").build());
        assertEquals("servers[0]", self.path(), "a server at the bound address would be the relay itself");
        final DhcpConfigException giaddr = assertThrows(DhcpConfigException.class,
            () -> hostSettings("10.10.0.1").build());
        assertEquals("vlans[0].relayAddress", giaddr.path());
    }

    @Test
    void agentAndSettingsMustAgreeOnTheUplink() {
        final RelaySettings host = hostSettings("192.0.2.10").build();
        final CapturingSink sink = new CapturingSink();
        assertThrows(IllegalArgumentException.class, () -> RelayAgent.start(host, sink, null));
        assertThrows(IllegalArgumentException.class, () -> RelayAgent.start(RelayFixture.settings().build(), sink,
            new RecordingUplink(), null));
        try (Host h = new Host(host)) {
            assertThrows(IllegalArgumentException.class, () -> h.agent.reconfigure(RelayFixture.settings().build()));
            assertEquals(host, h.agent.settings(), "unchanged");
        }
    }
}
