package io.jvde.dhcp.guard;

import static io.jvde.dhcp.guard.GuardFixture.CLIENT_PORT;
import static io.jvde.dhcp.guard.GuardFixture.TRUSTED;
import static io.jvde.dhcp.guard.GuardFixture.VID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filtering rules of {@link DhcpGuard}, one test per rule (docs/dhcp.md §1 "DHCP snooping", §2.6). */
class DhcpSnoopingRulesTest {
    private static final String CLIENT = "52:54:00:aa:00:01";
    private final GuardFixture f = new GuardFixture();

    @Test
    void untrustedPort_serverMessagesAreDroppedAsRogueServer() {
        assertFalse(f.admit(GuardFrames.reply(GuardFrames.OFFER, CLIENT, "192.168.1.50", 3600), CLIENT_PORT));
        assertFalse(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), CLIENT_PORT));
        assertFalse(f.admit(GuardFrames.reply(GuardFrames.NAK, CLIENT, null, -1), CLIENT_PORT));
        assertEquals(3, f.drops(GuardDropReason.ROGUE_SERVER));
        assertEquals(3, f.guard.counters().drops(VID, GuardDropReason.ROGUE_SERVER));
        assertEquals(0, f.guard.bindings().size(), "a rogue ACK binds nothing");
    }

    @Test
    void untrustedPort_serverMessageDroppedWhateverItsPayload() {
        // not even a DHCP message: the ports alone make it a server message
        assertFalse(f.admit(ClientFrame.of(0, CLIENT).ports(67, 68).padTo(0).noEnd(), CLIENT_PORT));
        assertEquals(1, f.drops(GuardDropReason.ROGUE_SERVER));
    }

    @Test
    void rfc1542_4_1_untrustedPort_bootReplyToARelayAgentIsDroppedAsRogueServer() {
        assertFalse(f.admit(GuardFrames.ack(CLIENT, "10.0.2.50", 3600).ports(67, 67).giaddr("10.0.2.1"),
            CLIENT_PORT));
        assertEquals(1, f.drops(GuardDropReason.ROGUE_SERVER));
    }

    @Test
    void trustedPort_serverMessagesPass() {
        assertTrue(f.admit(GuardFrames.reply(GuardFrames.OFFER, CLIENT, "192.168.1.50", 3600), TRUSTED));
        assertTrue(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600).ports(67, 67).giaddr("10.0.2.1"),
            TRUSTED));
        assertEquals(0, f.guard.counters().totalDrops());
        assertEquals(2, f.guard.counters().serverMessages());
    }

    @Test
    void rfc3046_2_1_untrustedPort_clientMessageWithOption82IsDropped() {
        assertFalse(f.admit(ClientFrame.discover(CLIENT).option(82, Bytes.hex("0104 00000003")), CLIENT_PORT));
        assertEquals(1, f.drops(GuardDropReason.SPOOFED_AGENT_OPTION));
        assertEquals(List.of(new GuardFixture.Report(GuardDropReason.SPOOFED_AGENT_OPTION, CLIENT_PORT, VID,
            Bytes.mac(CLIENT), 0)), f.reports);
    }

    @Test
    void rfc3046_2_1_untrustedPort_option82HiddenInAnOverloadedFileFieldIsFound() {
        final byte[] file = Bytes.hex("5206 0104 00000003 ff");
        assertFalse(f.admit(ClientFrame.discover(CLIENT).option(52, new byte[] {1}).file(file), CLIENT_PORT));
        assertEquals(1, f.drops(GuardDropReason.SPOOFED_AGENT_OPTION));
    }

    @Test
    void rfc3046_2_1_untrustedPort_clientMessageWithNonZeroGiaddrIsDropped() {
        assertFalse(f.admit(ClientFrame.discover(CLIENT).giaddr("10.0.2.1").hops(1), CLIENT_PORT));
        // relay to server (RFC 1542 §4.1: from 67 to 67) from an untrusted port: same rule
        assertFalse(f.admit(ClientFrame.discover(CLIENT).giaddr("10.0.2.1").ports(67, 67), CLIENT_PORT));
        assertEquals(2, f.drops(GuardDropReason.SPOOFED_GIADDR));
    }

    @Test
    void trustedPort_relayedClientMessageWithOption82AndGiaddrPasses() {
        assertTrue(f.admit(ClientFrame.discover(CLIENT).giaddr("10.0.2.1").option(82, Bytes.hex("0104 00000003"))
            .ports(67, 67), TRUSTED));
        assertTrue(f.admit(ClientFrame.discover(CLIENT).option(82, Bytes.hex("0104 00000003")), TRUSTED));
        assertEquals(0, f.guard.counters().totalDrops());
    }

    @Test
    void untrustedPort_ordinaryClientMessagesPass() {
        assertTrue(f.admit(ClientFrame.discover(CLIENT).prl(1, 3, 6), CLIENT_PORT));
        assertTrue(f.admit(ClientFrame.request(CLIENT).serverId("192.168.1.254").requestedIp("192.168.1.50"),
            CLIENT_PORT));
        assertTrue(f.admit(ClientFrame.of(0, CLIENT).cookie(0), CLIENT_PORT), "plain BOOTP has no options");
        assertEquals(3, f.guard.counters().clientMessages());
        assertEquals(0, f.guard.counters().totalDrops());
    }

    @Test
    void untrustedPort_clientMessageThatCannotBeCheckedIsDroppedAsMalformed() {
        // option 12 claims 200 bytes the options field does not have
        assertFalse(f.admit(ClientFrame.discover(CLIENT).rawOptions(Bytes.hex("0cc8 4142")).noEnd().padTo(0),
            CLIENT_PORT));
        // shorter than the 236-byte BOOTP header
        final byte[] frame = ClientFrame.discover(CLIENT).frame();
        final byte[] cut = java.util.Arrays.copyOf(frame, 14 + 20 + 8 + 100);
        cut[14 + 20 + 4] = 0;
        cut[14 + 20 + 5] = 108; // UDP length 8 + 100
        assertFalse(f.admit(cut, CLIENT_PORT, VID));
        // UDP length beyond the frame
        final byte[] longer = frame.clone();
        longer[14 + 20 + 4] = (byte) 0xFF;
        assertFalse(f.admit(longer, CLIENT_PORT, VID));
        assertEquals(3, f.drops(GuardDropReason.MALFORMED));
    }

    @Test
    void dot1q_oneVlanTagIsLookedThrough() {
        final byte[] rogue = GuardFrames.tagged(GuardFrames.ack(CLIENT, "192.168.1.50", 3600).frame(), VID);
        assertFalse(f.admit(rogue, CLIENT_PORT, VID));
        final byte[] spoofed = GuardFrames.tagged(ClientFrame.discover(CLIENT).giaddr("10.0.0.1").frame(), VID);
        assertFalse(f.admit(spoofed, CLIENT_PORT, VID));
        assertTrue(f.admit(GuardFrames.tagged(ClientFrame.discover(CLIENT).frame(), VID), CLIENT_PORT, VID));
        assertEquals(1, f.drops(GuardDropReason.ROGUE_SERVER));
        assertEquals(1, f.drops(GuardDropReason.SPOOFED_GIADDR));
    }

    @Test
    void unguardedVlan_framesPassUntouchedAndUncounted() {
        assertTrue(f.admit(GuardFrames.ack(CLIENT, "10.0.2.50", 3600), CLIENT_PORT, 2));
        assertTrue(f.admit(ClientFrame.discover(CLIENT).option(82, Bytes.hex("0104 00000003")), CLIENT_PORT, 2));
        f.guard.setGuarded(VID, false);
        assertTrue(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), CLIENT_PORT));
        assertEquals(0, f.guard.counters().totalDrops());
        assertEquals(0, f.guard.counters().clientMessages());
        assertTrue(f.reports.isEmpty());
    }

    @Test
    void disabled_everyFramePasses() {
        f.guard.reconfigure(f.guard.settings().toBuilder().enabled(false).build());
        assertTrue(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), CLIENT_PORT));
        assertEquals(0, f.guard.counters().totalDrops());
    }

    @Test
    void nonDhcpFrames_passWithoutBeingCounted() {
        assertTrue(f.admit(GuardFrames.arp(CLIENT), CLIENT_PORT, VID), "ARP");
        assertTrue(f.admit(ClientFrame.discover(CLIENT).ports(5353, 53), CLIENT_PORT), "other UDP");
        assertTrue(f.admit(ClientFrame.discover(CLIENT).ports(67, 5000), CLIENT_PORT), "from 67 to elsewhere");
        final byte[] tcp = GuardFrames.ack(CLIENT, "192.168.1.50", 3600).frame();
        tcp[14 + 9] = 6;
        assertTrue(f.admit(tcp, CLIENT_PORT, VID), "TCP between ports 67 and 68");
        final byte[] ipv6 = GuardFrames.ack(CLIENT, "192.168.1.50", 3600).frame();
        ipv6[12] = (byte) 0x86;
        ipv6[13] = (byte) 0xDD;
        assertTrue(f.admit(ipv6, CLIENT_PORT, VID), "IPv6");
        final byte[] fragment = GuardFrames.ack(CLIENT, "192.168.1.50", 3600).frame();
        fragment[14 + 7] = 100; // fragment offset 800: the bytes at the UDP position are data, not ports
        assertTrue(f.admit(fragment, CLIENT_PORT, VID), "later IPv4 fragment");
        assertTrue(f.admit(new byte[10], CLIENT_PORT, VID), "runt");
        assertEquals(0, f.guard.counters().totalDrops());
        assertEquals(0, f.guard.counters().clientMessages());
    }

    @Test
    void counters_violationsAreCountedPerVlanAndPerReason() {
        f.guard.setGuarded(2, true);
        f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), CLIENT_PORT, VID);
        f.admit(GuardFrames.ack(CLIENT, "10.0.2.50", 3600), CLIENT_PORT, 2);
        f.admit(GuardFrames.ack(CLIENT, "10.0.2.50", 3600), CLIENT_PORT, 2);
        f.admit(ClientFrame.discover(CLIENT).giaddr("10.0.2.1"), CLIENT_PORT, 2);
        assertEquals(1, f.guard.counters().drops(VID, GuardDropReason.ROGUE_SERVER));
        assertEquals(2, f.guard.counters().drops(2, GuardDropReason.ROGUE_SERVER));
        assertEquals(1, f.guard.counters().drops(2, GuardDropReason.SPOOFED_GIADDR));
        assertEquals(0, f.guard.counters().drops(VID, GuardDropReason.SPOOFED_GIADDR));
        assertEquals(3, f.drops(GuardDropReason.ROGUE_SERVER));
        assertEquals(4, f.guard.counters().totalDrops());
    }

    @Test
    void setTrusted_changesTrustAtRunTimeAndShowsInTheSettings() {
        assertFalse(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), 7));
        f.guard.setTrusted(7, true);
        assertTrue(f.guard.trusted(7));
        assertTrue(f.guard.settings().trusted(7));
        assertTrue(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), 7));
        f.guard.setTrusted(7, false);
        assertFalse(f.admit(GuardFrames.ack(CLIENT, "192.168.1.50", 3600), 7));
    }
}
