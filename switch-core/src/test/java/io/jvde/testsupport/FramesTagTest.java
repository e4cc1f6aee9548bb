package io.jvde.testsupport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The 802.1Q helpers of {@link Frames}, against bytes written out by hand (IEEE 802.1Q-2018 9.3 layout). */
class FramesTagTest {
    private static final String DST = "ffffffffffff";
    private static final String SRC = "025000000001";

    @Test
    void shouldInsertTheTagAfterTheSourceAddress() {
        final byte[] untagged = Frames.broadcast(0x0250_0000_0001L, 18);
        assertEquals(DST + SRC + "88b5" + "00010203", Frames.hex(untagged));
        assertEquals(DST + SRC + "8100" + "a00a" + "88b5" + "00010203", Frames.hex(Frames.withTag(untagged, 0xa00a)));
    }

    @Test
    void shouldRemoveTheTagAndBeTheInverseOfInsertion() {
        final byte[] tagged = Frames.tagged(Frames.BROADCAST, 0x0250_0000_0001L, 0x6014, 0x88B5, 22);
        assertEquals(0x6014, Frames.tci(tagged));
        assertEquals(DST + SRC + "88b5" + "00010203", Frames.hex(Frames.withoutTag(tagged)));
        assertArrayEquals(tagged, Frames.withTag(Frames.withoutTag(tagged), 0x6014));
    }

    @Test
    void shouldRefuseToStripAnUntaggedFrameAndReportNoTci() {
        final byte[] untagged = Frames.broadcast(0x0250_0000_0001L, 60);
        assertEquals(-1, Frames.tci(untagged));
        assertThrows(IllegalArgumentException.class, () -> Frames.withoutTag(untagged));
    }
}
