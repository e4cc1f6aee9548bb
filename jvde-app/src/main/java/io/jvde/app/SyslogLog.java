package io.jvde.app;

import io.jvde.sw.engine.SwitchLog;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Daemon-mode logging: one RFC 3164 datagram per line to {@code /dev/log}, formatted as glibc's syslog(3) does
 * ({@code <30>Nov  2 07:48:00 vde_switch[1234]: msg}, facility daemon, severity info), like vde_switch -d.
 */
public final class SyslogLog implements SwitchLog {
    static final int LOG_DAEMON = 3 << 3;
    static final int LOG_INFO = 6;
    static final String DEV_LOG = "/dev/log";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    /** Sends one datagram; false when it could not (no syslog daemon): the line is then lost, as with syslog(3). */
    @FunctionalInterface
    public interface Sender {
        boolean send(byte[] datagram);
    }

    private final String tag;
    private final long pid;
    private final Sender sender;
    private final Supplier<LocalDateTime> clock;

    public SyslogLog(final String tag, final long pid, final Sender sender, final Supplier<LocalDateTime> clock) {
        this.tag = Objects.requireNonNull(tag, "tag");
        this.pid = pid;
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The process's syslog: {@code /dev/log}, local time. */
    public static SyslogLog devLog(final String tag) {
        return new SyslogLog(tag, ProcessHandle.current().pid(), new DevLogSender(DEV_LOG), LocalDateTime::now);
    }

    @Override
    public void log(final String line) {
        sender.send(format(line).getBytes(StandardCharsets.UTF_8));
    }

    String format(final String line) {
        return "<" + (LOG_DAEMON | LOG_INFO) + ">" + TIMESTAMP.format(clock.get()) + " " + tag + "[" + pid + "]: "
                + line;
    }
}
