package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc3397DomainSearchOptionTest {
    @Test
    void shouldEncodeTheExampleOfSection3WithACompressionPointer() {
        // RFC 3397 §3: "eng.apple.com." and "marketing.apple.com." -> 27 octets, the second name ending in a
        // pointer to offset 4 ("apple.com")
        final byte[] expected = Bytes.hex("03656e67 056170706c65 03636f6d 00"
            + "096d61726b6574696e67 c004");
        assertArrayEquals(expected, DomainSearchOption.encode(List.of("eng.apple.com.", "marketing.apple.com.")));
    }

    @Test
    void shouldPointAtAWholeRepeatedName() {
        assertArrayEquals(Bytes.hex("0161 00 c000"), DomainSearchOption.encode(List.of("a", "a")));
    }

    @Test
    void shouldCompressCaseInsensitively() {
        assertArrayEquals(Bytes.hex("0162 0161 00 0163 c002"), DomainSearchOption.encode(List.of("b.a", "c.A")));
    }

    @Test
    void shouldRejectAnEmptyLabel() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DomainSearchOption.encode(List.of("a..b")));
        assertTrue(e.getMessage().contains("'a..b'") && e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void shouldRejectALabelLongerThan63Octets() {
        assertThrows(IllegalArgumentException.class, () -> DomainSearchOption.encode(List.of("x".repeat(64) + ".com")));
    }

    @Test
    void shouldRejectCharactersOutsideHostNames() {
        assertThrows(IllegalArgumentException.class, () -> DomainSearchOption.encode(List.of("exa mple.com")));
    }
}
