package io.jvde.app.console;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One console conversation (stdin, a management connection or a script) and how it wants to end. */
public final class ConsoleSession {
    /** Where the commands come from; decides what {@code logout} and {@code shutdown} print. */
    public enum Kind {
        /** The switch's standard input: output to stdout, {@code logout} has no effect. */
        STDIN,
        /** A {@code -M} management connection: banner, prompt, {@code 9999 END OF SESSION}. */
        MGMT,
        /** An rc file run at start-up; output is discarded. */
        SCRIPT
    }

    /** What the session asked for; a command that sets it answers no status line of its own. */
    public enum End {
        NONE,
        LOGOUT,
        SHUTDOWN
    }

    private final Kind kind;
    private final Set<String> debugCategories = ConcurrentHashMap.newKeySet();
    private volatile End end = End.NONE;
    private volatile LineSender async;
    private int loadDepth;

    public ConsoleSession(final Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public End end() {
        return end;
    }

    /** Marks the session for ending; SHUTDOWN wins over LOGOUT. */
    public void end(final End requested) {
        if (requested == End.SHUTDOWN || end == End.NONE) {
            end = requested;
        }
    }

    /** The debug categories this session subscribed to with {@code debug/add}. */
    public Set<String> debugCategories() {
        return debugCategories;
    }

    /** Where asynchronous debug lines go (a management connection sets it); null: they are not delivered. */
    public void asyncSender(final LineSender sender) {
        async = sender;
    }

    /** Queues one asynchronous line (never blocks; dropped when the session has no async sender or is slow). */
    public void async(final String line) {
        final LineSender s = async;
        if (s != null) {
            s.offer(line);
        }
    }

    int enterLoad() {
        return ++loadDepth;
    }

    void exitLoad() {
        loadDepth--;
    }
}
