package io.jvde.app.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CNumbersTest {
    @Test
    void shouldReadDecimal() {
        assertEquals(10, CNumbers.parseInt("10"));
        assertEquals(0, CNumbers.parseInt("0"));
        assertEquals(-5, CNumbers.parseInt("-5"));
        assertEquals(7, CNumbers.parseInt("+7"));
    }

    @Test
    void shouldReadHexWithZeroXPrefix() {
        assertEquals(16, CNumbers.parseInt("0x10"));
        assertEquals(255, CNumbers.parseInt("0XfF"));
    }

    @Test
    void shouldReadOctalWithLeadingZero() {
        assertEquals(8, CNumbers.parseInt("010"));
        assertEquals(0600, CNumbers.parseInt("0600"));
    }

    @Test
    void shouldRejectWhatCWouldReadOnlyPartly() {
        assertThrows(NumberFormatException.class, () -> CNumbers.parseInt("12abc"));
        assertThrows(NumberFormatException.class, () -> CNumbers.parseInt("09"));
        assertThrows(NumberFormatException.class, () -> CNumbers.parseInt("0x"));
        assertThrows(NumberFormatException.class, () -> CNumbers.parseInt(""));
        assertThrows(NumberFormatException.class, () -> CNumbers.parseInt("--1"));
    }

    @Test
    void shouldRejectNumbersBeyond32Bits() {
        assertEquals(Integer.MAX_VALUE, CNumbers.parseInt("2147483647"));
        assertEquals(Integer.MIN_VALUE, CNumbers.parseInt("-2147483648"));
        assertThrows(NumberFormatException.class, () -> CNumbers.parseInt("2147483648"));
    }
}
