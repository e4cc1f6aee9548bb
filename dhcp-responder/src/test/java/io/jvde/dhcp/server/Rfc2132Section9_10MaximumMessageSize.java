package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import org.junit.jupiter.api.Test;

/** RFC 2131 §2 (576-byte minimum) and RFC 2132 §9.10 (option 57). */
class Rfc2132Section9_10MaximumMessageSize {
    private static final String A = "52:54:00:aa:00:01";

    /** A scope whose options together exceed what fits into 576 bytes. */
    private static Scope big() {
        final Scope.Builder b = Harness.lan();
        for (int code = 224; code < 232; code++) {
            b.option(code, new byte[60]);
        }
        return b.build();
    }

    private static int[] prl() {
        final int[] codes = new int[10];
        codes[0] = 1;
        codes[1] = 3;
        for (int i = 2; i < 10; i++) {
            codes[i] = 222 + i;
        }
        return codes;
    }

    @Test
    void shouldKeepTheReplyWithin576BytesWithoutOption57() {
        try (Harness h = Harness.of(big())) {
            h.send(ClientFrame.discover(A).prl(prl()));
            final ReplyView r = h.reply();
            assertTrue(r.ipTotalLength <= 576, "datagram " + r.ipTotalLength);
            assertTrue(h.events.lastLine().contains("omitted"), h.events.lastLine());
            assertTrue(r.has(3), "options earlier in the request list still fit");
        }
    }

    @Test
    void shouldUseTheLargerSizeTheClientAdvertises() {
        try (Harness h = Harness.of(big())) {
            h.send(ClientFrame.discover(A).prl(prl()).maxMessageSize(1500));
            final ReplyView r = h.reply();
            assertTrue(r.ipTotalLength > 576, "datagram " + r.ipTotalLength);
            for (int code = 224; code < 232; code++) {
                assertTrue(r.has(code), "option " + code);
            }
        }
    }

    @Test
    void shouldIgnoreAnOption57BelowTheLegalMinimum() {
        try (Harness h = Harness.of(big())) {
            h.send(ClientFrame.discover(A).prl(prl()).maxMessageSize(300));
            assertTrue(h.reply().ipTotalLength <= 576);
            assertTrue(h.reply().ipTotalLength > 300);
        }
    }

    @Test
    void shouldNeverExceedTheScopeMtu() {
        try (Harness h = Harness.of(Harness.lan().mtu(600).option(224, new byte[250]).option(225, new byte[250])
            .build())) {
            h.send(ClientFrame.discover(A).prl(1, 224, 225).maxMessageSize(1500));
            assertTrue(h.reply().ipTotalLength <= 600, "datagram " + h.reply().ipTotalLength);
            assertEquals(2, h.reply().messageType());
        }
    }
}
