package io.jvde.app.console;

import io.jvde.sw.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScriptsTest {
    @TempDir
    Path tmp;

    private final ConsoleFixture fx = new ConsoleFixture();

    @Test
    void shouldRunEveryCommandAndReportTheFailingOnes() throws IOException {
        final List<String> ran = new ArrayList<>();
        fx.registry.command("vlan/create", "N", "create", ctx -> ran.add(ctx.args()));
        final Path rc = tmp.resolve("vde_switch.rc");
        Files.writeString(rc, "# setup\nvlan/create 10\n\nbogus\nvlan/create 20\n");
        final List<String> failures = new ArrayList<>();
        final ConsoleSession session = Scripts.runRcFile(fx.console, rc, failures::add);
        assertEquals(List.of("10", "20"), ran);
        assertEquals(List.of(rc + ":3: bogus: 1038 Function not implemented"), failures);
        assertEquals(ConsoleSession.End.NONE, session.end());
    }

    @Test
    void shouldStopAtShutdownAndSaySo() throws IOException {
        final List<String> ran = new ArrayList<>();
        fx.registry.command("vlan/create", "N", "create", ctx -> ran.add(ctx.args()));
        final Path rc = tmp.resolve("rc");
        Files.writeString(rc, "vlan/create 1\nshutdown\nvlan/create 2\n");
        final ConsoleSession session = Scripts.runRcFile(fx.console, rc, f -> { });
        assertEquals(List.of("1"), ran);
        assertEquals(ConsoleSession.End.SHUTDOWN, session.end());
    }

    @Test
    void shouldFailWithEnoentForAMissingFile() {
        final ConsoleException e = assertThrows(ConsoleException.class,
            () -> Scripts.runRcFile(fx.console, tmp.resolve("missing"), f -> { }));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void shouldRefuseADeviceInsteadOfReadingItForever() {
        final ConsoleException e = assertThrows(ConsoleException.class, () -> Scripts.read(Path.of("/dev/zero")));
        assertEquals(Errno.EINVAL, e.errno());
    }
}
