package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.DhcpOptionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one grammar of a configured option value and the one table of option names (--dhcp-option and YAML). */
@Timeout(10)
class OptionValueTest {
    @Test
    void hexAfter0xIsTheWireValueForAnyOption() {
        assertArrayEquals(new byte[] {(byte) 0xc0, (byte) 0xa8, 1, 2}, OptionValue.parse(150, "0xc0a80102"));
        assertArrayEquals(new byte[] {(byte) 0xAB}, OptionValue.parse(66, "0XaB"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValue.parse(150, "0xabc"))
            .getMessage().contains("even number of hex digits"));
        assertThrows(IllegalArgumentException.class, () -> OptionValue.parse(150, "0xzz"));
        assertThrows(IllegalArgumentException.class, () -> OptionValue.parse(150, "0x"));
    }

    @Test
    void addressOptionsTakeCommaSeparatedAddresses() {
        assertArrayEquals(new byte[] {10, 0, 0, 1, 10, 0, 0, 2}, OptionValue.parse(DhcpOptionCode.ROUTER,
            "10.0.0.1, 10.0.0.2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValue.parse(DhcpOptionCode.ROUTER,
            "gateway")).getMessage().startsWith("expected: IPv4 addresses"));
    }

    @Test
    void textOptionsStayTextEvenWhenTheyLookLikeAnAddress() {
        assertArrayEquals("192.168.1.2".getBytes(StandardCharsets.US_ASCII),
            OptionValue.parse(DhcpOptionCode.TFTP_SERVER_NAME, "192.168.1.2"));
    }

    @Test
    void domainSearchIsEncodedAsRfc1035Names() {
        assertArrayEquals(new byte[] {3, 'l', 'a', 'b', 0}, OptionValue.parse(DhcpOptionCode.DOMAIN_SEARCH, "lab"));
    }

    @Test
    void mtuIsASixteenBitNumber() {
        assertArrayEquals(new byte[] {0x05, 0x78}, OptionValue.parse(DhcpOptionCode.INTERFACE_MTU, "1400"));
        assertThrows(IllegalArgumentException.class, () -> OptionValue.parse(DhcpOptionCode.INTERFACE_MTU, "70000"));
    }

    @Test
    void anOptionWithoutATypeIsGuessedAsDnsmasqDoes() {
        assertArrayEquals(new byte[] {10, 0, 0, 1}, OptionValue.parse(252, "10.0.0.1"));
        assertArrayEquals("http://wpad/".getBytes(StandardCharsets.US_ASCII), OptionValue.parse(252, "http://wpad/"));
    }

    @Test
    void optionNamesAndNumbersComeFromOneTable() {
        assertEquals(DhcpOptionCode.ROUTER, DhcpOptionCode.parse("router"));
        assertEquals(DhcpOptionCode.DOMAIN_NAME_SERVER, DhcpOptionCode.parse("option:DNS-Server"));
        assertEquals(DhcpOptionCode.DOMAIN_SEARCH, DhcpOptionCode.parse("domain-search"));
        assertEquals(150, DhcpOptionCode.parse("150"));
        assertEquals(-1, DhcpOptionCode.parse("0"));
        assertEquals(-1, DhcpOptionCode.parse("255"));
        assertEquals(-1, DhcpOptionCode.parse("frobnicate"));
        assertTrue(DhcpOptionCode.expected().contains("tftp-server"), DhcpOptionCode.expected());
    }

    @Test
    void hexIdentifiersUseColonsBothWays() {
        assertArrayEquals(new byte[] {1, 0x52, 0x54}, Hex.parse("client-id", "01:52-54"));
        assertEquals("01:52:54", Hex.format(new byte[] {1, 0x52, 0x54}));
        assertThrows(IllegalArgumentException.class, () -> Hex.parse("client-id", "0g"));
    }
}
