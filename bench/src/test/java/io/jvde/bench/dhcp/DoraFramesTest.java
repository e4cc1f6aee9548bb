package io.jvde.bench.dhcp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DoraLoad's own DHCP encoder and parser, field by field (RFC 2131, RFC 2132, RFC 791, RFC 768). */
class DoraFramesTest {
    private static final long OWN_MAC = 0x0200_0000_0002L;
    private static final long SERVER_MAC = 0x0200_0000_0001L;
    private static final int GIADDR = 0xC612_0002; // 198.18.0.2
    private static final int SERVER = 0xC612_0001; // 198.18.0.1
    private static final long CHADDR = 0x02D0_0000_1234L;
    private static final int XID = 0xCAFE_F00D;
    private static final int OFFERED = 0xC613_0005; // 198.19.0.5
    private static final int D = DoraFrames.ETH_LEN + DoraFrames.IP_LEN + DoraFrames.UDP_LEN;

    private final DoraFrames relay = DoraFrames.relay(OWN_MAC, GIADDR, SERVER_MAC, SERVER);
    private final DoraFrames direct = DoraFrames.direct();

    private static int u8(final ByteBuffer b, final int i) {
        return b.get(i) & 0xFF;
    }

    private static int u16(final ByteBuffer b, final int i) {
        return b.getShort(i) & 0xFFFF;
    }

    /** The one's complement sum over the IPv4 header, checksum included, is 0xFFFF when the checksum is right. */
    private static int headerSum(final ByteBuffer b, final int ip) {
        int sum = 0;
        for (int i = 0; i < DoraFrames.IP_LEN; i += 2) {
            sum += u16(b, ip + i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    @Test
    void relayedDiscoverIsUnicastToTheServerFromPort67WithGiaddrAndHops() {
        final ByteBuffer b = ByteBuffer.allocate(1024);
        b.put(100, (byte) 0x55); // garbage where the frame goes: the encoder must clear it
        final int off = 10;
        final int len = relay.discover(b, off, CHADDR, XID);
        assertEquals(14 + 20 + 8 + 300, len);
        assertEquals(SERVER_MAC, DoraFrames.getMac(b, off));
        assertEquals(OWN_MAC, DoraFrames.getMac(b, off + 6));
        assertEquals(0x0800, u16(b, off + 12));
        final int ip = off + 14;
        assertEquals(0x45, u8(b, ip));
        assertEquals(328, u16(b, ip + 2));
        assertEquals(0, u16(b, ip + 6), "no fragment");
        assertEquals(64, u8(b, ip + 8));
        assertEquals(17, u8(b, ip + 9));
        assertEquals(0xFFFF, headerSum(b, ip));
        assertEquals(GIADDR, b.getInt(ip + 12));
        assertEquals(SERVER, b.getInt(ip + 16));
        final int udp = ip + 20;
        assertEquals(67, u16(b, udp), "a relay agent sends from the server port (RFC 2131 §4.1)");
        assertEquals(67, u16(b, udp + 2));
        assertEquals(308, u16(b, udp + 4));
        assertEquals(0, u16(b, udp + 6), "no UDP checksum (RFC 768 allows 0 over IPv4)");
        final int d = off + D;
        assertEquals(1, u8(b, d), "BOOTREQUEST");
        assertEquals(1, u8(b, d + 1));
        assertEquals(6, u8(b, d + 2));
        assertEquals(1, u8(b, d + 3), "hops");
        assertEquals(XID, b.getInt(d + 4));
        assertEquals(0, u16(b, d + 8), "secs");
        assertEquals(0x8000, u16(b, d + 10), "broadcast flag");
        assertEquals(0, b.getInt(d + 12), "ciaddr");
        assertEquals(0, b.getInt(d + 16), "yiaddr");
        assertEquals(0, b.getInt(d + 20), "siaddr");
        assertEquals(GIADDR, b.getInt(d + 24), "giaddr");
        assertEquals(CHADDR, DoraFrames.getMac(b, d + 28));
        for (int i = d + 34; i < d + 236; i++) {
            assertEquals(0, b.get(i), "chaddr padding, sname and file are zero at " + (i - d));
        }
        assertEquals(DoraFrames.MAGIC_COOKIE, b.getInt(d + 236));
        assertEquals(53, u8(b, d + 240));
        assertEquals(1, u8(b, d + 241));
        assertEquals(DoraFrames.DISCOVER, u8(b, d + 242));
        assertEquals(55, u8(b, d + 243));
        final int n = u8(b, d + 244);
        assertEquals(255, u8(b, d + 245 + n), "end option after the parameter request list");
        for (int i = d + 246 + n; i < d + 300; i++) {
            assertEquals(0, b.get(i), "padding to BOOTP's 300 bytes (RFC 1542 §2.1)");
        }
    }

    @Test
    void directDiscoverIsBroadcastFromTheClientsOwnMacAndPort68() {
        final ByteBuffer b = ByteBuffer.allocate(512);
        direct.discover(b, 0, CHADDR, XID);
        assertEquals(0xFFFF_FFFF_FFFFL, DoraFrames.getMac(b, 0));
        assertEquals(CHADDR, DoraFrames.getMac(b, 6));
        assertEquals(0, b.getInt(14 + 12), "source 0.0.0.0 (RFC 2131 §4.1)");
        assertEquals(-1, b.getInt(14 + 16), "destination 255.255.255.255");
        assertEquals(0xFFFF, headerSum(b, 14));
        assertEquals(68, u16(b, 34));
        assertEquals(67, u16(b, 36));
        assertEquals(0, u8(b, D + 3), "hops");
        assertEquals(0, b.getInt(D + 24), "giaddr");
        assertEquals(0x8000, u16(b, D + 10));
    }

    @Test
    void requestInSelectingStateNamesTheOfferedAddressAndTheServer() { // RFC 2131 §4.3.2
        final ByteBuffer b = ByteBuffer.allocate(512);
        relay.request(b, 0, CHADDR, XID, OFFERED, SERVER);
        assertEquals(0, b.getInt(D + 12), "ciaddr is 0 in SELECTING");
        assertEquals(XID, b.getInt(D + 4));
        assertEquals(53, u8(b, D + 240));
        assertEquals(DoraFrames.REQUEST, u8(b, D + 242));
        assertEquals(50, u8(b, D + 243));
        assertEquals(4, u8(b, D + 244));
        assertEquals(OFFERED, b.getInt(D + 245));
        assertEquals(54, u8(b, D + 249));
        assertEquals(4, u8(b, D + 250));
        assertEquals(SERVER, b.getInt(D + 251));
    }

    /** A server's reply as a frame: BOOTREPLY from port 67 to {@code dstPort}, with the given options. */
    private static int reply(final ByteBuffer b, final int ihl, final int dstPort, final int xid, final long chaddr,
                             final int yiaddr, final int... options) {
        final int ip = 14;
        b.putShort(12, (short) 0x0800);
        b.put(ip, (byte) (0x40 | ihl / 4));
        final int udp = ip + ihl;
        final int d = udp + 8;
        final int total = d + 240 + options.length + 1 - ip;
        b.putShort(ip + 2, (short) total);
        b.put(ip + 9, (byte) 17);
        b.putShort(udp, (short) 67);
        b.putShort(udp + 2, (short) dstPort);
        b.put(d, (byte) 2);
        b.put(d + 1, (byte) 1);
        b.put(d + 2, (byte) 6);
        b.putInt(d + 4, xid);
        b.putInt(d + 16, yiaddr);
        b.putShort(d + 28, (short) (chaddr >>> 32));
        b.putInt(d + 30, (int) chaddr);
        b.putInt(d + 236, DoraFrames.MAGIC_COOKIE);
        for (int i = 0; i < options.length; i++) {
            b.put(d + 240 + i, (byte) options[i]);
        }
        b.put(d + 240 + options.length, (byte) 255);
        return ip + total;
    }

    private static int[] typeAndServer(final int type) {
        return new int[] {53, 1, type, 0, 54, 4, 198, 18, 0, 1, 51, 4, 0, 1, 81, 128};
    }

    @Test
    void offerParsedWithItsAddressServerIdentifierTransactionAndClient() {
        final ByteBuffer b = ByteBuffer.allocate(1024);
        final int len = reply(b, 20, 67, XID, CHADDR, OFFERED, typeAndServer(DoraFrames.OFFER));
        final DoraFrames.Reply r = new DoraFrames.Reply();
        assertTrue(relay.parse(b, 0, len, r));
        assertEquals(DoraFrames.OFFER, r.type);
        assertEquals(XID, r.xid);
        assertEquals(CHADDR, r.chaddr);
        assertEquals(OFFERED, r.yiaddr);
        assertEquals(SERVER, r.serverId);
    }

    @Test
    void ackAndNakParsedAlsoBehindIpOptions() {
        final DoraFrames.Reply r = new DoraFrames.Reply();
        final ByteBuffer b = ByteBuffer.allocate(1024);
        int len = reply(b, 24, 67, XID, CHADDR, OFFERED, typeAndServer(DoraFrames.ACK));
        assertTrue(relay.parse(b, 0, len, r));
        assertEquals(DoraFrames.ACK, r.type);
        assertEquals(OFFERED, r.yiaddr);
        final ByteBuffer n = ByteBuffer.allocate(1024);
        len = reply(n, 20, 68, XID, CHADDR, 0, 53, 1, DoraFrames.NAK);
        assertTrue(direct.parse(n, 0, len, r));
        assertEquals(DoraFrames.NAK, r.type);
        assertEquals(0, r.serverId, "absent option 54 reads as 0");
    }

    @Test
    void ownRequestsForeignPortsAndOtherProtocolsAreIgnored() {
        final DoraFrames.Reply r = new DoraFrames.Reply();
        final ByteBuffer b = ByteBuffer.allocate(1024);
        assertFalse(relay.parse(b, 0, relay.discover(b, 0, CHADDR, XID), r), "our own BOOTREQUEST");
        int len = reply(b, 20, 68, XID, CHADDR, OFFERED, typeAndServer(DoraFrames.OFFER));
        assertFalse(relay.parse(b, 0, len, r), "a relay's replies come to port 67, not 68");
        len = reply(b, 20, 67, XID, CHADDR, OFFERED, typeAndServer(DoraFrames.OFFER));
        assertFalse(direct.parse(b, 0, len, r), "a direct client's replies come to port 68");
        b.putShort(12, (short) 0x0806);
        assertFalse(relay.parse(b, 0, len, r), "ARP");
        b.putShort(12, (short) 0x0800);
        b.put(14 + 9, (byte) 6);
        assertFalse(relay.parse(b, 0, len, r), "TCP");
        b.put(14 + 9, (byte) 17);
        b.putShort(14 + 6, (short) 0x2000);
        assertFalse(relay.parse(b, 0, len, r), "a first fragment");
        b.putShort(14 + 6, (short) 0x4000);
        assertTrue(relay.parse(b, 0, len, r), "don't fragment is fine");
    }

    @Test
    void malformedRepliesAreIgnored() {
        final DoraFrames.Reply r = new DoraFrames.Reply();
        final ByteBuffer b = ByteBuffer.allocate(1024);
        final int len = reply(b, 20, 67, XID, CHADDR, OFFERED, typeAndServer(DoraFrames.OFFER));
        assertFalse(relay.parse(b, 0, D + 200, r), "truncated before the cookie");
        b.putInt(D + 236, 0x63825364);
        assertFalse(relay.parse(b, 0, len, r), "wrong magic cookie");
        final ByteBuffer noType = ByteBuffer.allocate(1024);
        assertFalse(relay.parse(noType, 0, reply(noType, 20, 67, XID, CHADDR, OFFERED, 54, 4, 1, 2, 3, 4), r),
            "no message type");
        final ByteBuffer overrun = ByteBuffer.allocate(1024);
        final int n = reply(overrun, 20, 67, XID, CHADDR, OFFERED, 53, 1, 2, 54, 200, 1);
        overrun.put(n - 1, (byte) 0); // no end option: option 54's length runs past the datagram
        assertFalse(relay.parse(overrun, 0, n, r), "an option longer than the datagram");
        final ByteBuffer shortIp = ByteBuffer.allocate(1024);
        final int m = reply(shortIp, 20, 67, XID, CHADDR, OFFERED, typeAndServer(DoraFrames.OFFER));
        shortIp.putShort(14 + 2, (short) 100);
        assertFalse(relay.parse(shortIp, 0, m, r), "IP total length shorter than a DHCP message");
        final ByteBuffer hw = ByteBuffer.allocate(1024);
        final int h = reply(hw, 20, 67, XID, CHADDR, OFFERED, typeAndServer(DoraFrames.OFFER));
        hw.put(D + 2, (byte) 16);
        assertFalse(relay.parse(hw, 0, h, r), "not a 6-byte Ethernet chaddr");
    }

    @Test
    void percentilesPickTheNearestRankAsDhcpShDoes() {
        final int[] v = {5, 1, 4, 2, 3, 9, 8, 7, 6, 10};
        java.util.Arrays.sort(v);
        assertEquals(5, DoraLoad.percentile(v, 10, 0.50)); // int(10 * 0.5 + 0.5) = 5th
        assertEquals(10, DoraLoad.percentile(v, 10, 0.99));
        assertEquals(1, DoraLoad.percentile(v, 1, 0.99));
    }

    @Test
    void everyClientHasItsOwnMacAndNeighboursAreNotNeighbours() {
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        final long base = 0x02D0_0000_0000L;
        for (int c = 0; c < 1 << 16; c++) {
            final long mac = DoraLoad.clientMac(base, c);
            assertTrue(seen.add(mac), "client " + c);
            assertEquals(base, mac & ~0xFF_FFFFL);
        }
        assertTrue(Math.abs(DoraLoad.clientMac(base, 1) - DoraLoad.clientMac(base, 2)) > 16);
    }

    @Test
    void optionsNeedAnInterfaceAndAPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> DoraOptions.parse(new String[] {"--rate", "10"}));
        assertThrows(IllegalArgumentException.class,
            () -> DoraOptions.parse(new String[] {"--interface", "x", "--rate", "0"}));
        assertThrows(IllegalArgumentException.class,
            () -> DoraOptions.parse(new String[] {"--interface", "x", "--rate", "10", "--relay", "1.2.3.4"}));
        final DoraOptions o = DoraOptions.parse(new String[] {"--interface", "x", "--rate", "16000",
            "--relay", "198.18.0.2", "198.18.0.1", "--clients", "20000"});
        assertEquals(GIADDR, o.giaddr);
        assertEquals(SERVER, o.serverIp);
        assertEquals(250_000L, DoraLoad.tickNanos(o), "at 16 k/s the shortest tick");
        assertEquals(1_000_000L, DoraLoad.tickNanos(DoraOptions.parse(new String[] {"--interface", "x",
            "--rate", "1000"})), "at 1 k/s the longest");
    }
}
