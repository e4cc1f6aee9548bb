package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DhcpMessageTest {
    private static final int DHCP = 14 + 20 + 8;

    @Test
    void shouldChainOffsetsToTheLayoutOfRfc2131Figure1() {
        assertEquals(28, DhcpMessage.CHADDR_OFFSET);
        assertEquals(44, DhcpMessage.SNAME_OFFSET);
        assertEquals(108, DhcpMessage.FILE_OFFSET);
        assertEquals(236, DhcpMessage.COOKIE_OFFSET);
        assertEquals(240, DhcpMessage.OPTIONS_OFFSET);
    }

    @Nested
    class CapturedDhclientDiscover {
        private final ByteBuf frame = ChecksumsTest.golden("dhclient_discover.bin");
        private final DhcpMessage msg = new DhcpMessage().wrap(frame, DHCP, frame.capacity() - DHCP);

        @Test
        void shouldValidate() {
            assertEquals(DhcpDropReason.OK, msg.validate());
        }

        @Test
        void shouldReadTheHeaderFields() {
            assertEquals(DhcpMessage.OP_BOOTREQUEST, msg.op());
            assertEquals(0xcb9a8a19, msg.xid());
            assertEquals(Bytes.mac("52:54:00:12:01:05"), msg.chaddr());
            assertFalse(msg.broadcast());
            assertEquals(0, msg.ciaddr());
            assertEquals(0, msg.giaddr());
        }

        @Test
        void shouldFindTheHostNameAndParameterRequestList() {
            final DhcpOptionCursor c = new DhcpOptionCursor().wrap(msg);
            final StringBuilder codes = new StringBuilder();
            String host = null;
            while (c.next()) {
                codes.append(c.code()).append(' ');
                if (c.code() == DhcpOptionCode.HOST_NAME) {
                    final byte[] v = new byte[c.valueLength()];
                    frame.getBytes(c.valueOffset(), v);
                    host = new String(v, java.nio.charset.StandardCharsets.US_ASCII);
                }
            }
            assertEquals("53 12 55 ", codes.toString());
            assertEquals("vm", host);
            assertEquals(DhcpDropReason.OK, c.error());
        }
    }

    @Nested
    class Validation {
        @Test
        void shouldRejectEveryPrefixShorterThanHeaderAndCookieAsTruncated() {
            final byte[] m = ClientFrame.discover("52:54:00:00:00:01").message();
            for (int len = 0; len < DhcpMessage.MIN_LENGTH; len++) {
                assertEquals(DhcpDropReason.TRUNCATED.id(), validate(m, len), "length " + len);
            }
        }

        @Test
        void shouldRejectAnHtypeOtherThanEthernet() {
            final byte[] m = ClientFrame.discover("52:54:00:00:00:01").htype(6).message();
            assertEquals(DhcpDropReason.BAD_HTYPE.id(), validate(m, m.length));
        }

        @Test
        void shouldRejectAnHlenOtherThanSix() {
            for (final int hlen : new int[] {0, 5, 7, 16, 255}) {
                final byte[] m = ClientFrame.discover("52:54:00:00:00:01").hlen(hlen).message();
                assertEquals(DhcpDropReason.BAD_HLEN.id(), validate(m, m.length), "hlen " + hlen);
            }
        }

        @Test
        void shouldRejectAWrongMagicCookie() {
            final byte[] m = ClientFrame.discover("52:54:00:00:00:01").cookie(0x63825364).message();
            assertEquals(DhcpDropReason.BAD_COOKIE.id(), validate(m, m.length));
        }

        @Test
        void shouldRejectAMessageLongerThanAnEthernetMtuAllows() {
            final byte[] m = ClientFrame.discover("52:54:00:00:00:01").padTo(DhcpMessage.MAX_LENGTH + 1).message();
            assertEquals(DhcpDropReason.OVERSIZED.id(), validate(m, m.length));
        }

        @Test
        void shouldAcceptAMessageOfExactlyTheMaximumLength() {
            final byte[] m = ClientFrame.discover("52:54:00:00:00:01").padTo(DhcpMessage.MAX_LENGTH).message();
            assertEquals(DhcpDropReason.OK, validate(m, m.length));
        }

        private int validate(final byte[] m, final int len) {
            return new DhcpMessage().wrap(Unpooled.wrappedBuffer(m), 0, len).validate();
        }
    }
}
