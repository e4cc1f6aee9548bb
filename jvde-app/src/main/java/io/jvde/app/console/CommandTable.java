package io.jvde.app.console;

/**
 * A class's console commands behind one dispatch: {@link CommandRegistry#command(String, String, String,
 * CommandTable, int)} registers each command as an id of its table, and {@link #run} switches on the id to the body.
 * Not a lambda or method reference per command: on JDK 17 each one's invokedynamic site costs ~0.25 ms to link at
 * start-up, even with its lambda class in the CDS archive (BENCHMARKS.md, start-up).
 */
public interface CommandTable {
    /** The text of the failure a table answers for an id it has no case for (tests look for it). */
    String NO_CASE = "no case for command id";

    /**
     * Runs command {@code id} of this table, as {@link CommandHandler#run} does: data lines to {@code ctx}, a
     * {@link ConsoleException} for a failure.
     */
    void run(int id, CommandContext ctx);

    /** The failure for an id {@code table} has no case for: a bug, which the console answers as EIO. */
    static IllegalStateException noCase(final CommandTable table, final int id) {
        return new IllegalStateException(table.getClass().getSimpleName() + ": " + NO_CASE + " " + id);
    }
}
