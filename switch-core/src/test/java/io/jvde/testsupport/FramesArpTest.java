package io.jvde.testsupport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ARP and MAC helpers of {@link Frames}, against bytes written out by hand (RFC 826 layout). */
class FramesArpTest {
    @Test
    void shouldBuildABroadcastArpRequestByteForByte() {
        final byte[] arp = Frames.arpRequest(0x5254_0012_0101L, 0x0A00_0002, 0x0A00_0001);
        assertEquals("ffffffffffff" + "525400120101" + "0806"
            + "0001" + "0800" + "06" + "04" + "0001"
            + "525400120101" + "0a000002" + "000000000000" + "0a000001", Frames.hex(arp));
    }

    @Test
    void shouldParseAndReadMacAddresses() {
        final long mac = Frames.mac("52:54:00:12:01:0a");
        assertEquals(0x5254_0012_010AL, mac);
        final byte[] f = Frames.unicast(mac, 0x0200_0000_0001L, 60);
        assertEquals(mac, Frames.dst(f));
        assertEquals(0x0200_0000_0001L, Frames.src(f));
        assertEquals(0x88B5, Frames.etherType(f));
    }
}
