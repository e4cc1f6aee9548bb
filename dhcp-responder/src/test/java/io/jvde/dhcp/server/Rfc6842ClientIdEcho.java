package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import org.junit.jupiter.api.Test;

/** RFC 6842 §3: servers return the client identifier the client sent. */
class Rfc6842ClientIdEcho {
    private static final byte[] ID = Bytes.hex("ff 00000001 0001 0001 2b3c4d5e 525400aa0001");

    @Test
    void shouldEchoTheClientIdentifierInOfferAckAndNak() {
        try (Harness h = Harness.of(Harness.lan().build())) {
            h.send(ClientFrame.discover("52:54:00:aa:00:01").clientId(ID));
            assertArrayEquals(ID, h.reply().option(61));
            h.send(ClientFrame.request("52:54:00:aa:00:01").clientId(ID).requestedIp("10.0.0.1"));
            assertArrayEquals(ID, h.reply().option(61));
        }
    }

    @Test
    void shouldNotEchoWhenSwitchedOff() {
        try (Harness h = Harness.of(DhcpSettings.builder().echoClientId(false).scope(Harness.lan().build())
            .build())) {
            h.send(ClientFrame.discover("52:54:00:aa:00:01").clientId(ID));
            assertFalse(h.reply().has(61));
        }
    }
}
