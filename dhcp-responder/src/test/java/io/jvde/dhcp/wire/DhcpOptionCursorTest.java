package io.jvde.dhcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpOptionCursorTest {
    private static final String MAC = "52:54:00:00:00:01";

    @Test
    void shouldSkipPadAndStopAtEnd() {
        final ClientFrame f = ClientFrame.discover(MAC).rawOptions(new byte[] {0, 0, 12, 1, 'a', 0});
        assertEquals(List.of(53, 12), codes(f.message()));
    }

    @Test
    void shouldReadOptionsThenFileThenSnameWhenBothAreOverloaded() {
        // RFC 2131 §4.1: options field first, then file, then sname
        final byte[] file = {15, 3, 'f', 'o', 'o', (byte) 255};
        final byte[] sname = {12, 2, 'h', 'i', (byte) 255};
        final ClientFrame f = ClientFrame.discover(MAC).option(52, new byte[] {3}).file(file).sname(sname);
        assertEquals(List.of(53, 52, 15, 12), codes(f.message()));
    }

    @Test
    void shouldReadOnlySnameWhenOverloadIsTwo() {
        final ClientFrame f = ClientFrame.discover(MAC).option(52, new byte[] {2})
            .file(new byte[] {15, 1, 'x', (byte) 255}).sname(new byte[] {12, 1, 'y', (byte) 255});
        assertEquals(List.of(53, 52, 12), codes(f.message()));
    }

    @Test
    void shouldIgnoreFileAndSnameWithoutOverload() {
        final ClientFrame f = ClientFrame.discover(MAC).file(new byte[] {15, 1, 'x', (byte) 255});
        assertEquals(List.of(53), codes(f.message()));
    }

    @Test
    void shouldReportOptionOverloadInsideAnOverloadedFieldAsALoop() {
        final ClientFrame f = ClientFrame.discover(MAC).option(52, new byte[] {1})
            .file(new byte[] {52, 1, 3, (byte) 255});
        assertEquals(DhcpDropReason.OVERLOAD_LOOP.id(), error(f.message()));
    }

    @Test
    void shouldRejectOverloadValuesOutsideOneToThree() {
        for (final int v : new int[] {0, 4, 255}) {
            final ClientFrame f = ClientFrame.discover(MAC).option(52, new byte[] {(byte) v});
            assertEquals(DhcpDropReason.BAD_OVERLOAD.id(), error(f.message()), "value " + v);
        }
    }

    @Test
    void shouldRejectConflictingOverloadCopies() {
        final ClientFrame f = ClientFrame.discover(MAC).option(52, new byte[] {1}).option(52, new byte[] {2});
        assertEquals(DhcpDropReason.BAD_OVERLOAD.id(), error(f.message()));
    }

    @Test
    void shouldRejectAnOptionWhoseLengthRunsPastTheMessage() {
        final byte[] m = ClientFrame.discover(MAC).noEnd().rawOptions(new byte[] {55, 40, 1, 3}).message();
        assertEquals(DhcpDropReason.BAD_OPTION_LENGTH.id(), error(m));
    }

    @Test
    void shouldRejectAnOptionWhoseLengthRunsPastTheFileField() {
        final ClientFrame f = ClientFrame.discover(MAC).option(52, new byte[] {1})
            .file(new byte[] {15, (byte) 200, 'x'});
        assertEquals(DhcpDropReason.BAD_OPTION_LENGTH.id(), error(f.message()));
    }

    @Test
    void shouldReportACodeWithoutItsLengthOctetAsTruncated() {
        final byte[] m = ClientFrame.discover(MAC).noEnd().rawOptions(new byte[] {55}).message();
        assertEquals(DhcpDropReason.TRUNCATED.id(), error(m));
    }

    @Test
    void shouldAcceptAnOptionsFieldThatEndsWithoutEnd() {
        final byte[] m = ClientFrame.discover(MAC).noEnd().message();
        assertEquals(List.of(53), codes(m));
        assertEquals(DhcpDropReason.OK, error(m));
    }

    @Test
    void shouldGiveTheTlvOffsetOfEachOption() {
        final byte[] m = ClientFrame.discover(MAC).option(82, new byte[] {1, 1, 7}).message();
        final DhcpOptionCursor c = new DhcpOptionCursor().wrap(Unpooled.wrappedBuffer(m), 0, m.length);
        c.next();
        c.next();
        assertEquals(82, c.code());
        assertEquals(DhcpMessage.OPTIONS_OFFSET + 3, c.tlvOffset());
        assertEquals(c.tlvOffset() + 2, c.valueOffset());
        assertFalse(c.next());
    }

    private static List<Integer> codes(final byte[] m) {
        final DhcpOptionCursor c = new DhcpOptionCursor().wrap(Unpooled.wrappedBuffer(m), 0, m.length);
        final List<Integer> codes = new ArrayList<>();
        while (c.next()) {
            codes.add(c.code());
        }
        assertEquals(DhcpDropReason.OK, c.error());
        return codes;
    }

    private static int error(final byte[] m) {
        final DhcpOptionCursor c = new DhcpOptionCursor().wrap(Unpooled.wrappedBuffer(m), 0, m.length);
        while (c.next()) {
            // walk
        }
        return c.error();
    }
}
