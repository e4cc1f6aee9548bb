package io.jvde.app;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SyslogLogTest {
    @Test
    void shouldFormatLikeGlibcSyslogWithDaemonFacilityAndInfoSeverity() {
        final List<String> sent = new ArrayList<>();
        final SyslogLog log = new SyslogLog("vde_switch", 1234, d -> sent.add(new String(d, StandardCharsets.UTF_8)),
                () -> LocalDateTime.of(2025, 11, 2, 7, 48, 5));
        log.log("EOF on stdin, cleaning up and exiting");
        assertEquals(List.of("<30>Nov  2 07:48:05 vde_switch[1234]: EOF on stdin, cleaning up and exiting"), sent);
    }

    @Test
    void shouldPadTwoDigitDaysWithoutSpace() {
        final SyslogLog log = new SyslogLog("jvde", 1, d -> true, () -> LocalDateTime.of(2025, 12, 24, 23, 0, 0));
        assertEquals("<30>Dec 24 23:00:00 jvde[1]: x", log.format("x"));
    }

    @Test
    void shouldReportFailureWhenNoSyslogListens() {
        assertFalse(new DevLogSender("/nonexistent/dev-log").send("x".getBytes(StandardCharsets.UTF_8)));
    }
}
