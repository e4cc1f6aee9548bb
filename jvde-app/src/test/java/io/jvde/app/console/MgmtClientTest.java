package io.jvde.app.console;

import io.jvde.sw.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MgmtClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private ConsoleFixture fx;
    private MgmtServer server;

    @BeforeEach
    void open() throws IOException {
        fx = new ConsoleFixture(tmp.resolve("m"));
        fx.registry.command("port/create", "N", "create", ctx -> {
            throw new ConsoleException(Errno.EEXIST, "port/create: port 5 exists");
        });
        server = MgmtServer.open(tmp.resolve("m"), 0600, null, fx.console, fx.log::add);
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void shouldReturnDataLinesWithoutFraming() {
        final MgmtClient.Answer a = MgmtClient.run(server.path(), "ds/showinfo", TIMEOUT);
        assertEquals(new MgmtClient.Answer(MgmtClient.Outcome.SUCCESS,
                List.of("ctl dir /tmp/cap/sw", "std mode 0600"), "1000 Success"), a);
    }

    @Test
    void shouldReportAFailedCommandWithItsReasonAndStatus() {
        final MgmtClient.Answer a = MgmtClient.run(server.path(), "port/create 5", TIMEOUT);
        assertEquals(new MgmtClient.Answer(MgmtClient.Outcome.FAILED, List.of("port/create: port 5 exists"),
                "1017 File exists"), a);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        MgmtClient.print(a, new PrintWriter(out), new PrintWriter(err));
        assertEquals("", out.toString());
        assertEquals("port/create: port 5 exists\n1017 File exists\n", err.toString());
    }

    @Test
    void shouldTreatEndOfSessionAsSuccess() {
        assertEquals(MgmtClient.Outcome.SUCCESS, MgmtClient.run(server.path(), "shutdown", TIMEOUT).outcome());
        assertEquals(1, fx.shutdowns.get());
    }

    @Test
    void shouldReportANonAnsweringSocket() {
        final MgmtClient.Answer a = MgmtClient.run(tmp.resolve("none"), "showinfo", TIMEOUT);
        assertEquals(MgmtClient.Outcome.UNREACHABLE, a.outcome());
    }

    @Test
    void shouldParseUnknownCommandAsFailure() {
        assertEquals(new MgmtClient.Answer(MgmtClient.Outcome.FAILED, List.of(), "1038 Function not implemented"),
                MgmtClient.parse("1038 Function not implemented\n\nvde$ "));
    }

    @Test
    void shouldNotMistakeDataLinesForStatus() {
        assertEquals(new MgmtClient.Answer(MgmtClient.Outcome.SUCCESS, List.of("1000 looks like status"),
                "1000 Success"), MgmtClient.parse("0000 DATA END WITH '.'\n1000 looks like status\n.\n1000 Success\n"));
    }
}
