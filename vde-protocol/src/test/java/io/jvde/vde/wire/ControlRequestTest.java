package io.jvde.vde.wire;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ControlRequestTest {
    /** The 150-byte request vde_plug (vdeplug4 4.0.1) sent, captured with strace (docs/protocol.md Appendix A). */
    static byte[] capturedVdePlugRequest() {
        final byte[] b = new byte[150];
        final byte[] head = HexFormat.of().parseHex("cefaedfe030000000000000001002f746d702f76742f73772f2e31303339302d3030303030");
        System.arraycopy(head, 0, b, 0, head.length);
        final byte[] descr = "vdeplug: user=root pid=10390".getBytes();
        System.arraycopy(descr, 0, b, 122, descr.length);
        return b;
    }

    @Test
    void shouldDecodeTheCapturedVdePlugRequest() {
        final ByteBuffer buf = ByteBuffer.wrap(capturedVdePlugRequest());
        assertEquals(ControlRequest.Check.OK, ControlRequest.check(buf, 0, 150));
        assertEquals(ControlRequest.MAGIC, ControlRequest.magic(buf, 0));
        assertEquals(3, ControlRequest.version(buf, 0));
        assertEquals(ControlRequest.KIND_NEW_CONTROL, ControlRequest.kind(buf, 0));
        assertEquals(0, ControlRequest.port(buf, 0));
        assertEquals("/tmp/vt/sw/.10390-00000", ControlRequest.clientPath(buf, 0));
        assertEquals("vdeplug: user=root pid=10390", ControlRequest.description(buf, 0, 150));
    }

    @Test
    void shouldEncodeByteForByteLikeLibvdeplug() {
        final ByteBuffer buf = ByteBuffer.allocate(ControlRequest.MAX_LENGTH);
        final int len = ControlRequest.encode(buf, 0, ControlRequest.KIND_NEW_CONTROL, 0, "/tmp/vt/sw/.10390-00000",
            "vdeplug: user=root pid=10390");
        assertEquals(150, len);
        final byte[] out = new byte[len];
        buf.get(0, out);
        assertEquals(HexFormat.of().formatHex(capturedVdePlugRequest()), HexFormat.of().formatHex(out));
    }

    @Nested
    class PortEncodings {
        private int typeWord(final int kind, final int port) {
            final ByteBuffer buf = ByteBuffer.allocate(ControlRequest.MAX_LENGTH);
            ControlRequest.encode(buf, 0, kind, port, "/x", "");
            return buf.getInt(ControlRequest.TYPE_OFFSET);
        }

        @Test
        void shouldEncodePort4As00040000() {
            assertEquals(0x00040000, typeWord(ControlRequest.KIND_NEW_CONTROL, 4));
        }

        @Test
        void shouldEncodePortZeroRequestAs01000000() {
            assertEquals(0x01000000, typeWord(ControlRequest.KIND_NEW_PORT0, 0));
        }

        @Test
        void shouldReadMinusOneAsNegativePortWithArithmeticShift() {
            final ByteBuffer buf = ByteBuffer.allocate(ControlRequest.MAX_LENGTH);
            ControlRequest.encode(buf, 0, 0, -1, "/x", "");
            assertEquals(-1, ControlRequest.port(buf, 0));
        }
    }

    @Nested
    class Check {
        @Test
        void shouldRejectBadMagicAsSoonAsFourBytesArrived() {
            final ByteBuffer buf = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
            assertEquals(ControlRequest.Check.BAD_MAGIC, ControlRequest.check(buf, 0, 4));
        }

        @Test
        void shouldRejectVersionsOtherThanThree() {
            for (final int v : new int[] {0, 1, 2, 4}) {
                final byte[] b = capturedVdePlugRequest();
                b[4] = (byte) v;
                assertEquals(ControlRequest.Check.BAD_VERSION, ControlRequest.check(ByteBuffer.wrap(b), 0, 150), "v" + v);
            }
        }

        @Test
        void shouldRejectRequestKindTwoAndAbove() {
            final byte[] b = capturedVdePlugRequest();
            b[8] = 2;
            assertEquals(ControlRequest.Check.BAD_KIND, ControlRequest.check(ByteBuffer.wrap(b), 0, 150));
        }

        @Test
        void shouldRejectNonUnixFamily() {
            final byte[] b = capturedVdePlugRequest();
            b[12] = 2;
            assertEquals(ControlRequest.Check.BAD_FAMILY, ControlRequest.check(ByteBuffer.wrap(b), 0, 150));
        }

        @Test
        void shouldRejectPathWithoutTerminator() {
            final byte[] b = capturedVdePlugRequest();
            for (int i = 14; i < 122; i++) {
                b[i] = 'a';
            }
            assertEquals(ControlRequest.Check.PATH_NOT_TERMINATED, ControlRequest.check(ByteBuffer.wrap(b), 0, 150));
        }

        @Test
        void shouldWaitForMoreOnEveryValidStrictPrefixShorterThanTheFixedPart() {
            final ByteBuffer buf = ByteBuffer.wrap(capturedVdePlugRequest());
            for (int len = 0; len < ControlRequest.MIN_LENGTH; len++) {
                assertEquals(ControlRequest.Check.INCOMPLETE, ControlRequest.check(buf, 0, len), "prefix " + len);
            }
            assertEquals(ControlRequest.Check.OK, ControlRequest.check(buf, 0, ControlRequest.MIN_LENGTH));
        }

        @Test
        void shouldRejectMoreThan250Bytes() {
            final ByteBuffer buf = ByteBuffer.allocate(300);
            buf.put(0, capturedVdePlugRequest());
            assertEquals(ControlRequest.Check.TOO_LONG, ControlRequest.check(buf, 0, 251));
        }
    }
}
