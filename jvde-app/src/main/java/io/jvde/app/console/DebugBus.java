package io.jvde.app.console;

import java.util.Arrays;

/**
 * The console sessions that can receive asynchronous {@code 3xxx} debug lines ({@code debug/add}): management
 * connections join when they open and leave when they close. Whoever produces events (the event hub) calls
 * {@link #publish}; a session gets the line only if it subscribed to the category.
 */
public final class DebugBus {
    /**
     * The sessions, a new array on each join and leave (rare), so the checks every event makes on the loop thread
     * walk an array and allocate nothing.
     */
    private volatile ConsoleSession[] sessions = new ConsoleSession[0];

    public synchronized void join(final ConsoleSession session) {
        for (final ConsoleSession s : sessions) {
            if (s == session) {
                return;
            }
        }
        final ConsoleSession[] more = Arrays.copyOf(sessions, sessions.length + 1);
        more[sessions.length] = session;
        sessions = more;
    }

    public synchronized void leave(final ConsoleSession session) {
        final ConsoleSession[] now = sessions;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == session) {
                final ConsoleSession[] fewer = Arrays.copyOf(now, now.length - 1);
                System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                sessions = fewer;
                return;
            }
        }
    }

    /** Whether any session subscribed to anything (so producers can skip formatting). */
    public boolean anyListener() {
        for (final ConsoleSession s : sessions) {
            if (!s.debugCategories().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether some session subscribed to {@code category}. */
    public boolean wants(final String category) {
        for (final ConsoleSession s : sessions) {
            if (s.debugCategories().contains(category)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends vde_switch's asynchronous form, {@code 3} + the tag in three octal digits + space + category + space
     * + text, to every session subscribed to {@code category}; never blocks.
     */
    public void publish(final String category, final int tag, final String text) {
        String line = null;
        for (final ConsoleSession s : sessions) {
            if (s.debugCategories().contains(category)) {
                if (line == null) {
                    line = String.format("3%03o %s %s%n", tag, category, text);
                }
                s.async(line);
            }
        }
    }
}
