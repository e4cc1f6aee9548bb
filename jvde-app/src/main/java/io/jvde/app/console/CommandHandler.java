package io.jvde.app.console;

/**
 * The body of one console command. The commands a switch registers at start-up are ids of a {@link CommandTable}
 * instead (no lambda per command); a handler suits tests and rare commands.
 */
@FunctionalInterface
public interface CommandHandler {
    /**
     * Runs the command. Data lines go to {@link CommandContext#println}; returning normally answers
     * {@code 1000 Success}, throwing {@link ConsoleException} answers {@code 1EEE <strerror>}.
     */
    void run(CommandContext ctx);
}
