package io.jvde.app.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into console lines. vde_switch runs only the first command of a multi-line write; jvde runs
 * every complete line in order and keeps a partial line until its newline (or end of input) arrives.
 */
final class LineAssembler {
    /** Longest line kept; the rest of an over-long line is dropped (vde_switch reads 128 bytes per command). */
    static final int MAX_LINE = 64 * 1024;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean overflow;

    /** One input line without its newline; {@code truncated} when it exceeded {@link #MAX_LINE}. */
    record Line(String text, boolean truncated) {
    }

    /** Adds bytes and returns the lines they complete. */
    List<Line> feed(final byte[] bytes, final int offset, final int length) {
        final List<Line> lines = new ArrayList<>(1);
        int start = offset;
        final int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                lines.add(take());
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
        return lines;
    }

    /** The unterminated last line at end of input, or null when there is none. */
    Line finish() {
        return pending.size() == 0 ? null : take();
    }

    private void append(final byte[] bytes, final int offset, final int length) {
        final int room = MAX_LINE - pending.size();
        if (length > room) {
            overflow = true;
        }
        pending.write(bytes, offset, Math.min(length, room));
    }

    private Line take() {
        final Line line = new Line(pending.toString(StandardCharsets.UTF_8), overflow);
        pending.reset();
        overflow = false;
        return line;
    }
}
