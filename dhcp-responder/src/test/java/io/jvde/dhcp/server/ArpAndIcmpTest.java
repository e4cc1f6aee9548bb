package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.TestChecksums;
import org.junit.jupiter.api.Test;

/** The responder answers ARP for its server address (RFC 826) and ICMP echo to it (RFC 792). */
class ArpAndIcmpTest {
    private static final String CLIENT_MAC = "525400aa0001";

    private static byte[] arpRequest(final String targetIp) {
        return Bytes.hex("ffffffffffff" + CLIENT_MAC + "0806" + "0001 0800 06 04 0001" + CLIENT_MAC + "c0a80164"
            + "000000000000" + Integer.toHexString(ip(targetIp)));
    }

    @Test
    void shouldAnswerAnArpRequestForTheServerAddress() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            assertEquals(DhcpDropReason.OK, h.sendRaw(arpRequest("192.168.1.254")));
            final byte[] r = h.sink.last().frame();
            assertEquals(60, r.length, "padded to the Ethernet minimum");
            assertEquals(Bytes.mac("52:54:00:aa:00:01"), Bytes.mac(r, 0));
            assertEquals(h.serverMac(), Bytes.mac(r, 6));
            assertEquals(0x0806, Bytes.uint16(r, 12));
            assertEquals(2, Bytes.uint16(r, 14 + 6), "ARP reply");
            assertEquals(h.serverMac(), Bytes.mac(r, 14 + 8), "sender hardware address");
            assertEquals(ip("192.168.1.254"), Bytes.int32(r, 14 + 14));
            assertEquals(ip("192.168.1.100"), Bytes.int32(r, 14 + 24));
            assertEquals(1, h.responder.counters().arpReplies());
        }
    }

    @Test
    void shouldIgnoreArpForOtherAddresses() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            assertEquals(DhcpDropReason.NOT_FOR_SERVER.id(), h.sendRaw(arpRequest("192.168.1.1")));
            assertEquals(0, h.sink.count());
        }
    }

    @Test
    void shouldAnswerAPingToTheServerAddress() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final byte[] icmp = Bytes.hex("0800 0000 1234 0001 6162636465666768");
            final int sum = TestChecksums.checksum(icmp, 0, icmp.length);
            icmp[2] = (byte) (sum >>> 8);
            icmp[3] = (byte) sum;
            final byte[] ipHdr = Bytes.hex("4500 0024 0000 0000 4001 0000 c0a80164 c0a801fe");
            final int ipSum = TestChecksums.checksum(ipHdr, 0, 20);
            ipHdr[10] = (byte) (ipSum >>> 8);
            ipHdr[11] = (byte) ipSum;
            final byte[] frame = new byte[14 + 20 + icmp.length];
            System.arraycopy(Bytes.hex(String.format("%012x", h.serverMac()) + CLIENT_MAC + "0800"),
                0, frame, 0, 14);
            System.arraycopy(ipHdr, 0, frame, 14, 20);
            System.arraycopy(icmp, 0, frame, 34, icmp.length);
            assertEquals(DhcpDropReason.OK, h.sendRaw(frame));
            final byte[] r = h.sink.last().frame();
            assertEquals(Bytes.mac("52:54:00:aa:00:01"), Bytes.mac(r, 0));
            assertEquals(ip("192.168.1.254"), Bytes.int32(r, 14 + 12));
            assertEquals(ip("192.168.1.100"), Bytes.int32(r, 14 + 16));
            assertEquals(0xFFFF, TestChecksums.sum(r, 14, 20, 0), "IPv4 header checksum");
            assertEquals(0, r[34], "echo reply");
            assertEquals(0xFFFF, TestChecksums.sum(r, 34, icmp.length, 0), "ICMP checksum");
            assertEquals(0x1234, Bytes.uint16(r, 38));
            assertEquals(1, Bytes.uint16(r, 40));
            assertEquals('h', r[34 + 15]);
        }
    }
}
