package io.jvde.dhcp.relay;

import static io.jvde.dhcp.relay.RelayFixture.CLIENT;
import static io.jvde.dhcp.relay.RelayFixture.CLIENT_PORT;
import static io.jvde.dhcp.relay.RelayFixture.RELAY_MAC;
import static io.jvde.dhcp.relay.RelayFixture.SERVER_MAC;
import static io.jvde.dhcp.relay.RelayFixture.T0;
import static io.jvde.dhcp.relay.RelayFixture.UPSTREAM;
import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.TestChecksums;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 826 ARP for the relay's addresses and its next hops, with held packets; RFC 792 echo. */
class RelayArpAndIcmpTest {
    private static final long HOST = Bytes.mac("52:54:00:bb:00:07");

    private static boolean isArpRequestFor(final CapturingSink.Sent s, final String target) {
        final byte[] r = s.frame();
        return Bytes.uint16(r, 12) == 0x0806 && Bytes.uint16(r, 20) == 1 && Bytes.int32(r, 38) == ip(target);
    }

    private static long arpRequests(final RelayFixture f) {
        return f.sink.sent().stream().filter(s -> isArpRequestFor(s, "192.0.2.1")).count();
    }

    @Test
    void rfc826_answersArpForTheUpstreamAddressOnTheUpstreamVlan() {
        try (RelayFixture f = RelayFixture.standard()) {
            final byte[] req = RelayFixture.arp(1, HOST, "192.0.2.77", 0, "192.0.2.10", 0xFFFF_FFFF_FFFFL);
            assertEquals(RelayDropReason.OK, f.send(1, UPSTREAM, req));
            final CapturingSink.Sent sent = f.sink.last();
            final byte[] r = sent.frame();
            assertEquals(UPSTREAM, sent.vid());
            assertEquals(1, sent.port(), "to the asking port, not by the MAC table");
            assertEquals(60, r.length);
            assertEquals(HOST, Bytes.mac(r, 0));
            assertEquals(RELAY_MAC, Bytes.mac(r, 6));
            assertEquals(2, Bytes.uint16(r, 20), "reply");
            assertEquals(RELAY_MAC, Bytes.mac(r, 22));
            assertEquals(ip("192.0.2.10"), Bytes.int32(r, 28));
            assertEquals(HOST, Bytes.mac(r, 32));
            assertEquals(ip("192.0.2.77"), Bytes.int32(r, 38));
            assertEquals(1, f.agent.counters().arpRepliesSent());
        }
    }

    @Test
    void rfc826_answersArpForEachGiaddrOnItsOwnVlanOnly() {
        try (RelayFixture f = RelayFixture.standard()) {
            final byte[] req = RelayFixture.arp(1, HOST, "10.10.0.9", 0, "10.10.0.1", 0xFFFF_FFFF_FFFFL);
            assertEquals(RelayDropReason.OK, f.send(CLIENT_PORT, 10, req));
            assertEquals(ip("10.10.0.1"), Bytes.int32(f.sink.last().frame(), 28));
            assertEquals(10, f.sink.last().vid());
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.send(CLIENT_PORT, 20, req), "not VLAN 20's address");
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.send(CLIENT_PORT, 10,
                RelayFixture.arp(1, HOST, "10.10.0.9", 0, "10.10.0.2", 0xFFFF_FFFF_FFFFL)), "another host");
            assertEquals(1, f.sink.count());
        }
    }

    @Test
    void rfc792_answersPingsToTheRelayAddresses() {
        try (RelayFixture f = RelayFixture.standard()) {
            assertEquals(RelayDropReason.OK, f.send(CLIENT_PORT, 10, RelayFixture.ping(HOST, "10.10.0.9",
                "10.10.0.1")));
            final byte[] r = f.sink.last().frame();
            assertEquals(HOST, Bytes.mac(r, 0));
            assertEquals(ip("10.10.0.1"), Bytes.int32(r, 26));
            assertEquals(ip("10.10.0.9"), Bytes.int32(r, 30));
            assertEquals(0xFFFF, TestChecksums.sum(r, 14, 20, 0), "IPv4 header checksum");
            assertEquals(0, r[34], "echo reply");
            assertEquals(0xFFFF, TestChecksums.sum(r, 34, 16, 0), "ICMP checksum");
            assertEquals(0x4242, Bytes.uint16(r, 38));
            assertEquals(7, Bytes.uint16(r, 40));
            assertEquals(RelayDropReason.OK, f.send(1, UPSTREAM, RelayFixture.ping(HOST, "192.0.2.77",
                "192.0.2.10")));
            assertEquals(ip("192.0.2.10"), Bytes.int32(f.sink.last().frame(), 26));
            assertEquals(RelayDropReason.NOT_FOR_RELAY.id(), f.send(CLIENT_PORT, 10, RelayFixture.ping(HOST,
                "10.10.0.9", "10.10.0.2")));
            assertEquals(2, f.agent.counters().icmpRepliesSent());
        }
    }

    @Test
    void rfc1122_2_3_2_2_packetsWaitForArpAndLeaveWithTheLearnedMac() {
        try (RelayFixture f = RelayFixture.standard()) {
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            assertEquals(1, f.sink.count());
            final CapturingSink.Sent arp = f.sink.last();
            assertTrue(isArpRequestFor(arp, "192.0.2.1"));
            assertEquals(UPSTREAM, arp.vid());
            assertEquals(0xFFFF_FFFF_FFFFL, Bytes.mac(arp.frame(), 0));
            assertEquals(ip("192.0.2.10"), Bytes.int32(arp.frame(), 28), "asks from the upstream address");
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.request(CLIENT)));
            assertEquals(1, f.sink.count(), "one ARP request for both");
            assertEquals(2, f.agent.counters().heldPackets());
            f.sink.clear();
            assertEquals(RelayDropReason.OK, f.arpReplyFrom(SERVER_MAC, "192.0.2.1"));
            assertEquals(2, f.sink.count(), "both held packets sent");
            for (final CapturingSink.Sent s : f.sink.sent()) {
                assertEquals(SERVER_MAC, s.view().ethDst);
                assertEquals(ip("192.0.2.1"), s.view().ipDst);
                assertTrue(s.view().udpChecksumOk);
            }
            assertEquals(1, f.sink.sent().get(0).view().messageType(), "in arrival order");
            assertEquals(0, f.agent.counters().heldPackets());
        }
    }

    @Test
    void heldPacketsAreBoundedPerNextHopAndTheOverflowIsCounted() {
        try (RelayFixture f = RelayFixture.standard()) {
            for (int i = 0; i < NextHop.HELD; i++) {
                assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT).xid(i)));
            }
            assertEquals(RelayDropReason.ARP_QUEUE_FULL.id(), f.fromClient(ClientFrame.discover(CLIENT)));
            assertEquals(1, f.agent.counters().count(10, RelayDropReason.ARP_QUEUE_FULL));
            assertEquals(NextHop.HELD, f.agent.counters().heldPackets());
        }
    }

    @Test
    void arpIsRetriedABoundedNumberOfTimesThenHeldPacketsAreDropped() {
        try (RelayFixture f = RelayFixture.standard()) {
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            for (long t = T0; t <= T0 + 10_000; t += 250) {
                f.agent.onTick(t);
            }
            assertEquals(RelayAgent.ARP_MAX_TRIES, arpRequests(f));
            assertEquals(0, f.agent.counters().heldPackets());
            assertEquals(1, f.agent.counters().count(10, RelayDropReason.ARP_UNRESOLVED));
            assertEquals(List.of(RelayDropReason.ARP_UNRESOLVED), f.listener.drops);
            f.sink.clear();
            f.agent.onTick(T0 + 60_000);
            assertEquals(0, f.sink.count(), "nothing more once given up");
        }
    }

    @Test
    void heldPacketsExpireWhileArpIsStillBeingRetried() {
        final RelaySettings s = RelayFixture.settings().build();
        try (RelayFixture f = new RelayFixture(s)) {
            assertEquals(RelayDropReason.OK, f.send(CLIENT_PORT, 10, ClientFrame.discover(CLIENT).frame(), T0));
            f.agent.onTick(T0 + RelayAgent.HOLD_MILLIS - 1);
            assertEquals(1, f.agent.counters().heldPackets());
            f.agent.onTick(T0 + RelayAgent.HOLD_MILLIS);
            assertEquals(0, f.agent.counters().heldPackets());
            assertEquals(1, f.agent.counters().count(RelayDropReason.ARP_UNRESOLVED));
        }
    }

    @Test
    void arpCacheEntriesAreRefreshedAndExpire() {
        try (RelayFixture f = RelayFixture.resolved()) {
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            assertEquals(0, arpRequests(f), "fresh entry: no ARP");
            f.sink.clear();
            final long refresh = T0 + RelayAgent.ARP_REFRESH_MILLIS;
            assertEquals(RelayDropReason.OK, f.send(CLIENT_PORT, 10, ClientFrame.discover(CLIENT).frame(), refresh));
            assertEquals(1, arpRequests(f), "old entry: re-asked");
            assertEquals(SERVER_MAC, f.sink.last().view().ethDst, "and still used meanwhile");
            f.sink.clear();
            final long expired = T0 + RelayAgent.ARP_CACHE_MILLIS;
            f.agent.onTick(expired);
            assertEquals(RelayDropReason.OK, f.send(CLIENT_PORT, 10, ClientFrame.discover(CLIENT).frame(), expired));
            assertEquals(1, f.sink.count());
            assertTrue(isArpRequestFor(f.sink.last(), "192.0.2.1"), "expired: held and resolved again");
            assertEquals(1, f.agent.counters().heldPackets());
        }
    }

    @Test
    void arpRequestFromTheServerToUsTeachesItsMac() {
        try (RelayFixture f = RelayFixture.standard()) {
            assertEquals(RelayDropReason.OK, f.send(1, UPSTREAM, RelayFixture.arp(1, SERVER_MAC, "192.0.2.1", 0,
                "192.0.2.10", 0xFFFF_FFFF_FFFFL)));
            f.sink.clear();
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            assertEquals(1, f.sink.count());
            assertEquals(SERVER_MAC, f.sink.last().view().ethDst);
        }
    }

    @Test
    void arpRepliesFromStrangersAreNotLearned() {
        try (RelayFixture f = RelayFixture.standard()) {
            assertEquals(RelayDropReason.OK, f.arpReplyFrom(HOST, "192.0.2.99"));
            assertEquals(RelayDropReason.OK, f.fromClient(ClientFrame.discover(CLIENT)));
            assertTrue(isArpRequestFor(f.sink.last(), "192.0.2.1"), "still unresolved");
        }
    }
}
