package io.jvde.app.console;

import java.util.Objects;

/**
 * One entry of the command table: a menu line (shown by {@code help}, not executable) or a command.
 *
 * @param path     {@code port/print}; lookup matches the first command whose path is a prefix of the input
 * @param syntax   argument synopsis shown by help, e.g. {@code [N]}; {@code ============} for menus
 * @param help     one-line description
 * @param withData true when the command frames its output with {@code 0000 DATA END WITH '.'} ... {@code .}
 *                 (always, even when it fails, as vde_switch does)
 * @param handler  the body, or null for a menu line
 */
public record ConsoleCommand(String path, String syntax, String help, boolean withData, CommandHandler handler) {
    /** The syntax column vde_switch prints for menu lines. */
    public static final String MENU_SYNTAX = "============";

    public ConsoleCommand {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(help, "help");
        if (path.isEmpty() || path.indexOf(' ') >= 0 || path.indexOf('\t') >= 0) { // no stream: start-up path
            throw new IllegalArgumentException("path: '" + path + "' (expected: non-empty, no blanks)");
        }
    }

    public boolean isMenu() {
        return handler == null;
    }

    /** The menu a path belongs to: the text before the first '/', or "" for top-level commands. */
    static String menuOf(final String path) {
        final int slash = path.indexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
