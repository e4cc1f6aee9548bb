package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DhcpOptionWriterTest {
    private final ByteBuf buf = Unpooled.buffer(1024, 1024);
    private final DhcpOptionWriter w = new DhcpOptionWriter();

    @Test
    void shouldKeepEndAsTheLastOption() {
        w.wrap(buf, 0, 100);
        w.putByte(53, 2);
        w.putInt(54, Bytes.ip("10.0.0.1"));
        final int end = w.finish(0);
        assertArrayEquals(Bytes.hex("350102 36040a000001 ff"), bytes(0, end));
    }

    @Test
    void shouldSplitValuesLongerThan255IntoConsecutiveInstances() {
        // RFC 3396 §5: the agent splits a long option into instances of at most 255 octets, same code, in order
        final byte[] value = new byte[300];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        w.wrap(buf, 0, 1000);
        assertTrue(w.put(119, value));
        final byte[] out = bytes(0, w.position());
        assertEquals(304, out.length);
        assertEquals(119, out[0] & 0xFF);
        assertEquals(255, out[1] & 0xFF);
        assertEquals(119, out[257] & 0xFF);
        assertEquals(45, out[258] & 0xFF);
        final byte[] joined = new byte[300];
        System.arraycopy(out, 2, joined, 0, 255);
        System.arraycopy(out, 259, joined, 255, 45);
        assertArrayEquals(value, joined);
        assertEquals(304, DhcpOptionWriter.encodedLength(300));
    }

    @Test
    void shouldWriteNothingWhenAnOptionDoesNotFit() {
        w.wrap(buf, 0, 10); // 9 usable bytes after END
        assertTrue(w.putInt(51, 3600));
        final int before = w.position();
        assertFalse(w.put(6, new byte[8]));
        assertEquals(before, w.position());
        assertTrue(w.putByte(53, 5));
        assertEquals(0, w.remaining());
    }

    @Test
    void shouldHoldReservedSpaceBackUntilReleased() {
        w.wrap(buf, 0, 20);
        assertTrue(w.reserve(10));
        assertFalse(w.put(6, new byte[8]));
        w.release(10);
        assertTrue(w.put(6, new byte[8]));
    }

    @Test
    void shouldCopyEncodedOptionsVerbatim() {
        final ByteBuf src = Unpooled.wrappedBuffer(Bytes.hex("aa 5205 0103616263 bb"));
        w.wrap(buf, 0, 100);
        assertTrue(w.putEncoded(src, 1, 7));
        assertArrayEquals(Bytes.hex("5205 0103616263"), bytes(0, 7));
    }

    @Test
    void shouldZeroPadToTheMinimumLength() {
        buf.setBytes(0, new byte[300]);
        Arrays.fill(buf.array(), (byte) 0x77);
        w.wrap(buf, 0, 1000);
        w.putByte(53, 2);
        final int end = w.finish(60);
        assertEquals(60, end);
        assertEquals(0xFF, buf.getUnsignedByte(3));
        for (int i = 4; i < 60; i++) {
            assertEquals(0, buf.getByte(i), "byte " + i);
        }
    }

    private byte[] bytes(final int from, final int to) {
        final byte[] b = new byte[to - from];
        buf.getBytes(from, b);
        return b;
    }
}
