package io.jvde.app.console;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineAssemblerTest {
    private final LineAssembler lines = new LineAssembler();

    private List<LineAssembler.Line> feed(final String s) {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return lines.feed(b, 0, b.length);
    }

    @Test
    void shouldReturnEveryLineOfAMultiLineWriteInOrder() {
        assertEquals(List.of(new LineAssembler.Line("port/showinfo", false),
                new LineAssembler.Line("hash/showinfo", false)), feed("port/showinfo\nhash/showinfo\n"));
    }

    @Test
    void shouldKeepAPartialLineUntilItsNewline() {
        assertEquals(List.of(), feed("show"));
        assertEquals(List.of(new LineAssembler.Line("showinfo", false)), feed("info\nds/"));
        assertEquals(new LineAssembler.Line("ds/", false), lines.finish());
        assertNull(lines.finish());
    }

    @Test
    void shouldMarkAnOverLongLineAndRecoverAfterIt() {
        final byte[] longLine = new byte[LineAssembler.MAX_LINE + 10];
        Arrays.fill(longLine, (byte) 'a');
        assertEquals(List.of(), lines.feed(longLine, 0, longLine.length));
        final List<LineAssembler.Line> out = feed("\nshowinfo\n");
        assertTrue(out.get(0).truncated());
        assertEquals(LineAssembler.MAX_LINE, out.get(0).text().length());
        assertFalse(out.get(1).truncated());
    }

    @Test
    void shouldRefuseAnOverLongLineInTheConsole() {
        final ConsoleFixture fx = new ConsoleFixture();
        final String answer = fx.console.execute(new LineAssembler.Line("x", true),
                new ConsoleSession(ConsoleSession.Kind.MGMT));
        assertEquals("line: longer than 65536 bytes (expected: one command per line)\n1007 Argument list too long\n",
                answer);
    }
}
