package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.dhcp.guard.SnoopingTable;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static io.jvde.app.dhcp.RelayGlue.CLIENT_MAC;
import static io.jvde.app.dhcp.RelayGlue.RELAYED;
import static io.jvde.app.dhcp.RelayGlue.RELAY_MAC;
import static io.jvde.app.dhcp.RelayGlue.UPSTREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A relayed exchange through a real in-process switch: two clients on access ports of relayed VLAN 20 and a raw
 * "server" on an access port of upstream VLAN 99 that answers the relay's ARP and replies to what it relays. The
 * reply, an Ethernet broadcast, reaches the client's port alone (injectTo), untagged, and binds in the guard.
 */
class DhcpRelaySwitchTest {
    static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path tmp;
    VdeSwitch sw;
    DhcpPort port;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<VdeClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), log::add);
        port = new DhcpExtension(RelayGlue.config(), LeaseFile.memoryOnly(), () -> NOW).attach(RunningSwitch.of(sw),
            log::add);
    }

    @AfterEach
    void stop() {
        clients.forEach(VdeClient::close);
        sw.call(c -> {
            port.close();
            return null;
        });
        sw.close();
    }

    VdeClient client(final String name, final int vid) throws Exception {
        final VdeClient c = VdeClient.connect(tmp.resolve("sw"), name);
        clients.add(c);
        assertEquals(0, (int) sw.call(s -> s.vlanTable().setUntagged(c.port(), vid)));
        return c;
    }

    /** The first frame {@code c} receives within {@code millis} that matches; null when none did. */
    static byte[] receive(final VdeClient c, final long millis, final Predicate<byte[]> match) {
        final byte[] buf = new byte[2048];
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            final int n = c.receive(buf, 50);
            if (n > 0) {
                final byte[] f = Arrays.copyOf(buf, n);
                if (match.test(f)) {
                    return f;
                }
            }
        }
        return null;
    }

    static boolean udpTo(final byte[] f, final int dstPort) {
        return f.length > 42 && Bytes.uint16(f, 12) == 0x0800 && f[23] == 17 && Bytes.uint16(f, 36) == dstPort;
    }

    @Test
    void relayedReplyReachesTheClientsPortAloneUntaggedAndBindsInTheGuard() throws Exception {
        final VdeClient a = client("a", RELAYED);
        final VdeClient b = client("b", RELAYED);
        final VdeClient server = client("server", UPSTREAM);

        a.send(ClientFrame.discover(CLIENT_MAC).xid(0x6001).frame());
        final byte[] arp = receive(server, 2000, f -> Bytes.uint16(f, 12) == 0x0806 && Bytes.mac(f, 6) == RELAY_MAC);
        assertNotNull(arp, "the relay asks for the server's MAC on the upstream VLAN: " + log);
        assertEquals(Bytes.ip(RelayGlue.SERVER_IP), Bytes.int32(arp, 38), "who has 10.99.0.1");
        server.send(RelayGlue.serverArpReply());
        final byte[] relayed = receive(server, 2000, f -> udpTo(f, 67) && Bytes.mac(f, 6) == RELAY_MAC);
        assertNotNull(relayed, "the relayed DISCOVER: " + log);
        final ReplyView request = new ReplyView(relayed);
        assertEquals(0x6001, request.xid);
        assertEquals(Bytes.ip(RelayGlue.GIADDR), request.giaddr);
        assertEquals(Bytes.mac(RelayGlue.SERVER_HOST_MAC), request.ethDst, "unicast to the server's MAC");

        server.send(RelayGlue.serverReply(5, CLIENT_MAC, 0x6001, request.option(82)).broadcastFlag().frame());
        final byte[] got = receive(a, 2000, f -> udpTo(f, 68));
        assertNotNull(got, "the client gets the relayed ACK: " + log);
        final ReplyView ack = new ReplyView(got);
        assertEquals(0xFFFF_FFFF_FFFFL, ack.ethDst, "an Ethernet broadcast (BROADCAST bit), untagged on the access"
            + " port");
        assertEquals(5, ack.messageType());
        assertEquals(Bytes.ip(RelayGlue.RELAYED_YIADDR), ack.yiaddr);
        assertNull(ack.option(82), "option 82 stripped");
        assertNull(receive(b, 300, f -> udpTo(f, 68)), "the other client on the VLAN gets no copy: not flooded");

        assertEquals(List.of(new SnoopingTable.Binding(Bytes.mac(CLIENT_MAC), Bytes.ip(RelayGlue.RELAYED_YIADDR),
            RELAYED, a.port(), NOW + RelayGlue.LEASE_SECONDS * 1000L)), sw.call(c -> port.guard().bindings()
            .entries()), "bound to the client's port");
        assertEquals(1L, (long) sw.call(c -> port.relay().counters().repliesRelayed(RELAYED)));
    }

    /**
     * The soak's lost ACKs: a port keeps its VLAN when its last endpoint leaves (docs/protocol.md §2.8), so a client
     * that attaches next on the port a relayed client left is on the relayed VLAN. Its OFFER comes through the relay,
     * from the relay's address; a REQUEST that names that address as the server identifier is one the real server
     * ignores (RFC 2131 §4.3.2), and the ACK never comes. The client must name the OFFER's option 54.
     */
    @Test
    @Timeout(30)
    void aClientOnThePortARelayedClientLeftSelectsTheServerOfItsOfferNotTheRelay() throws Exception {
        final VdeClient server = client("server", UPSTREAM);
        final VdeClient left = client("relayed", RELAYED);
        final int reused = left.port();
        left.close();
        clients.remove(left);
        for (int i = 0; i < 200 && sw.call(c -> c.port(reused).active()); i++) {
            Thread.sleep(10);
        }
        final VdeClient churn = VdeClient.connect(tmp.resolve("sw"), "churn");
        clients.add(churn);
        assertEquals(reused, churn.port(), "the next client gets the freed port");
        assertEquals(RELAYED, (int) sw.call(c -> c.vlanTable().untaggedVlan(reused)), "and its VLAN with it");

        churn.send(ClientFrame.discover(CLIENT_MAC).xid(0x6101).frame());
        assertNotNull(receive(server, 2000, f -> Bytes.uint16(f, 12) == 0x0806), "the relay's ARP: " + log);
        server.send(RelayGlue.serverArpReply());
        final byte[] discover = receive(server, 2000, f -> udpTo(f, 67) && Bytes.mac(f, 6) == RELAY_MAC);
        assertNotNull(discover, "the relayed DISCOVER: " + log);
        server.send(RelayGlue.serverReply(2, CLIENT_MAC, 0x6101, new ReplyView(discover).option(82)).frame());
        final byte[] got = receive(churn, 2000, f -> udpTo(f, 68));
        assertNotNull(got, "the relayed OFFER: " + log);
        final ReplyView offer = new ReplyView(got);
        assertEquals(Bytes.ip(RelayGlue.GIADDR), offer.ipSrc, "a relayed OFFER comes from the relay (RFC 1542 §4.1)");

        churn.send(ClientFrame.selecting(CLIENT_MAC, offer).frame());
        final byte[] request = receive(server, 2000, f -> udpTo(f, 67) && new ReplyView(f).messageType() == 3);
        assertNotNull(request, "the relayed REQUEST: " + log);
        assertEquals(Bytes.ip(RelayGlue.SERVER_IP), new ReplyView(request).optionInt(54),
            "the REQUEST names the server that made the OFFER, which answers it");
    }
}
