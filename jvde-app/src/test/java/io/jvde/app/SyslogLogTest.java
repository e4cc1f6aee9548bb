package io.jvde.app;

import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.UnixSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void shouldDeliverOneDatagramPerLineToTheSocket(@TempDir final Path tmp) {
        final Path devLog = tmp.resolve("log");
        final int fd = UnixSockets.socket(Native.SOCK_DGRAM);
        assertTrue(fd >= 0);
        try {
            assertEquals(0, UnixSockets.bind(fd, devLog.toString()));
            final SyslogLog log = new SyslogLog("vde_switch", 7, new DevLogSender(devLog.toString()),
                    () -> LocalDateTime.of(2025, 11, 2, 7, 48, 5));
            log.log("hello");
            assertTrue(UnixSockets.awaitReadable(fd, 5000));
            final byte[] buffer = new byte[256];
            final int n = UnixSockets.recv(fd, buffer, 0);
            assertEquals("<30>Nov  2 07:48:05 vde_switch[7]: hello", new String(buffer, 0, n, StandardCharsets.UTF_8));
        } finally {
            UnixSockets.close(fd);
        }
    }

    @Test
    void shouldLoseLinesQuietlyWhenNoSyslogListens() {
        final DevLogSender sender = new DevLogSender("/nonexistent/dev-log");
        new SyslogLog("jvde", 1, sender, LocalDateTime::now).log("nobody hears this");
        assertFalse(sender.send(new byte[] {1}));
    }
}
