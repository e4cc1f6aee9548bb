package io.jvde.app.console;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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
    private Supplier<LineSender> asyncFactory; // guarded by this
    private boolean asyncClosed; // guarded by this
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

    /**
     * As {@link #asyncSender(LineSender)}, but the sender (and its thread) is made when the first line comes: most
     * sessions never subscribe, and a thread each would double the threads the session limit allows.
     */
    public synchronized void asyncSender(final Supplier<LineSender> factory) {
        asyncFactory = factory;
    }

    /** Queues one asynchronous line (never blocks; dropped when the session has no async sender or is slow). */
    public void async(final String line) {
        LineSender s = async;
        if (s == null) {
            s = lazySender();
        }
        if (s != null) {
            s.offer(line);
        }
    }

    private synchronized LineSender lazySender() {
        if (async == null && asyncFactory != null && !asyncClosed) {
            async = asyncFactory.get();
        }
        return async;
    }

    /** Stops the asynchronous sender if one was made; none is made afterwards. */
    public synchronized void closeAsync() {
        asyncClosed = true;
        if (async != null) {
            async.close();
        }
    }

    int enterLoad() {
        return ++loadDepth;
    }

    void exitLoad() {
        loadDepth--;
    }
}
