package io.jvde.sw.frame;

import io.jvde.primitives.Mac48;
import io.jvde.testsupport.Frames;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EthernetFrameTest {
    /** An ARP request from 52:54:00:12:34:56, broadcast (first 20 bytes of a QEMU guest's frame). */
    private static final byte[] ARP = Frames.hex("ffffffffffff 525400123456 0806 0001 0800 0604");
    /** An IPv4 frame tagged VID 10, PCP 5, from 02:00:00:00:00:01 to 02:00:00:00:00:02. */
    private static final byte[] TAGGED = Frames.hex("020000000002 020000000001 8100 a00a 0800 4500");

    @Test
    void shouldChainTheOffsetsAsIeee8021QDrawsThem() {
        assertEquals(0, EthernetFrame.DST_OFFSET);
        assertEquals(6, EthernetFrame.SRC_OFFSET);
        assertEquals(12, EthernetFrame.ETHER_TYPE_OFFSET);
        assertEquals(14, EthernetFrame.HEADER_LENGTH);
        assertEquals(14, EthernetFrame.TCI_OFFSET);
        assertEquals(16, EthernetFrame.INNER_ETHER_TYPE_OFFSET);
        assertEquals(18, EthernetFrame.TAGGED_HEADER_LENGTH);
        assertEquals(4, EthernetFrame.TAG_LENGTH);
        assertEquals(14, EthernetFrame.MIN_LENGTH);
        assertEquals(9234, EthernetFrame.MAX_LENGTH);
    }

    @Nested
    class StaticAccessors {
        @Test
        void shouldReadAnUntaggedHeaderAtAnAbsoluteOffset() {
            final ByteBuffer buf = Frames.direct(ARP, 100, 200);
            assertEquals(Mac48.BROADCAST, EthernetFrame.dst(buf, 100));
            assertEquals(0x5254_0012_3456L, EthernetFrame.src(buf, 100));
            assertEquals(EtherTypes.ARP, EthernetFrame.etherType(buf, 100));
            assertFalse(EthernetFrame.isTagged(buf, 100));
            assertEquals(0, buf.position(), "absolute access must not move the position");
        }

        @Test
        void shouldReadTheTagFields() {
            final ByteBuffer buf = Frames.direct(TAGGED, 4, 64);
            assertTrue(EthernetFrame.isTagged(buf, 4));
            assertEquals(0xA00A, EthernetFrame.tci(buf, 4));
            assertEquals(10, EthernetFrame.vid(buf, 4));
            assertEquals(5, EthernetFrame.pcp(buf, 4));
            assertEquals(EtherTypes.IPV4, EthernetFrame.innerEtherType(buf, 4));
        }

        @Test
        void shouldNotTreatQinQAsATag() {
            final ByteBuffer buf = ByteBuffer.wrap(Frames.untagged(1, 2, EtherTypes.QINQ, 60));
            assertFalse(EthernetFrame.isTagged(buf, 0));
        }

        @Test
        void shouldSplitAndBuildTci() {
            assertEquals(0xA00A, EthernetFrame.tciOf(5, false, 10));
            assertEquals(0x1FFF, EthernetFrame.tciOf(0, true, 4095));
            assertEquals(4095, EthernetFrame.vidOf(0xFFFF));
            assertEquals(7, EthernetFrame.pcpOf(0xFFFF));
            assertTrue(EthernetFrame.deiOf(0x1000));
            assertFalse(EthernetFrame.deiOf(0xEFFF));
        }

        @Test
        void shouldClassifyGroupAddresses() {
            assertTrue(EthernetFrame.isGroup(Mac48.BROADCAST));
            assertTrue(EthernetFrame.isGroup(0x0100_5E00_0001L));
            assertFalse(EthernetFrame.isGroup(0x5254_0012_3456L));
        }
    }

    @Nested
    class Flyweight {
        @Test
        void shouldReadThroughWrap() {
            final EthernetFrame frame = new EthernetFrame().wrap(Frames.direct(TAGGED, 4, 64), 4, TAGGED.length);
            assertEquals(0x0200_0000_0002L, frame.dst());
            assertEquals(0x0200_0000_0001L, frame.src());
            assertEquals(EtherTypes.VLAN, frame.etherType());
            assertTrue(frame.isTagged());
            assertEquals(10, frame.vid());
            assertEquals(5, frame.pcp());
            assertEquals(EtherTypes.IPV4, frame.innerEtherType());
            assertEquals(4 + 18, frame.payloadOffset());
        }

        @Test
        void shouldWriteFieldsAtTheirOffsets() {
            final ByteBuffer buf = ByteBuffer.allocate(24);
            new EthernetFrame().wrap(buf, 2, 20)
                .dst(0x0102_0304_0506L).src(0x0A0B_0C0D_0E0FL).etherType(EtherTypes.VLAN).tci(0x600A);
            assertEquals("0000" + "010203040506" + "0a0b0c0d0e0f" + "8100" + "600a" + "000000000000",
                Frames.hex(buf.array()));
        }

        @Test
        void shouldRejectLittleEndianBuffers() {
            final ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EthernetFrame().wrap(buf, 0, 60));
            assertEquals("buffer order: LITTLE_ENDIAN (expected: BIG_ENDIAN)", e.getMessage());
        }

        @Test
        void shouldRejectAFrameBeyondTheBuffer() {
            assertThrows(IndexOutOfBoundsException.class,
                () -> new EthernetFrame().wrap(ByteBuffer.allocate(64), 10, 60));
        }

        @Test
        void shouldDescribeItself() {
            final EthernetFrame frame = new EthernetFrame().wrap(ByteBuffer.wrap(TAGGED), 0, TAGGED.length);
            assertEquals("EthernetFrame(02:00:00:00:00:01 > 02:00:00:00:00:02 vid 10 pcp 5 IPv4, length 20)",
                frame.toString());
        }
    }
}
