package io.jvde.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process harness itself, on /bin/sh (present on every machine the tests run on). */
class ManagedProcessTest {
    @Test
    void shouldReturnExitCodeAndOutputOfACommandRunToCompletion() {
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(10), "sh", "-c",
            "echo out; echo err >&2; exit 3");
        assertEquals(3, r.exitCode());
        assertFalse(r.timedOut());
        assertTrue(r.output().contains("out\n"), r.output());
        assertTrue(r.output().contains("err\n"), r.output());
    }

    @Test
    void shouldEndACommandThatOutlivesItsTimeout() {
        // run returns at all only because it ended sleep (the test's timeout fails it otherwise): no clock needed
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofMillis(300), "sleep", "3600");
        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
    }

    @Test
    void shouldFindALineWrittenAfterTheWaitBegan() {
        try (ManagedProcess p = ManagedProcess.start("sh", "-c", "read x; echo got $x; sleep 30")) {
            p.write("hello\n");
            assertEquals("got hello", p.waitForLine(Pattern.compile("^got "), Duration.ofSeconds(10)));
        }
    }

    @Test
    void shouldOnlyMatchLinesFromTheGivenCursorOn() {
        try (ManagedProcess p = ManagedProcess.start("sh", "-c", "echo first; read x; echo second; sleep 30")) {
            p.waitForLine(Pattern.compile("first"), Duration.ofSeconds(10));
            final int cursor = p.lineCount();
            p.write("go\n");
            final ManagedProcess.Line l = p.waitForLine(ManagedProcess.Stream.STDOUT,
                Pattern.compile("^(first|second)$"), cursor, Duration.ofSeconds(10));
            assertEquals("second", l.text());
            assertEquals(cursor, l.number());
        }
    }

    @Test
    void shouldFailTheWaitWithTheOutputWhenTheProcessEndsWithoutTheLine() {
        try (ManagedProcess p = ManagedProcess.start("sh", "-c", "echo something else")) {
            final AssertionError e = assertThrows(AssertionError.class,
                () -> p.waitForLine(Pattern.compile("never"), Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("something else"), e.getMessage());
        }
    }

    @Test
    void shouldKillAProcessThatIgnoresSigtermAfterTheGracePeriod() {
        final ManagedProcess p = ManagedProcess.builder("sh", "-c",
                "trap '' TERM; echo armed; while :; do sleep 1; done")
            .grace(Duration.ofMillis(300))
            .start();
        p.waitForLine(Pattern.compile("armed"), Duration.ofSeconds(10));
        p.close();
        assertFalse(p.isAlive(), "process still alive after close()");
    }

    @Test
    void shouldLetAProcessEndedBySigtermWriteOnItsWayOut() {
        // as udhcpc -R logs "sending release" before it sends it: with its pipes closed under it (what
        // Process.destroy() does) the write raises SIGPIPE and the process dies before it finishes its exit path
        final ManagedProcess p = ManagedProcess.start("sh", "-c",
            "trap 'echo released; echo released-err >&2; exit 0' TERM; echo armed; while :; do sleep 0.1; done");
        p.waitForLine(Pattern.compile("armed"), Duration.ofSeconds(10));
        p.close();
        assertTrue(p.output().contains("released"), p.output());
        assertTrue(p.output().contains("released-err"), p.output());
    }

    @Test
    void shouldDecodeOutputAsUtf8() {
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(10), "printf",
            "RFC 3046 \\302\\2472.1\\n");
        assertTrue(r.output().contains("RFC 3046 \u00a72.1"), r.output());
    }

    @Test
    void shouldKeepOnlyTheNewestLinesWhenOutputExceedsTheBound() {
        final int total = ManagedProcess.MAX_LINES + 100;
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(30), "seq", "1", Integer.toString(total));
        assertEquals(0, r.exitCode());
        final String[] lines = r.output().split("\n");
        assertEquals(ManagedProcess.MAX_LINES, lines.length);
        assertEquals(Integer.toString(total), lines[lines.length - 1]);
        assertEquals("101", lines[0]);
    }
}
