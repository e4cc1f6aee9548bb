package io.jvde.app.console;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The facts the built-in commands print ({@code showinfo}, {@code ds/showinfo}, {@code fstp/showinfo}).
 *
 * @param pid       process id
 * @param switchMac 48-bit switch MAC
 * @param priority  FSTP priority (only shown; jvde runs no FSTP)
 * @param directory absolute switch directory
 * @param ctlMode   effective mode of ctl and data sockets (0600 unless {@code -m})
 * @param mgmtPath  the {@code -M} socket, or null
 * @param mgmtMode  its mode
 * @param uptime    whole seconds since start
 */
public record SwitchFacts(long pid, long switchMac, int priority, Path directory, int ctlMode, Path mgmtPath,
                          int mgmtMode, LongSupplier uptime) {

    /** {@code 00:ff:12:34:56:78}, lower-case as vde_switch prints it. */
    public static String formatMac(final long mac) {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", (mac >>> shift) & 0xFF));
        }
        return sb.toString();
    }
}
