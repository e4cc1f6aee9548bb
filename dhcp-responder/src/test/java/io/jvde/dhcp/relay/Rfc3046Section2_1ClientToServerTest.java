package io.jvde.dhcp.relay;

import static io.jvde.dhcp.relay.RelayFixture.CLIENT;
import static io.jvde.dhcp.relay.RelayFixture.CLIENT_PORT;
import static io.jvde.dhcp.relay.RelayFixture.RELAY_MAC;
import static io.jvde.dhcp.relay.RelayFixture.SERVER_MAC;
import static io.jvde.dhcp.relay.RelayFixture.UPSTREAM;
import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client → server: RFC 1542 §4.1.1 (hops, giaddr, sending) and RFC 3046 §2.1 (option 82). */
class Rfc3046Section2_1ClientToServerTest {

    private static ClientFrame discover() {
        return ClientFrame.discover(CLIENT).prl(1, 3, 6, 15).hostname("vm1").clientId(Bytes.hex("01525400aa0001"));
    }

    /** Options of a message, from the cookie's end to END inclusive. */
    private static byte[] optionsUpToEnd(final byte[] message) {
        int p = 240;
        while ((message[p] & 0xFF) != 255) {
            p += message[p] == 0 ? 1 : 2 + (message[p + 1] & 0xFF);
        }
        return Arrays.copyOfRange(message, 240, p + 1);
    }

    private static byte[] message(final ReplyView v) {
        return Arrays.copyOfRange(v.frame, 42, 42 + v.dhcpLength);
    }

    @Test
    void rfc1542_4_1_1_hopsAboveTheLimitAreDiscarded() {
        try (RelayFixture f = RelayFixture.resolved()) {
            assertEquals(RelayDropReason.HOPS_EXCEEDED.id(), f.fromClient(discover().hops(11)));
            assertEquals(0, f.sink.count());
            assertEquals(1, f.agent.counters().count(10, RelayDropReason.HOPS_EXCEEDED));
            assertEquals(List.of(RelayDropReason.HOPS_EXCEEDED), f.listener.drops);
        }
    }

    @Test
    void rfc1542_4_1_1_hopsAreIncremented() {
        try (RelayFixture f = RelayFixture.resolved()) {
            assertEquals(RelayDropReason.OK, f.fromClient(discover().hops(10)));
            assertEquals(11, f.sink.last().view().hops, "at the limit still relayed, plus one");
            assertEquals(RelayDropReason.OK, f.fromClient(discover()));
            assertEquals(1, f.sink.last().view().hops);
        }
    }

    @Test
    void rfc1542_4_1_1_relaySendsUnicastFromItsUpstreamAddressToEachServer() {
        final RelaySettings s = RelayFixture.settings().server("192.0.2.2").server("198.51.100.7")
            .gateway("192.0.2.254").build();
        try (RelayFixture f = new RelayFixture(s)) {
            f.arpReplyFrom(SERVER_MAC, "192.0.2.1");
            f.arpReplyFrom(Bytes.mac("52:54:00:00:00:02"), "192.0.2.2");
            f.arpReplyFrom(RelayFixture.GATEWAY_MAC, "192.0.2.254");
            f.sink.clear();
            assertEquals(RelayDropReason.OK, f.fromClient(discover()));
            assertEquals(3, f.sink.count());
            final long[] macs = {SERVER_MAC, Bytes.mac("52:54:00:00:00:02"), RelayFixture.GATEWAY_MAC};
            final String[] ips = {"192.0.2.1", "192.0.2.2", "198.51.100.7"};
            for (int i = 0; i < 3; i++) {
                final var sent = f.sink.sent().get(i);
                final ReplyView v = sent.view();
                assertEquals(FrameSink.FORWARD, sent.port());
                assertEquals(UPSTREAM, sent.vid());
                assertEquals(macs[i], v.ethDst, "L2 to the server, or to the gateway off-subnet");
                assertEquals(RELAY_MAC, v.ethSrc);
                assertEquals(ip("192.0.2.10"), v.ipSrc);
                assertEquals(ip(ips[i]), v.ipDst);
                assertEquals(67, v.udpSrc);
                assertEquals(67, v.udpDst);
                assertTrue(v.ipChecksumOk, "IPv4 header checksum");
                assertTrue(v.udpChecksumOk, "UDP checksum");
                assertEquals(ip("10.10.0.1"), v.giaddr);
            }
            assertEquals(1, f.agent.counters().requestsRelayed(10));
            assertEquals(3, f.listener.relayed.size());
        }
    }

    @Test
    void rfc3046_2_1_agentOptionIsAppendedLastBeforeEnd() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final ClientFrame d = discover();
            assertEquals(RelayDropReason.OK, f.fromClient(d));
            final ReplyView v = f.sink.last().view();
            final List<Integer> order = v.order();
            assertEquals(List.of(82, 255), order.subList(order.size() - 2, order.size()));
            assertEquals(ip("10.10.0.1"), v.giaddr, "giaddr = the VLAN's relay address");
            final byte[] agent = v.option(82);
            assertEquals("sw1 port " + CLIENT_PORT + " vlan 10",
                new String(RelayFixture.subOption(agent, 1), java.nio.charset.StandardCharsets.US_ASCII));
            assertArrayEquals(Bytes.ascii("sw1"), RelayFixture.subOption(agent, 2), "remote-id = switch name");
            assertNull(RelayFixture.subOption(agent, 5));
            assertNull(RelayFixture.subOption(agent, 11));
            // Everything the client sent comes first, byte for byte.
            final byte[] before = optionsUpToEnd(d.message());
            final byte[] after = optionsUpToEnd(message(v));
            assertArrayEquals(Arrays.copyOf(before, before.length - 1), Arrays.copyOf(after, before.length - 1));
            assertEquals(after.length, before.length + 2 + agent.length);
        }
    }

    @Test
    void rfc3046_2_1_agentOptionNeverGoesIntoSnameOrFile() {
        try (RelayFixture f = RelayFixture.resolved()) {
            // Overloaded file and sname carrying options; the options field ends right after option 52.
            final byte[] file = new byte[128];
            file[0] = 12;
            file[1] = 3;
            file[2] = 'a';
            file[3] = 'b';
            file[4] = 'c';
            file[5] = (byte) 255;
            final byte[] sname = new byte[64];
            sname[0] = (byte) 255;
            final ClientFrame d = ClientFrame.discover(CLIENT).option(52, new byte[] {3}).file(file).sname(sname);
            assertEquals(RelayDropReason.OK, f.fromClient(d));
            final byte[] m = message(f.sink.last().view());
            assertArrayEquals(file, Arrays.copyOfRange(m, 108, 236), "file untouched");
            assertArrayEquals(sname, Arrays.copyOfRange(m, 44, 108), "sname untouched");
            final ReplyView v = f.sink.last().view();
            assertEquals(List.of(53, 52, 82, 255), v.order(), "82 in the options field, no second overload");
        }
    }

    @Test
    void rfc3046_2_1_untrustedPortWithAgentOptionIsDiscarded() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final ClientFrame spoofed = discover().option(82, Bytes.hex("0103 616263"));
            assertEquals(RelayDropReason.UNTRUSTED_OPTION_82.id(), f.fromClient(spoofed));
            assertEquals(0, f.sink.count());
            assertEquals(1, f.agent.counters().count(RelayDropReason.UNTRUSTED_OPTION_82));
            assertTrue(RelayDropReason.UNTRUSTED_OPTION_82.malformed());
        }
    }

    @Test
    void rfc3046_2_1_trustedPortWithAgentOptionGetsGiaddrButNoSecondAgentOption() {
        try (RelayFixture f = RelayFixture.resolved()) {
            f.agent.setTrusted(CLIENT_PORT, true);
            assertTrue(f.agent.trusted(CLIENT_PORT));
            assertFalse(f.agent.trusted(CLIENT_PORT + 1));
            final byte[] bridge = Bytes.hex("0103 616263");
            assertEquals(RelayDropReason.OK, f.fromClient(discover().option(82, bridge)));
            final ReplyView v = f.sink.last().view();
            assertEquals(ip("10.10.0.1"), v.giaddr);
            assertArrayEquals(bridge, v.option(82), "the bridge's option 82 kept as it was, not a second one");
            assertEquals(1, v.order().stream().filter(c -> c == 82).count());
        }
    }

    @Test
    void rfc3046_2_1_1_requestWithGiaddrIsForwardedUnchanged() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] inner = Bytes.hex("0106 6c6561663132");
            final ClientFrame relayed = discover().giaddr("10.99.0.1").hops(1).option(82, inner)
                .from("52:54:00:99:00:01", "10.99.0.1").to(RELAY_MAC, "10.10.0.1").ports(67, 67);
            assertEquals(RelayDropReason.OK, f.fromClient(relayed));
            final ReplyView v = f.sink.last().view();
            assertEquals(ip("10.99.0.1"), v.giaddr, "giaddr untouched");
            assertEquals(2, v.hops);
            final byte[] in = relayed.message();
            final byte[] out = message(v);
            in[3] = 2; // only hops changes
            assertArrayEquals(in, out);
        }
    }

    @Test
    void rfc3046_2_1_1_requestWithOneOfOurAddressesAsGiaddrIsDropped() {
        try (RelayFixture f = RelayFixture.resolved()) {
            assertEquals(RelayDropReason.GIADDR_IS_OURS.id(), f.fromClient(discover().giaddr("10.20.0.1")));
            assertEquals(RelayDropReason.GIADDR_IS_OURS.id(), f.fromClient(discover().giaddr("192.0.2.10")));
            assertEquals(0, f.sink.count());
        }
    }

    @Test
    void rfc3046_2_1_agentOptionThatDoesNotFitTheMtuIsOmitted() {
        try (RelayFixture f = RelayFixture.resolved()) {
            // 1472 bytes of DHCP message fill a 1500-byte datagram; the END sits near the end.
            final ClientFrame big = ClientFrame.discover(CLIENT);
            for (int i = 0; i < 4; i++) {
                big.option(224 + i, new byte[255]);
            }
            big.option(230, new byte[1472 - 240 - 3 - 4 * 257 - 2 - 1 - 4]).padTo(0);
            assertEquals(1472 - 4, big.message().length);
            assertEquals(RelayDropReason.OK, f.fromClient(big));
            final ReplyView v = f.sink.last().view();
            assertFalse(v.has(82), "no room: relayed without option 82");
            assertEquals(ip("10.10.0.1"), v.giaddr, "giaddr still set");
            assertArrayEquals(Arrays.copyOfRange(big.message(), 28, big.message().length),
                Arrays.copyOfRange(message(v), 28, v.dhcpLength), "chaddr onwards unchanged");
            assertEquals(1, f.agent.counters().count(10, RelayDropReason.RELAY_OPTION_OMITTED));
            assertFalse(RelayDropReason.RELAY_OPTION_OMITTED.dropped());
            assertEquals(List.of(RelayDropReason.RELAY_OPTION_OMITTED), f.listener.drops);
        }
    }

    @Test
    void rfc2132_9_10_clientsMaximumMessageSizeLimitsTheAgentOption() {
        try (RelayFixture f = RelayFixture.resolved()) {
            // 540 bytes of message + 28 = 568 <= 576, but with option 82 after the last option it would not be.
            assertEquals(RelayDropReason.OK, f.fromClient(filled(576)));
            assertFalse(f.sink.last().view().has(82));
            assertEquals(1, f.agent.counters().count(RelayDropReason.RELAY_OPTION_OMITTED));
            // The same with a larger advertised size gets the option (ISC: only values >= 576 count).
            assertEquals(RelayDropReason.OK, f.fromClient(filled(1500)));
            assertTrue(f.sink.last().view().has(82));
            assertEquals(RelayDropReason.OK, f.fromClient(filled(300)));
            assertTrue(f.sink.last().view().has(82), "option 57 below 576 is invalid and ignored");
        }
    }

    /** A 540-byte DISCOVER whose END is its last byte, advertising {@code maxSize} in option 57. */
    private static ClientFrame filled(final int maxSize) {
        final ClientFrame d = ClientFrame.discover(CLIENT).maxMessageSize(maxSize).option(224, new byte[255])
            .option(225, new byte[33]).padTo(0);
        assertEquals(540, d.message().length);
        return d;
    }

    @Test
    void relayUsesThePaddingAfterEndAndKeepsTheMessageLength() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final ClientFrame d = discover(); // padded to 300 bytes
            assertEquals(RelayDropReason.OK, f.fromClient(d));
            assertEquals(300, f.sink.last().view().dhcpLength);
        }
    }

    @Test
    void circuitIdTemplateUsesPortDescriptionsAndRemoteIdOverride() {
        final RelaySettings s = RelayFixture.settings().clearVlans().vlan(RelayVlan.of(10, "10.10.0.1/24")
            .withCircuitId("{switch}/{desc}/{port}.{vlan}").withRemoteId("rack-7")).build();
        try (RelayFixture f = new RelayFixture(s)) {
            f.arpReplyFrom(SERVER_MAC, "192.0.2.1");
            f.agent.setPortDescriptions(port -> port == CLIENT_PORT ? "vm-web" : null);
            assertEquals(RelayDropReason.OK, f.fromClient(discover()));
            final byte[] agent = f.lastAgentOption();
            assertArrayEquals(Bytes.ascii("sw1/vm-web/3.10"), RelayFixture.subOption(agent, 1));
            assertArrayEquals(Bytes.ascii("rack-7"), RelayFixture.subOption(agent, 2));
        }
    }
}
