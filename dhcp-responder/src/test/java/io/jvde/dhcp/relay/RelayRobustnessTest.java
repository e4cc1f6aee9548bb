package io.jvde.dhcp.relay;

import static io.jvde.dhcp.relay.RelayFixture.CLIENT;
import static io.jvde.dhcp.relay.RelayFixture.CLIENT_PORT;
import static io.jvde.dhcp.relay.RelayFixture.RELAY_MAC;
import static io.jvde.dhcp.relay.RelayFixture.SERVER_MAC;
import static io.jvde.dhcp.relay.RelayFixture.T0;
import static io.jvde.dhcp.relay.RelayFixture.UPSTREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ordinary traffic, broken frames and bugs never escape onFrame; reconfiguration at run time. */
class RelayRobustnessTest {

    @Test
    void handlesRelayedVlansAndTheUpstreamVlanOnly() {
        try (RelayFixture f = RelayFixture.standard()) {
            assertTrue(f.agent.handles(10));
            assertTrue(f.agent.handles(20));
            assertTrue(f.agent.handles(UPSTREAM));
            assertFalse(f.agent.handles(30));
            assertFalse(f.agent.handles(-1));
            assertFalse(f.agent.handles(5000));
            assertEquals(RelayDropReason.NOT_RELAYED_VLAN.id(), f.send(CLIENT_PORT, 30,
                ClientFrame.discover(CLIENT).frame()));
        }
    }

    @Test
    void ordinaryTrafficOnARelayedVlanIsNotForTheRelayAndNotMalformed() {
        try (RelayFixture f = RelayFixture.resolved()) {
            // NetBIOS broadcast, a DHCP broadcast to port 68, a unicast for another host, ARP for another host.
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.fromClient(ClientFrame.discover(CLIENT).ports(137,
                137)));
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.fromClient(ClientFrame.discover(CLIENT).ports(67,
                68)));
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.fromClient(ClientFrame.discover(CLIENT)
                .to(Bytes.mac("52:54:00:cc:00:01"), "10.10.0.7")));
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.fromClient(ClientFrame.discover(CLIENT)
                .to(RELAY_MAC, "10.10.0.7")), "a client talking to a server on its own VLAN");
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.send(CLIENT_PORT, 10, Bytes.hex(
                "ffffffffffff 525400aa0001 86dd" + "00".repeat(46))), "IPv6");
            assertFalse(RelayDropReason.NOT_FOR_RELAY.malformed());
            assertEquals(0, f.sink.count());
            assertEquals(5, f.agent.counters().count(10, RelayDropReason.NOT_FOR_RELAY));
        }
    }

    @Test
    void brokenFramesAreCountedByReason() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final byte[] badCookie = ClientFrame.discover(CLIENT).cookie(0x01020304).frame();
            assertEquals(RelayDropReason.MALFORMED_DHCP.id(), f.send(CLIENT_PORT, 10, badCookie));
            final byte[] badUdp = ClientFrame.discover(CLIENT).frame();
            badUdp[42 + 100] ^= 1; // payload changed after the checksum
            assertEquals(RelayDropReason.BAD_UDP.id(), f.send(CLIENT_PORT, 10, badUdp));
            final byte[] badIp = ClientFrame.discover(CLIENT).frame();
            badIp[14 + 8] = 1; // TTL changed: header checksum no longer verifies
            assertEquals(RelayDropReason.BAD_IP.id(), f.send(CLIENT_PORT, 10, badIp));
            final byte[] cut = java.util.Arrays.copyOf(ClientFrame.discover(CLIENT).frame(), 100);
            assertEquals(RelayDropReason.TRUNCATED.id(), f.send(CLIENT_PORT, 10, cut));
            assertEquals(RelayDropReason.TRUNCATED.id(), f.send(CLIENT_PORT, 10, new byte[6]));
            assertEquals(0, f.sink.count());
        }
    }

    @Test
    void randomBytesNeverThrow() {
        try (RelayFixture f = RelayFixture.resolved()) {
            final Random random = new Random(6);
            final byte[] valid = ClientFrame.discover(CLIENT).frame();
            for (int i = 0; i < 20_000; i++) {
                final byte[] frame = valid.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                }
                final int length = random.nextInt(frame.length + 1);
                final int vid = random.nextBoolean() ? 10 : UPSTREAM;
                final int reason = f.agent.onFrame(CLIENT_PORT, vid, Unpooled.wrappedBuffer(frame), 0, length, T0);
                assertTrue(reason >= 0 && reason < RelayDropReason.ID_LIMIT);
                assertTrue(reason != RelayDropReason.INTERNAL_ERROR.id(), "no bug reached on input " + i);
            }
        }
    }

    @Test
    void aThrowingSinkBecomesAnInternalErrorNotAnException() {
        final RelayAgent agent = RelayAgent.start(RelayFixture.settings().build(), (port, vid, frame, off, len) -> {
            throw new IllegalStateException("sink broke");
        }, null);
        try {
            final byte[] frame = ClientFrame.discover(CLIENT).frame();
            assertEquals(RelayDropReason.INTERNAL_ERROR.id(),
                agent.onFrame(CLIENT_PORT, 10, Unpooled.wrappedBuffer(frame), 0, frame.length, T0));
            assertEquals(1, agent.counters().count(10, RelayDropReason.INTERNAL_ERROR));
            agent.onTick(T0 + 1_500); // the ARP retry throws inside the sink too
            assertTrue(agent.counters().count(RelayDropReason.INTERNAL_ERROR) >= 1);
        } finally {
            agent.close();
        }
    }

    @Test
    void reconfigureAddsAVlanAndKeepsTheLearnedServerMac() {
        try (RelayFixture f = RelayFixture.resolved()) {
            assertFalse(f.agent.handles(30));
            f.agent.reconfigure(f.agent.settings().toBuilder().vlan(RelayVlan.of(30, "10.30.0.1/24")).build());
            assertTrue(f.agent.handles(30));
            assertEquals(RelayDropReason.OK, f.send(CLIENT_PORT, 30, ClientFrame.discover(CLIENT).frame()));
            assertEquals(1, f.sink.count(), "no new ARP needed");
            assertEquals(SERVER_MAC, f.sink.last().view().ethDst);
            assertEquals(Bytes.ip("10.30.0.1"), f.sink.last().view().giaddr);
        }
    }

    @Test
    void reconfigureDropsPacketsHeldForARemovedServer() {
        try (RelayFixture f = RelayFixture.standard()) {
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            f.agent.reconfigure(f.agent.settings().toBuilder().clearServers().server("192.0.2.2").build());
            assertEquals(0, f.agent.counters().heldPackets());
            assertEquals(1, f.agent.counters().count(10, RelayDropReason.ARP_UNRESOLVED));
        }
    }
}
