package io.jvde.dhcp.guard;

import static io.jvde.dhcp.guard.GuardFixture.CLIENT_PORT;
import static io.jvde.dhcp.guard.GuardFixture.TRUSTED;
import static io.jvde.dhcp.guard.GuardFixture.VID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binding table: learned from ACKs, forgotten on RELEASE, DECLINE, NAK and expiry, bounded. */
class SnoopingBindingTest {
    private static final String CLIENT = "52:54:00:aa:00:01";
    private static final long MAC = Bytes.mac(CLIENT);
    private final GuardFixture f = new GuardFixture();

    private SnoopingTable.Binding only() {
        final List<SnoopingTable.Binding> all = f.guard.bindings().entries();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test
    void snooping_ackPassingFromATrustedServerIsRecordedWithThePortOfTheClientsRequest() {
        assertTrue(f.admit(ClientFrame.request(CLIENT).requestedIp("192.168.1.50"), CLIENT_PORT));
        f.advanceMillis(5);
        assertTrue(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), TRUSTED));
        assertEquals(new SnoopingTable.Binding(MAC, Bytes.ip("192.168.1.50"), VID, CLIENT_PORT, f.now + 3_600_000),
            only());
        assertEquals(Bytes.ip("192.168.1.50"), f.guard.bindings().addressOf(VID, MAC, f.now));
        assertEquals(1, f.guard.counters().bindingsLearned());
    }

    @Test
    void snooping_ackArrivingOverATrustedUplinkIsSnoopedAndNothingIsJudged() {
        final int uplink = 9; // not a trusted port of the guard: the switch trusts it (VXLAN) and only lets it look
        assertTrue(f.admit(ClientFrame.request(CLIENT).requestedIp("192.168.1.70"), CLIENT_PORT));
        f.advanceMillis(5);
        final byte[] ack = GuardFrames.ack(CLIENT, "192.168.1.70", 3600).frame();
        f.guard.observeTrusted(uplink, VID, GuardFrames.buf(ack), 0, ack.length, f.now);
        assertEquals(new SnoopingTable.Binding(MAC, Bytes.ip("192.168.1.70"), VID, CLIENT_PORT, f.now + 3_600_000),
            only());
        final byte[] discover = ClientFrame.discover("52:54:00:aa:00:02").frame();
        for (int i = 0; i < 100; i++) { // a remote client far over any rate limit: observed, never judged
            f.guard.observeTrusted(uplink, VID, GuardFrames.buf(discover), 0, discover.length, f.now);
        }
        assertEquals(0, f.guard.counters().totalDrops(), "nothing over the uplink is a violation");
    }

    @Test
    void snooping_replyDeliveredByTheSwitchItselfBindsToTheGivenPortAndANakUnbinds() {
        final byte[] ack = GuardFrames.ack(CLIENT, "192.168.1.60", 600).frame();
        final int dhcp = 14 + 20 + 8; // untagged Ethernet, IPv4 without options, UDP
        f.guard.observeReply(7, VID, GuardFrames.buf(ack), dhcp, ack.length - dhcp, f.now);
        assertEquals(new SnoopingTable.Binding(MAC, Bytes.ip("192.168.1.60"), VID, 7, f.now + 600_000), only());
        final byte[] nak = GuardFrames.reply(GuardFrames.NAK, CLIENT, null, -1).frame();
        f.guard.observeReply(7, VID, GuardFrames.buf(nak), dhcp, nak.length - dhcp, f.now);
        assertEquals(0, f.guard.bindings().size());
    }

    @Test
    void snooping_ackForAClientNeverSeenHasPortMinusOne() {
        assertTrue(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), TRUSTED));
        assertEquals(-1, only().port());
    }

    @Test
    void snooping_infiniteLeaseNeverExpires() {
        f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 0xFFFF_FFFFL), TRUSTED);
        assertEquals(SnoopingTable.NEVER, only().expiresAt());
    }

    @Test
    void snooping_ackToInformAndOfferBindNothing() {
        f.admit(GuardFrames.ack(CLIENT, null, -1).ciaddr("192.168.1.50"), TRUSTED); // RFC 2131 §4.3.5
        f.admit(GuardFrames.reply(GuardFrames.OFFER, CLIENT, "192.168.1.50", 3600), TRUSTED);
        assertEquals(0, f.guard.bindings().size());
    }

    @Test
    void snooping_nakRemovesTheClientsBinding() {
        f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), TRUSTED);
        f.admit(GuardFrames.reply(GuardFrames.NAK, CLIENT, null, -1), TRUSTED);
        assertEquals(0, f.guard.bindings().size());
    }

    @Test
    void observeAck_recordsTheSwitchsOwnAckWithTheClientPort() {
        f.guard.observeAck(CLIENT_PORT, VID, MAC, Bytes.ip("192.168.1.60"), f.now + 60_000, f.now);
        assertEquals(new SnoopingTable.Binding(MAC, Bytes.ip("192.168.1.60"), VID, CLIENT_PORT, f.now + 60_000),
            only());
        f.guard.observeRelease(VID, MAC, Bytes.ip("192.168.1.60"));
        assertEquals(0, f.guard.bindings().size());
    }

    @Test
    void snooping_aRealAckOfTheResponderIsLearnedWhenItPassesATrustedPort() {
        // the responder's own frames, fed back as if a trusted server on port 1 had sent them
        try (Harness h = Harness.of(DhcpSettings.builder().scope(Harness.lan().build()).build())) {
            f.admit(ClientFrame.discover(CLIENT), CLIENT_PORT);
            final ReplyView ack = h.dora(CLIENT);
            final CapturingSink.Sent sent = h.sink.last();
            assertTrue(f.admit(sent.frame(), TRUSTED, VID));
            assertEquals(new SnoopingTable.Binding(MAC, ack.yiaddr, VID, CLIENT_PORT, f.now + 3_600_000), only());
        }
    }

    @Test
    void release_fromTheClientRemovesItsBinding() {
        f.guard.observeAck(CLIENT_PORT, VID, MAC, Bytes.ip("192.168.1.50"), f.now + 60_000, f.now);
        assertTrue(f.admit(ClientFrame.of(ClientFrame.RELEASE, CLIENT).ciaddr("192.168.1.50"), CLIENT_PORT));
        assertEquals(0, f.guard.bindings().size());
    }

    @Test
    void release_fromAnotherPortOrForAnotherAddressKeepsTheBinding() {
        f.guard.observeAck(CLIENT_PORT, VID, MAC, Bytes.ip("192.168.1.50"), f.now + 60_000, f.now);
        f.admit(ClientFrame.of(ClientFrame.RELEASE, CLIENT).ciaddr("192.168.1.50"), 4);
        f.admit(ClientFrame.of(ClientFrame.RELEASE, CLIENT).ciaddr("192.168.1.51"), CLIENT_PORT);
        assertEquals(1, f.guard.bindings().size());
    }

    @Test
    void decline_fromTheClientRemovesItsBinding() {
        f.guard.observeAck(CLIENT_PORT, VID, MAC, Bytes.ip("192.168.1.50"), f.now + 60_000, f.now);
        assertTrue(f.admit(ClientFrame.of(ClientFrame.DECLINE, CLIENT).requestedIp("192.168.1.50"), CLIENT_PORT));
        assertEquals(0, f.guard.bindings().size());
    }

    @Test
    void expiry_removesTheBinding() {
        f.guard.observeAck(CLIENT_PORT, VID, MAC, Bytes.ip("192.168.1.50"), f.now + 60_000, f.now);
        f.guard.observeAck(CLIENT_PORT, VID, MAC + 1, Bytes.ip("192.168.1.51"), f.now + 120_000, f.now);
        assertEquals(0, f.guard.expire(f.now + 59_999));
        assertEquals(1, f.guard.expire(f.now + 60_000));
        assertEquals(0, f.guard.bindings().addressOf(VID, MAC + 1, f.now + 120_000), "lookups ignore expired");
        assertEquals(0, f.guard.bindings().size(), "and remove them");
    }

    @Test
    void bindingTable_isBoundedAndMakesRoomOnlyByExpiry() {
        final GuardFixture small = new GuardFixture(GuardSettings.builder().bindingCapacity(16));
        final long t = small.now;
        for (int i = 0; i < 16; i++) {
            small.guard.observeAck(CLIENT_PORT, VID, MAC + i, Bytes.ip("192.168.1.100") + i, t + 1000 + i, t);
        }
        small.guard.observeAck(CLIENT_PORT, VID, MAC + 16, Bytes.ip("192.168.1.200"), t + 60_000, t);
        assertEquals(16, small.guard.bindings().size());
        assertEquals(0, small.guard.bindings().addressOf(VID, MAC + 16, t), "not recorded");
        assertEquals(1, small.drops(GuardDropReason.BINDING_TABLE_FULL));
        assertEquals(0, small.guard.counters().totalDrops(), "noted, not a drop");
        // the frame carrying such an ACK still passes
        small.now = t + 500;
        assertTrue(small.admit(GuardFrames.ack("52:54:00:aa:00:77", "192.168.1.77", 3600), TRUSTED));
        assertEquals(2, small.drops(GuardDropReason.BINDING_TABLE_FULL));
        // once the first two leases ran out, their room is reused
        small.guard.observeAck(CLIENT_PORT, VID, MAC + 16, Bytes.ip("192.168.1.200"), t + 60_000, t + 1001);
        assertEquals(Bytes.ip("192.168.1.200"), small.guard.bindings().addressOf(VID, MAC + 16, t + 1001));
        assertEquals(15, small.guard.bindings().size(), "both expired bindings swept, one new");
    }

    @Test
    void bindingTable_refreshingABindingKeepsItsKnownPort() {
        f.guard.observeAck(CLIENT_PORT, VID, MAC, Bytes.ip("192.168.1.50"), f.now + 60_000, f.now);
        f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 7200), TRUSTED);
        assertEquals(CLIENT_PORT, only().port());
        assertEquals(f.now + 7_200_000, only().expiresAt());
    }
}
