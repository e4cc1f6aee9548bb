package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvde.dhcp.testsupport.Bytes;
import org.junit.jupiter.api.Test;

class Rfc3442ClasslessRouteOptionTest {
    private static final int GW = Bytes.ip("192.168.1.1");

    @Test
    void shouldEncodeTheDestinationDescriptorsOfSection2() {
        // RFC 3442 §2 table: subnet number / mask -> destination descriptor
        final int[] dst = {0, Bytes.ip("10.0.0.0"), Bytes.ip("10.0.0.0"), Bytes.ip("10.17.0.0"),
            Bytes.ip("10.27.129.0"), Bytes.ip("10.229.0.128"), Bytes.ip("10.198.122.47")};
        final int[] len = {0, 8, 24, 16, 24, 25, 32};
        final int[] gw = {GW, GW, GW, GW, GW, GW, GW};
        final String r = "c0a80101";
        final byte[] expected = Bytes.hex("00" + r
            + "080a" + r
            + "180a0000" + r
            + "100a11" + r
            + "180a1b81" + r
            + "190ae50080" + r
            + "200ac67a2f" + r);
        assertArrayEquals(expected, ClasslessRouteOption.encode(dst, len, gw));
    }

    @Test
    void shouldClearHostBitsBeyondThePrefix() {
        assertArrayEquals(Bytes.hex("100a11 c0a80101"),
            ClasslessRouteOption.encode(new int[] {Bytes.ip("10.17.99.99")}, new int[] {16}, new int[] {GW}));
    }

    @Test
    void shouldRejectAPrefixLengthAbove32() {
        assertThrows(IllegalArgumentException.class,
            () -> ClasslessRouteOption.encode(new int[] {0}, new int[] {33}, new int[] {GW}));
    }
}
