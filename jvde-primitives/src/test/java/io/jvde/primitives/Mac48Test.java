package io.jvde.primitives;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mac48Test {

    @Nested
    class Text {
        @Test
        void shouldWriteLowercaseTwoDigitOctetsSeparatedByColons() {
            assertEquals("02:00:00:00:00:0a", Mac48.toString(0x0200_0000_000AL));
            assertEquals("aa:bb:cc:dd:ee:ff", Mac48.toString(0xAABB_CCDD_EEFFL));
            assertEquals("00:00:00:00:00:00", Mac48.toString(0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"aa:bb:cc:dd:ee:0f", "AA:BB:CC:DD:EE:0F", "aa-bb-cc-dd-ee-0f", "aa.bb.cc.dd.ee.0f",
            "aabb.ccdd.ee0f", "aa:bb:cc:dd:ee:f"})
        void shouldParseEverySupportedForm(final String text) {
            assertEquals(0xAABB_CCDD_EE0FL, Mac48.parse(text));
        }

        @Test
        void shouldParseSingleDigitOctets() {
            assertEquals(0x0200_0000_000AL, Mac48.parse("2:0:0:0:0:a"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "aa", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa:bb-cc:dd:ee:ff",
            "gg:bb:cc:dd:ee:ff", "aaa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:", ":bb:cc:dd:ee:ff", "aabb:ccdd:eeff",
            "aabb.ccdd.eef", "aa:bb:cc:dd:ee:ff ", "aabbccddeeff", "aa::cc:dd:ee:ff", "\u0663a:bb:cc:dd:ee:ff"})
        void shouldRejectMalformedTextNamingTheInput(final String text) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mac48.parse(text));
            assertTrue(e.getMessage().startsWith("mac: \"" + text + "\""), e.getMessage());
            assertEquals(-1, Mac48.tryParse(text));
        }

        @Test
        void shouldRoundTripRandomAddresses() {
            final SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < 1000; i++) {
                final long mac = random.nextLong() & Mac48.MASK;
                assertEquals(mac, Mac48.parse(Mac48.toString(mac)));
            }
        }
    }

    @Nested
    class Bits {
        @Test
        void shouldTreatTheLowBitOfTheFirstOctetAsGroupBit() {
            assertTrue(Mac48.isGroup(Mac48.parse("01:00:5e:00:00:01")));
            assertTrue(Mac48.isGroup(Mac48.parse("33:33:00:00:00:01")));
            assertTrue(Mac48.isGroup(Mac48.BROADCAST));
            assertFalse(Mac48.isGroup(Mac48.parse("02:00:00:00:00:01")));
            assertFalse(Mac48.isGroup(Mac48.parse("00:00:00:00:00:01")));
        }

        @Test
        void shouldRecogniseBroadcastAndLocalAddresses() {
            assertTrue(Mac48.isBroadcast(0xFFFF_FFFF_FFFFL));
            assertFalse(Mac48.isBroadcast(0xFFFF_FFFF_FFFEL));
            assertTrue(Mac48.isLocal(Mac48.parse("02:00:00:00:00:01")));
            assertFalse(Mac48.isLocal(Mac48.parse("52:54:00:12:34:56") & ~Mac48.LOCAL_BIT));
        }
    }

    @Nested
    class Bytes {
        @Test
        void shouldReadAndWriteSixOctetsBigEndianAtAnIndex() {
            final ByteBuffer buf = ByteBuffer.allocate(16);
            Mac48.write(buf, 3, 0x0102_0304_0506L);
            assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3, 4, 5, 6, 0}, java.util.Arrays.copyOf(buf.array(), 10));
            assertEquals(0x0102_0304_0506L, Mac48.read(buf, 3));
        }

        @Test
        void shouldConvertToAndFromByteArrays() {
            final byte[] bytes = {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD, (byte) 0xEE, (byte) 0xFF};
            assertEquals(0xAABB_CCDD_EEFFL, Mac48.fromBytes(bytes, 0));
            assertArrayEquals(bytes, Mac48.toBytes(0xAABB_CCDD_EEFFL));
        }
    }
}
