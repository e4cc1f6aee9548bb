package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressTextTest {
    @Test
    void shouldRoundTripIpv4Text() {
        for (final String s : new String[] {"0.0.0.0", "192.168.1.254", "255.255.255.255", "10.0.0.1"}) {
            assertEquals(s, Ipv4Address.toString(Ipv4Address.parse(s)));
        }
    }

    @Test
    void shouldNameTheTextAndTheExpectationWhenIpv4IsInvalid() {
        for (final String s : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "1..2.3"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(s));
            assertTrue(e.getMessage().startsWith("ipv4 address: " + s + " (expected: "), e.getMessage());
        }
    }

    @Test
    void shouldRoundTripMacText() {
        assertEquals("52:54:00:12:01:0a", MacAddress.toString(MacAddress.parse("52:54:00:12:01:0A")));
        assertEquals(0x5254_0012_010aL, MacAddress.parse("52-54-00-12-01-0a"));
    }

    @Test
    void shouldRejectMalformedMacText() {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("52:54:00:12:01"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("52:54:00:12:01:0g"));
    }
}
