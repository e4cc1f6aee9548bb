package io.jvde.app.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's command table. Commands are grouped by menu (the path before the first '/'); menus keep the order
 * in which they were first declared, so {@code help} lists them as vde_switch does even when a module registers
 * its commands later. Register everything before the transports start; lookups are then lock-free reads.
 */
public final class CommandRegistry {
    private final List<Group> groups = new ArrayList<>();
    private volatile List<ConsoleCommand> snapshot = List.of();
    private final DebugBus debugBus = new DebugBus();

    /** The sessions that may receive asynchronous debug lines (shared by everything that registers commands). */
    public DebugBus debugBus() {
        return debugBus;
    }

    /** Declares a menu line (e.g. {@code port}, {@code PORT STATUS MENU}); its group is placed now. */
    public synchronized CommandRegistry menu(final String name, final String help) {
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("menu: '" + name + "' (expected: no '/')");
        }
        final Group group = group(name);
        if (group.menu != null) {
            throw new IllegalArgumentException("menu: '" + name + "' (expected: declared once)");
        }
        group.menu = new ConsoleCommand(name, ConsoleCommand.MENU_SYNTAX, help, false, null);
        return refresh();
    }

    /** Adds a command that answers with a status line only (e.g. {@code port/create N}). */
    public CommandRegistry command(final String path, final String syntax, final String help,
                                   final CommandHandler handler) {
        return add(new ConsoleCommand(path, syntax, help, false, requireHandler(handler)));
    }

    /** Adds a command whose output is framed by {@code 0000 DATA END WITH '.'} and {@code .} (e.g. port/print). */
    public CommandRegistry dataCommand(final String path, final String syntax, final String help,
                                       final CommandHandler handler) {
        return add(new ConsoleCommand(path, syntax, help, true, requireHandler(handler)));
    }

    /** Adds command {@code id} of {@code table} answering with a status line only (see {@link CommandTable}). */
    public CommandRegistry command(final String path, final String syntax, final String help,
                                   final CommandTable table, final int id) {
        return command(path, syntax, help, new TableEntry(table, id));
    }

    /** Adds command {@code id} of {@code table} with framed output (see {@link #dataCommand} and CommandTable). */
    public CommandRegistry dataCommand(final String path, final String syntax, final String help,
                                       final CommandTable table, final int id) {
        return dataCommand(path, syntax, help, new TableEntry(table, id));
    }

    private synchronized CommandRegistry add(final ConsoleCommand command) {
        for (final ConsoleCommand existing : snapshot) {
            if (existing.path().equals(command.path())) {
                throw new IllegalArgumentException("path: '" + command.path() + "' (expected: registered once)");
            }
        }
        group(ConsoleCommand.menuOf(command.path())).commands.add(command);
        return refresh();
    }

    /**
     * The first executable command whose path is a prefix of {@code input} (vde_switch semantics: {@code
     * showinfoXYZ} runs showinfo). Menu lines never match: {@code port} alone is an unknown command.
     */
    public Optional<ConsoleCommand> lookup(final String input) {
        for (final ConsoleCommand command : snapshot) {
            if (!command.isMenu() && input.startsWith(command.path())) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    /** Every entry, menus included, in help order. */
    public List<ConsoleCommand> entries() {
        return snapshot;
    }

    private static CommandHandler requireHandler(final CommandHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler: null (expected: a command body; use menu() for menus)");
        }
        return handler;
    }

    private Group group(final String name) {
        for (final Group group : groups) {
            if (group.name.equals(name)) {
                return group;
            }
        }
        final Group group = new Group(name);
        groups.add(group);
        return group;
    }

    private CommandRegistry refresh() {
        final List<ConsoleCommand> all = new ArrayList<>();
        for (final Group group : groups) {
            if (group.menu != null) {
                all.add(group.menu);
            }
            all.addAll(group.commands);
        }
        snapshot = List.copyOf(all);
        return this;
    }

    /** One command of a table: a plain class, so registering it links no invokedynamic site. */
    private static final class TableEntry implements CommandHandler {
        private final CommandTable table;
        private final int id;

        private TableEntry(final CommandTable table, final int id) {
            if (table == null) {
                throw new IllegalArgumentException("table: null (expected: the command's table)");
            }
            this.table = table;
            this.id = id;
        }

        @Override
        public void run(final CommandContext ctx) {
            table.run(id, ctx);
        }
    }

    private static final class Group {
        private final String name;
        private final List<ConsoleCommand> commands = new ArrayList<>();
        private ConsoleCommand menu;

        private Group(final String name) {
            this.name = name;
        }
    }
}
