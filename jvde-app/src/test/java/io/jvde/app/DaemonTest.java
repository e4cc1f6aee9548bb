package io.jvde.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parent side of {@code -d} against stand-in children (real JVMs started like the daemon is). */
class DaemonTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private static List<String> child(final String... args) {
        final List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DaemonChildMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void shouldReturnZeroOnceTheChildIsReadyAndLeaveItRunning() throws IOException {
        final Path pidFile = tmp.resolve("child.pid");
        final int status = Daemon.spawn("vde_switch", child("ready", pidFile.toString()), new PrintWriter(err),
                GENEROUS);
        final ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(pidFile))).orElseThrow();
        try {
            assertEquals(ExitCodes.OK, status);
            assertTrue(child.isAlive(), "the daemon must outlive the parent's wait");
            assertEquals("vde_switch: starting\n", err.toString());
        } finally {
            child.destroy();
        }
    }

    @Test
    void shouldReturnTheChildsStatusAndMessageWhenItFailsFirst() throws IOException {
        final int status = Daemon.spawn("vde_switch", child("fail"), new PrintWriter(err), GENEROUS);
        assertEquals(255, status);
        assertTrue(err.toString().contains("vde_switch: Cannot create ctl directory '/proc/x'"), err.toString());
    }

    @Test
    void shouldGiveUpAndStopAChildThatNeverGetsReady() throws IOException {
        final int status = Daemon.spawn("vde_switch", child("silent"), new PrintWriter(err), Duration.ofSeconds(2));
        assertEquals(ExitCodes.START_FAILED, status);
        assertTrue(err.toString().contains("the daemon did not get ready within 2 s"), err.toString());
    }

    @Test
    void shouldRecogniseTheChildByItsEnvironment() {
        assertTrue(Daemon.isChild(Map.of(Daemon.READY_ENV, "/tmp/x")));
        assertFalse(Daemon.isChild(Map.of("HOME", "/root")));
    }

    @Test
    void shouldRebuildThisJavaCommand() {
        final List<String> command = Daemon.currentJavaCommand("io.jvde.app.cli.VdeSwitchMain", List.of("-d"));
        assertTrue(Path.of(command.get(0)).getFileName().toString().startsWith("java"), command.toString());
        assertTrue(command.size() > 1, command.toString());
    }
}
