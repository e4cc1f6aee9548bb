package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.TestChecksums;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    private static final int ETH = 14;
    private static final int UDP = ETH + 20;

    @Nested
    class Rfc1071 {
        @Test
        void shouldReproduceTheNumericalExampleOfSection3() {
            // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is its complement 220d
            final ByteBuf buf = Unpooled.wrappedBuffer(Bytes.hex("0001f203f4f5f6f7"));
            assertEquals(0xddf2, Checksums.fold(Checksums.add(buf, 0, 8, 0)));
            assertEquals(0x220d, Checksums.checksum(buf, 0, 8));
        }

        @Test
        void shouldPadAnOddTrailingOctetWithZero() {
            final ByteBuf odd = Unpooled.wrappedBuffer(Bytes.hex("0001f203f4f5f6f7ab"));
            final ByteBuf even = Unpooled.wrappedBuffer(Bytes.hex("0001f203f4f5f6f7ab00"));
            assertEquals(Checksums.checksum(even, 0, 10), Checksums.checksum(odd, 0, 9));
        }

        @Test
        void shouldAgreeWithAnIndependentWordByWordImplementation() {
            final Random random = new Random(42);
            for (int len = 0; len < 200; len++) {
                final byte[] data = new byte[len + 3];
                random.nextBytes(data);
                final ByteBuf buf = Unpooled.wrappedBuffer(data);
                assertEquals(TestChecksums.checksum(data, 3, len), Checksums.checksum(buf, 3, len), "length " + len);
            }
        }
    }

    @Nested
    class KnownGoodPackets {
        @Test
        void shouldVerifyTheIpv4HeaderOfACapturedDhclientDiscover() {
            final ByteBuf frame = golden("dhclient_discover.bin");
            assertTrue(Checksums.verifies(frame, ETH, 20));
        }

        @Test
        void shouldVerifyTheUdpChecksumOfCapturedDhclientAndUdhcpcDiscovers() {
            for (final String name : new String[] {"dhclient_discover.bin", "udhcpc_discover.bin"}) {
                final ByteBuf frame = golden(name);
                final int udpLength = UdpHeader.length(frame, UDP);
                assertTrue(Checksums.udpVerifies(frame, UDP, udpLength, 0, -1), name);
            }
        }

        @Test
        void shouldRecomputeTheSameChecksumsTheClientsSent() {
            for (final String name : new String[] {"dhclient_discover.bin", "udhcpc_discover.bin"}) {
                final ByteBuf frame = golden(name);
                final int ipSum = frame.getUnsignedShort(ETH + Ipv4Header.CHECKSUM_OFFSET);
                final int udpSum = UdpHeader.checksum(frame, UDP);
                frame.setShort(ETH + Ipv4Header.CHECKSUM_OFFSET, 0);
                assertEquals(ipSum, Checksums.checksum(frame, ETH, 20), name);
                final int udpLength = UdpHeader.length(frame, UDP);
                UdpHeader.checksum(frame, UDP, udpLength, 0, -1);
                assertEquals(udpSum, UdpHeader.checksum(frame, UDP), name);
            }
        }

        @Test
        void shouldRejectACapturedDiscoverWithOneFlippedPayloadBit() {
            final ByteBuf frame = golden("dhclient_discover.bin");
            frame.setByte(UDP + 8 + 100, frame.getByte(UDP + 8 + 100) ^ 0x01);
            assertFalse(Checksums.udpVerifies(frame, UDP, UdpHeader.length(frame, UDP), 0, -1));
        }
    }

    @Test
    void shouldSendAComputedZeroUdpChecksumAsAllOnes() {
        // RFC 768: zero means "no checksum", so a sum that complements to zero goes out as 0xffff. Search a
        // two-byte payload that makes the complement zero.
        final ByteBuf udp = Unpooled.buffer(10);
        UdpHeader.write(udp, 0, 67, 68, 10);
        for (int v = 0; v <= 0xFFFF; v++) {
            udp.setShort(8, v);
            udp.setShort(UdpHeader.CHECKSUM_OFFSET, 0);
            if (Checksums.fold(Checksums.add(udp, 0, 10, Checksums.udpPseudoHeader(1, 2, 10))) == 0xFFFF) {
                assertEquals(0xFFFF, Checksums.udp(udp, 0, 10, 1, 2));
                return;
            }
        }
        throw new AssertionError("no payload produced a zero checksum");
    }

    @Test
    void shouldAcceptAnAbsentUdpChecksum() {
        final ByteBuf frame = golden("dhclient_discover.bin");
        frame.setShort(UDP + UdpHeader.CHECKSUM_OFFSET, 0);
        assertTrue(Checksums.udpVerifies(frame, UDP, UdpHeader.length(frame, UDP), 0, -1));
    }

    static ByteBuf golden(final String name) {
        return Unpooled.wrappedBuffer(Bytes.resource(ChecksumsTest.class, name));
    }
}
