package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenEnumTest {
    @Test
    void shouldNameKnownOptionCodes() {
        assertEquals("RELAY_AGENT_INFORMATION(82)", DhcpOptionCode.valueOf(82).toString());
        assertTrue(DhcpOptionCode.valueOf(DhcpOptionCode.DOMAIN_SEARCH).isKnown());
    }

    @Test
    void shouldReturnUnknownInsteadOfFailingForUnnamedCodes() {
        final DhcpOptionCode c = DhcpOptionCode.valueOf(224);
        assertEquals("UNKNOWN(224)", c.toString());
        assertFalse(c.isKnown());
        assertSame(c, DhcpOptionCode.valueOf(224), "instances are cached, so logging allocates nothing");
    }

    @Test
    void shouldNameMessageTypesTheWayRfc2132Does() {
        assertEquals("DHCPDISCOVER", DhcpMessageType.valueOf(1).toString());
        assertEquals("DHCPINFORM", DhcpMessageType.valueOf(DhcpMessageType.INFORM).toString());
        assertEquals("UNKNOWN(99)", DhcpMessageType.valueOf(99).toString());
    }
}
