package io.jvde.sw.vxlan;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as a received VXLAN datagram: the header check never throws, classifies by length and the I bit alone
 * (RFC 7348 §5: every other bit ignored), and a VNI read from a valid header survives a write and a read back.
 * Every build replays its seed corpus (the fuzz-regression execution, in a JVM of its own); {@code bin/fuzz
 * VxlanHeaderFuzzTest 10m} fuzzes it longer.
 */
class VxlanHeaderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anyDatagramIsClassifiedWithoutThrowing(final byte[] datagram) {
        final ByteBuffer b = ByteBuffer.wrap(datagram);
        final int r = VxlanHeader.check(b, 0, datagram.length);
        if (datagram.length < VxlanHeader.LENGTH) {
            assertEquals(VxlanHeader.TRUNCATED, r);
            return;
        }
        assertEquals((datagram[0] & 0x08) != 0 ? VxlanHeader.OK : VxlanHeader.NO_I_FLAG, r);
        final int vni = VxlanHeader.vni(b, 0);
        assertTrue(vni >= 0 && vni <= VxlanHeader.MAX_VNI, "vni " + vni);
        final ByteBuffer out = ByteBuffer.allocate(VxlanHeader.LENGTH);
        VxlanHeader.write(out, 0, vni);
        assertEquals(VxlanHeader.OK, VxlanHeader.check(out, 0, VxlanHeader.LENGTH));
        assertEquals(vni, VxlanHeader.vni(out, 0));
        assertEquals(0x08, out.get(0), "flags on send");
    }
}
