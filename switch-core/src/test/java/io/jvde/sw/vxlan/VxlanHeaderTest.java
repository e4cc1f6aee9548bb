package io.jvde.sw.vxlan;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RFC 7348 §5: the VXLAN header, one test per rule. */
class VxlanHeaderTest {
    @Test
    void rfc7348Section5SendsFlags0x08AndReservedBitsZero() {
        final ByteBuffer b = ByteBuffer.allocate(8);
        VxlanHeader.write(b, 0, 42);
        assertEquals("0800000000002a00", hex(b));
    }

    @Test
    void rfc7348Section5VniIs24Bits() {
        final ByteBuffer b = ByteBuffer.allocate(8);
        VxlanHeader.write(b, 0, 0xABCDEF);
        assertEquals(0xABCDEF, VxlanHeader.vni(b, 0));
        assertEquals("08000000abcdef00", hex(b));
    }

    @Test
    void rfc7348Section5IgnoresEveryBitButIOnReceive() {
        final ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0xFF, 1, 2, 3, 0, 0, 7, (byte) 0x99});
        assertEquals(VxlanHeader.OK, VxlanHeader.check(b, 0, 8));
        assertEquals(7, VxlanHeader.vni(b, 0), "the reserved low byte is not part of the VNI");
    }

    @Test
    void rfc7348Section5RefusesAHeaderWithoutTheIFlag() {
        final ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0xF7, 0, 0, 0, 0, 0, 1, 0});
        assertEquals(VxlanHeader.NO_I_FLAG, VxlanHeader.check(b, 0, 8));
    }

    @Test
    void refusesATruncatedHeader() {
        final ByteBuffer b = ByteBuffer.wrap(new byte[] {8, 0, 0, 0, 0, 0, 1, 0});
        for (int n = 0; n < 8; n++) {
            assertEquals(VxlanHeader.TRUNCATED, VxlanHeader.check(b, 0, n));
        }
    }

    @Test
    void settingsParseTheCommandLineForms() {
        final VxlanSettings s = VxlanSettings.builder().local("10.0.0.1").peer("10.0.0.2").peer("10.0.0.3:8472")
            .group("239.1.1.1,veth0").vni("42=10").vni("7").innerMtu(8950).build();
        assertEquals(4789, s.localPort());
        assertEquals("[10.0.0.2:4789, 10.0.0.3:8472]", s.peers().toString());
        assertEquals("veth0", s.groupInterface());
        assertEquals("{7=0, 42=10}", s.vniToVlan().toString());
        assertEquals("{1=0}", VxlanSettings.builder().local("10.0.0.1:5000").peer("10.0.0.2").build()
            .vniToVlan().toString(), "default: VNI 1 is VLAN 0");
    }

    @Test
    void settingsNameTheBadValue() {
        assertEquals("'16777216' (expected: a VNI 1..16777215)", assertThrows(IllegalArgumentException.class,
            () -> VxlanSettings.builder().vni("16777216")).getMessage());
        assertEquals("'10.0.0.1' (expected: an IPv4 multicast group 224.0.0.0/4)",
            assertThrows(IllegalArgumentException.class, () -> VxlanSettings.builder().group("10.0.0.1"))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> VxlanSettings.builder().vni("1=10").vni("2=10"));
        assertThrows(IllegalArgumentException.class, () -> VxlanSettings.builder().peer("10.0.0.2:0"));
        assertThrows(IllegalArgumentException.class, () -> VxlanSettings.builder().local("10.0.0.1").build());
    }

    private static String hex(final ByteBuffer b) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.capacity(); i++) {
            sb.append(String.format("%02x", b.get(i)));
        }
        return sb.toString();
    }
}
