package io.jvde.app.console;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import org.junit.jupiter.api.AfterAll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Console command lines (what vdeterm, unixcmd or a script sends) against a real in-process switch, seeded with
 * every command the console knows. Contract: each line of the input gets nothing (blank, comment) or an answer ending
 * in a vde_switch status line (1000 Success, or 1NNN with the errno text, after any DATA block); a command never fails
 * with an unexpected exception (the console answers those as EIO and logs "failed": a bug); the switch still
 * answers afterwards.
 */
class ConsoleFuzzTest {
    private static final Pattern STATUS = Pattern.compile("(?s)(.*\n)?(1000 Success|1[0-9]{3} [^\n]+|"
        + Pattern.quote(Console.END_OF_SESSION) + ")\n");
    private static VdeSwitch sw;
    private static Console console;
    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    private static synchronized Console console() throws Exception {
        if (console == null) {
            final Path dir = Files.createTempDirectory("jvde-console-fuzz");
            sw = VdeSwitch.start(SwitchSettings.builder(dir.resolve("sw")).build(), LOG::add);
            final CommandRegistry registry = new CommandRegistry();
            BuiltinCommands.register(registry, new SwitchFacts(42, 0x00ff_1234_5678L, 32768, sw.directory(), 0600,
                null, 0600, sw::uptimeSeconds));
            SwitchCommands.register(registry, sw);
            console = new Console(registry, LOG::add, () -> { });
        }
        return console;
    }

    @AfterAll
    static void stop() {
        if (sw != null) {
            sw.close();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void everyLineGetsAStatusAndNoCommandThrows(final byte[] data) throws Exception {
        final Console c = console();
        final String text = new String(data, StandardCharsets.UTF_8);
        for (final String line : text.split("\n", 16)) {
            final String answer = c.execute(line, new ConsoleSession(ConsoleSession.Kind.MGMT));
            if (!answer.isEmpty()) {
                assertTrue(STATUS.matcher(answer).matches(), "no status line for '" + line + "': " + answer);
            }
            assertTrue(LOG.stream().noneMatch(l -> l.contains("failed:")), "a command threw: " + LOG);
        }
        assertEquals(answerOf(c, "ds/showinfo").endsWith("1000 Success\n"), true, "the console still answers");
        assertTrue(sw.isRunning(), "the switch still runs");
    }

    private static String answerOf(final Console c, final String line) {
        return c.execute(line, new ConsoleSession(ConsoleSession.Kind.MGMT));
    }
}
