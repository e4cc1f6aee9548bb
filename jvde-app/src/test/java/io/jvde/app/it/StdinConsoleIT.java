package io.jvde.app.it;

import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import io.jvde.testsupport.VdePlugPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stdin console of a switch started as the tests start it (pipes, like the NixOS driver): the harness's
 * {@link SwitchUnderTest#console} works against both switches, and the data-socket name of an attached client
 * shows up where vde_switch puts it.
 */
@SlowTest
class StdinConsoleIT {
    static final Duration ANSWER = Duration.ofSeconds(5);

    @TempDir
    Path tmp;
    SwitchUnderTest sw;

    @AfterEach
    void stop() {
        if (sw != null) {
            sw.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldAnswerShowinfoWithADataBlockAndSuccess(final Kind kind) {
        sw = SwitchUnderTest.start(kind, tmp.resolve("sw"));
        final List<String> lines = sw.console("showinfo", ANSWER);
        assertEquals("0000 DATA END WITH '.'", lines.get(0), String.join("\n", lines));
        assertEquals("1000 Success", lines.get(lines.size() - 1), String.join("\n", lines));
        assertTrue(lines.contains("."), "data block ends with '.': " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("pid " + sw.pid() + " MAC ")),
            "showinfo names the switch's pid " + sw.pid() + ": " + lines);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldListAnAttachedVdePlugInPortPrint(final Kind kind) {
        sw = SwitchUnderTest.start(kind, tmp.resolve("sw"));
        try (VdePlugPeer peer = VdePlugPeer.attach(sw.directory(), VdePlugPeer.ANY_PORT, "console-peer")) {
            final List<String> lines = sw.console("port/print", ANSWER);
            assertEquals("1000 Success", lines.get(lines.size() - 1), String.join("\n", lines));
            final String port = String.format("Port %04d ", peer.port());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(port) && l.contains("ACTIVE")),
                port + "ACTIVE in " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("console-peer")), "description in " + lines);
        }
    }
}
