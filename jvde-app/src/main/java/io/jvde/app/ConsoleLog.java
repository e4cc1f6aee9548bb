package io.jvde.app;

import io.jvde.sw.engine.SwitchLog;

import java.io.PrintWriter;

/**
 * Interactive-mode logging: {@code program: line} to standard error, flushed at once. A batch of lines
 * ({@link #logLines}, e.g. an event-loop turn's DHCP exchanges) is copied with each line's prefix into one reused
 * array and written with one write and one flush: no String per line, one system call per batch.
 */
public final class ConsoleLog implements SwitchLog {
    private final PrintWriter err;
    private final String prefix;
    private final String newline = System.lineSeparator();
    private final char[] chars = new char[8192];

    public ConsoleLog(final PrintWriter err, final String program) {
        this.err = err;
        this.prefix = program + ": ";
    }

    @Override
    public synchronized void log(final String line) {
        err.println(prefix + line);
        err.flush();
    }

    @Override
    public synchronized void logLines(final CharSequence lines) {
        int n = 0;
        boolean lineStart = true;
        for (int i = 0; i < lines.length(); i++) {
            if (n + prefix.length() + newline.length() + 1 > chars.length) {
                err.write(chars, 0, n); // a batch larger than the array: in parts, still no String per line
                n = 0;
            }
            if (lineStart) {
                prefix.getChars(0, prefix.length(), chars, n);
                n += prefix.length();
                lineStart = false;
            }
            final char c = lines.charAt(i);
            if (c == '\n') {
                newline.getChars(0, newline.length(), chars, n);
                n += newline.length();
                lineStart = true;
            } else {
                chars[n++] = c;
            }
        }
        if (!lineStart) { // a last line without its '\n'
            newline.getChars(0, newline.length(), chars, n);
            n += newline.length();
        }
        err.write(chars, 0, n);
        err.flush();
    }
}
