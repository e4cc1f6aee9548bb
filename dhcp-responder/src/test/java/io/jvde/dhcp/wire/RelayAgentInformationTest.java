package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RelayAgentInformationTest {
    @Test
    void shouldWalkSubOptionsInWireOrder() {
        final ByteBuf v = Unpooled.wrappedBuffer(Bytes.hex("0103 657468 0202 abcd 0504 0a000001"));
        final RelayAgentInformation rai = new RelayAgentInformation().wrap(v, 0, v.capacity());
        assertTrue(rai.next());
        assertEquals(RelayAgentInformation.CIRCUIT_ID, rai.code());
        assertEquals(3, rai.valueLength());
        assertTrue(rai.next());
        assertEquals(RelayAgentInformation.REMOTE_ID, rai.code());
        assertTrue(rai.next());
        assertEquals(RelayAgentInformation.LINK_SELECTION, rai.code());
        assertEquals(Bytes.ip("10.0.0.1"), v.getInt(rai.valueOffset()));
        assertFalse(rai.next());
        assertFalse(rai.malformed());
    }

    @Test
    void shouldStopAtASubOptionThatRunsPastTheOption() {
        final ByteBuf v = Unpooled.wrappedBuffer(Bytes.hex("0101 61 0209 ab"));
        final RelayAgentInformation rai = new RelayAgentInformation().wrap(v, 0, v.capacity());
        assertTrue(rai.next());
        assertFalse(rai.next());
        assertTrue(rai.malformed());
    }
}
