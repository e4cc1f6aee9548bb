package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Test;

class DoraSmokeTest {
    @Test
    void shouldLeaseAnAddressInOneDiscoverOfferRequestAck() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            final ReplyView ack = h.dora("52:54:00:aa:bb:01");
            assertEquals(5, ack.messageType());
            assertTrue(ack.ipChecksumOk && ack.udpChecksumOk, ack.toString());
            final int a = ack.yiaddr;
            assertTrue(a >= Bytes.ip("192.168.1.100") && a <= Bytes.ip("192.168.1.199"), Bytes.ip(a));
            assertEquals(Bytes.ip("192.168.1.254"), ack.ipSrc);
            assertEquals(2, h.sink.count(), h.events.lines.toString());
            System.out.println(h.events.lines);
        }
    }
}
