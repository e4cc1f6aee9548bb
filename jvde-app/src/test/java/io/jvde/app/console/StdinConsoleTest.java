package io.jvde.app.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StdinConsoleTest {
    private final ConsoleFixture fx = new ConsoleFixture(null);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final AtomicInteger eofs = new AtomicInteger();

    private StdinConsole console(final String input, final OutputStream prompt) {
        return new StdinConsole(fx.console, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                prompt, eofs::incrementAndGet);
    }

    @Test
    void shouldAnswerTheNixosReadinessProbeOnStdoutAndReportEof() {
        console("showinfo\n", null).run();
        assertEquals(fx.run("showinfo"), out.toString(StandardCharsets.UTF_8));
        assertEquals(1, eofs.get());
    }

    @Test
    void shouldRunEveryLineOfOneWriteInOrder() {
        console("ds/showinfo\nbogus\n\n# c\nds/showinfo", null).run();
        assertEquals(fx.run("ds/showinfo") + "1038 Function not implemented\n" + fx.run("ds/showinfo"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteThePromptOnlyToTheTerminal() {
        final ByteArrayOutputStream tty = new ByteArrayOutputStream();
        console("bogus\n\n", tty).run();
        assertEquals("1038 Function not implemented\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("\nvde$ \nvde$ ", tty.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintNothingForLogoutAndKeepReading() {
        console("logout\nds/showinfo\n", null).run();
        assertEquals(fx.run("ds/showinfo"), out.toString(StandardCharsets.UTF_8));
        assertEquals(1, eofs.get());
    }

    @Test
    void shouldStopReadingAndRequestShutdownOnShutdown() {
        console("shutdown\nds/showinfo\n", null).run();
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(1, fx.shutdowns.get());
        assertEquals(0, eofs.get());
    }

    @Test
    void shouldTreatAReadErrorAsEndOfInput() {
        final InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("EIO");
            }
        };
        new StdinConsole(fx.console, failing, out, null, eofs::incrementAndGet).run();
        assertEquals(1, eofs.get());
    }

    @Test
    void shouldKeepServingWhenStdoutIsGone() {
        final OutputStream closed = new OutputStream() {
            @Override
            public void write(final int b) throws IOException {
                throw new IOException("EPIPE");
            }
        };
        new StdinConsole(fx.console, new ByteArrayInputStream("showinfo\nshutdown\n".getBytes(StandardCharsets.UTF_8)),
                closed, null, eofs::incrementAndGet).run();
        assertEquals(1, fx.shutdowns.get());
    }
}
