package io.jvde.sw.frame;

import io.jvde.sw.forward.EgressAction;
import io.jvde.testsupport.Frames;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VlanTaggingTest {
    private static final String DST = "020000000002";
    private static final String SRC = "020000000001";
    private static final String PAYLOAD = "45000014deadbeef";
    private static final byte[] UNTAGGED = Frames.hex(DST + SRC + "0800" + PAYLOAD);
    private static final byte[] TAGGED_PCP5 = Frames.hex(DST + SRC + "8100a00a0800" + PAYLOAD);
    private static final byte[] TAGGED_PCP0 = Frames.hex(DST + SRC + "8100000a0800" + PAYLOAD);

    @Test
    void shouldPushTagInPlaceIntoTheHeadroom() {
        final ByteBuffer buf = Frames.direct(UNTAGGED, 4, 64);
        final int off = VlanTagging.pushTag(buf, 4, UNTAGGED.length, 0x000A);
        assertEquals(0, off);
        assertEquals(Frames.hex(TAGGED_PCP0), Frames.hex(Frames.bytes(buf, off, UNTAGGED.length + 4)));
    }

    @Test
    void shouldPopTagInPlaceDroppingThePcp() {
        final ByteBuffer buf = Frames.direct(TAGGED_PCP5, 4, 64);
        final int off = VlanTagging.popTag(buf, 4, TAGGED_PCP5.length);
        assertEquals(8, off);
        assertEquals(Frames.hex(UNTAGGED), Frames.hex(Frames.bytes(buf, off, TAGGED_PCP5.length - 4)));
    }

    @Test
    void shouldRestoreTheFrameWhenPopFollowsPush() {
        final ByteBuffer buf = Frames.direct(UNTAGGED, 4, 64);
        final int pushed = VlanTagging.pushTag(buf, 4, UNTAGGED.length, 0x000A);
        final int popped = VlanTagging.popTag(buf, pushed, UNTAGGED.length + 4);
        assertEquals(4, popped);
        assertEquals(Frames.hex(UNTAGGED), Frames.hex(Frames.bytes(buf, popped, UNTAGGED.length)));
    }

    @Test
    void shouldRefusePushWithoutHeadroom() {
        final ByteBuffer buf = Frames.direct(UNTAGGED, 3, 64);
        final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
            () -> VlanTagging.pushTag(buf, 3, UNTAGGED.length, 10));
        assertEquals("offset: 3 (expected: >= 4 bytes of headroom)", e.getMessage());
    }

    @Test
    void shouldRefusePopOfAFrameTooShortToCarryATag() {
        final ByteBuffer buf = Frames.direct(TAGGED_PCP5, 4, 64);
        assertThrows(IllegalArgumentException.class, () -> VlanTagging.popTag(buf, 4, 17));
    }

    @Test
    void shouldCopyAsIsKeepingTagAndPcp() {
        final ByteBuffer src = Frames.direct(TAGGED_PCP5, 4, 64);
        final ByteBuffer dst = ByteBuffer.allocateDirect(64);
        final int len = VlanTagging.copyVariant(src, 4, TAGGED_PCP5.length, EgressAction.AS_IS, 0, dst, 10);
        assertEquals(TAGGED_PCP5.length, len);
        assertEquals(Frames.hex(TAGGED_PCP5), Frames.hex(Frames.bytes(dst, 10, len)));
    }

    @Test
    void shouldCopyWithAPushedTag() {
        final ByteBuffer src = Frames.direct(UNTAGGED, 4, 64);
        final ByteBuffer dst = ByteBuffer.allocateDirect(64);
        final int len = VlanTagging.copyVariant(src, 4, UNTAGGED.length, EgressAction.PUSH_TAG, 0x000A, dst, 0);
        assertEquals(UNTAGGED.length + 4, len);
        assertEquals(Frames.hex(TAGGED_PCP0), Frames.hex(Frames.bytes(dst, 0, len)));
    }

    @Test
    void shouldCopyWithThePoppedTag() {
        final ByteBuffer src = Frames.direct(TAGGED_PCP5, 4, 64);
        final ByteBuffer dst = ByteBuffer.allocate(64);
        final int len = VlanTagging.copyVariant(src, 4, TAGGED_PCP5.length, EgressAction.POP_TAG, 0, dst, 7);
        assertEquals(TAGGED_PCP5.length - 4, len);
        assertEquals(Frames.hex(UNTAGGED), Frames.hex(Frames.bytes(dst, 7, len)));
    }

    @Test
    void shouldApplyEachActionInPlace() {
        final ByteBuffer asIs = Frames.direct(TAGGED_PCP5, 4, 64);
        assertEquals(4, VlanTagging.applyInPlace(asIs, 4, TAGGED_PCP5.length, EgressAction.AS_IS, 0));
        assertEquals(Frames.hex(TAGGED_PCP5), Frames.hex(Frames.bytes(asIs, 4, TAGGED_PCP5.length)));

        final ByteBuffer push = Frames.direct(UNTAGGED, 4, 64);
        final int pushed = VlanTagging.applyInPlace(push, 4, UNTAGGED.length, EgressAction.PUSH_TAG, 0x000A);
        assertEquals(Frames.hex(TAGGED_PCP0), Frames.hex(Frames.bytes(push, pushed, UNTAGGED.length + 4)));

        final ByteBuffer pop = Frames.direct(TAGGED_PCP5, 4, 64);
        final int popped = VlanTagging.applyInPlace(pop, 4, TAGGED_PCP5.length, EgressAction.POP_TAG, 0);
        assertEquals(Frames.hex(UNTAGGED), Frames.hex(Frames.bytes(pop, popped, TAGGED_PCP5.length - 4)));
    }

    @Test
    void shouldGiveTheLengthOfEachVariant() {
        assertEquals(60, VlanTagging.variantLength(60, EgressAction.AS_IS));
        assertEquals(64, VlanTagging.variantLength(60, EgressAction.PUSH_TAG));
        assertEquals(60, VlanTagging.variantLength(64, EgressAction.POP_TAG));
        assertThrows(IllegalArgumentException.class, () -> VlanTagging.variantLength(60, 3));
    }

    @Test
    void shouldWriteTheTagForScatterGatherSends() {
        final ByteBuffer tag = ByteBuffer.allocate(4);
        VlanTagging.writeTag(tag, 0, EthernetFrame.tciOf(0, false, 4094));
        assertEquals("81000ffe", Frames.hex(tag.array()));
    }
}
