package io.jvde.dhcp.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvde.dhcp.testsupport.FuzzFrames;

/**
 * The DHCP guard's classifier on the ingress path, on fuzzed frames from trusted and untrusted ports. Contract: it
 * never throws; a refused frame counts exactly one drop; an admitted one counts none; a DHCP server message (UDP 67
 * to 68) from an untrusted port of a guarded VLAN is never admitted.
 */
class DhcpGuardFuzzTest {
    private static final String[] ADDRESSES = {"192.168.1.10", "192.168.1.1", "0.0.0.0", "10.0.0.1"};

    @FuzzTest(maxDuration = "10s")
    void everyRefusalIsCountedAndRogueServersNeverPass(final FuzzedDataProvider data) {
        final GuardFixture g = new GuardFixture(GuardSettings.builder());
        for (int i = 0; i < 32 && data.remainingBytes() > 0; i++) {
            g.advanceMillis(data.consumeInt(0, 2000));
            final int port = data.consumeInt(1, 4);
            final int vid = data.consumeBoolean() ? GuardFixture.VID : data.consumeInt(0, 4095);
            final byte[] frame = FuzzFrames.next(data, ADDRESSES);
            final long before = g.guard.counters().totalDrops();
            final boolean admitted = g.admit(frame, port, vid);
            final long after = g.guard.counters().totalDrops();
            assertEquals(admitted ? before : before + 1, after, (admitted ? "admitted" : "refused") + " frame: "
                + "drops counted");
            if (vid == GuardFixture.VID && port != GuardFixture.TRUSTED && serverMessage(frame)) {
                assertFalse(admitted, "a server message from untrusted port " + port + " passed");
            }
        }
    }

    /** An untagged IPv4/UDP frame from port 67 to 68 (what FuzzFrames builds as a server message). */
    private static boolean serverMessage(final byte[] f) {
        if (f.length < 42 || f[12] != 0x08 || f[13] != 0x00 || (f[14] & 0xF0) != 0x40 || f[23] != 17) {
            return false;
        }
        final int ihl = (f[14] & 0x0F) * 4;
        if (f.length < 14 + ihl + 8) {
            return false;
        }
        final int src = ((f[14 + ihl] & 0xFF) << 8) | (f[15 + ihl] & 0xFF);
        final int dst = ((f[16 + ihl] & 0xFF) << 8) | (f[17 + ihl] & 0xFF);
        return src == 67 && dst == 68;
    }
}
