package io.jvde.app.console;

import io.jvde.sw.Errno;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The commands jvde answers itself: help, logout, shutdown, showinfo, load, ds/showinfo, and clean answers for
 * debug/*, plugin/* and fstp/*. It also declares every menu in vde_switch's order, so commands the engine module
 * registers later (hash/*, port/*, vlan/*) appear in {@code help} where vde_switch lists them.
 */
public final class BuiltinCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable), in registration order.
    private static final int DS_SHOWINFO = 0;
    private static final int HELP = 1;
    private static final int LOGOUT = 2;
    private static final int SHUTDOWN = 3;
    private static final int SHOWINFO = 4;
    private static final int LOAD = 5;
    private static final int DEBUG_LIST = 6;
    private static final int DEBUG_ADD = 7;
    private static final int DEBUG_DEL = 8;
    private static final int PLUGIN_LIST = 9;
    private static final int PLUGIN_ADD = 10;
    private static final int PLUGIN_DEL = 11;
    private static final int FSTP_SHOWINFO = 12;
    private static final int FSTP_SETFSTP = 13;
    private static final int FSTP_SETEDGE = 14;
    private static final int FSTP_BONUS = 15;
    private static final int FSTP_PRINT = 16;

    /** Maximum nesting of {@code load} inside loaded scripts. */
    static final int MAX_LOAD_DEPTH = 8;

    /** vde_switch's debug categories, tag (octal) and help, in its order. */
    private static final List<String[]> DEBUG_CATEGORIES = List.of(
            new String[] {"hash/+", "011", "hash: new element"},
            new String[] {"hash/-", "012", "hash: discarded element"},
            new String[] {"fstp/status", "044", "fstp: status change"},
            new String[] {"fstp/root", "045", "fstp: rootswitch/port change"},
            new String[] {"fstp/+", "041", "fstp: port becomes active"},
            new String[] {"fstp/-", "042", "fstp: port becomes inactive"},
            new String[] {"port/+", "021", "new port"},
            new String[] {"port/-", "022", "closed port"},
            new String[] {"port/descr", "023", "set port description"},
            new String[] {"port/ep/+", "031", "new endpoint"},
            new String[] {"port/ep/-", "032", "closed endpoint"},
            // jvde's own categories (README "Debugging a lab"); their text is the event's JSON object
            new String[] {"hash/move", "013", "hash: element moved to another port"},
            new String[] {"vlan/+", "051", "new vlan"},
            new String[] {"vlan/-", "052", "removed vlan"},
            new String[] {"vlan/port", "053", "port vlan membership changed"},
            new String[] {"dhcp/lease", "061", "dhcp lease offered/bound/renewed/released/declined"},
            new String[] {"dhcp/violation", "062", "dhcp relay or guard violation"},
            new String[] {"link/status", "071", "outbound link or vxlan peer up/down"});

    /** Menus of vde_switch's help after the top-level commands, in its order. */
    private static final String[][] LATER_MENUS = {
        {"debug", "DEBUG MENU"},
        {"plugin", "PLUGINS MENU"},
        {"hash", "HASH TABLE MENU"},
        {"fstp", "FAST SPANNING TREE MENU"},
        {"port", "PORT STATUS MENU"},
        {"vlan", "VLAN MANAGEMENT MENU"},
    };

    private final SwitchFacts facts;

    private BuiltinCommands(final SwitchFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    /** Declares the menus and registers the built-in commands into an empty registry. */
    public static CommandRegistry register(final CommandRegistry registry, final SwitchFacts facts) {
        final BuiltinCommands b = new BuiltinCommands(facts);
        registry.menu("ds", "DATA SOCKET MENU")
                .dataCommand("ds/showinfo", "", "show ds info", b, DS_SHOWINFO)
                .dataCommand("help", "[arg]", "Help (limited to arg when specified)", b, HELP)
                .command("logout", "", "logout from this mgmt terminal", b, LOGOUT)
                .command("shutdown", "", "shutdown of the switch", b, SHUTDOWN)
                .dataCommand("showinfo", "", "show switch version and info", b, SHOWINFO)
                .command("load", "path", "load a configuration script", b, LOAD);
        for (final String[] menu : LATER_MENUS) {
            registry.menu(menu[0], menu[1]);
        }
        registry.dataCommand("debug/list", "", "list debug categories", b, DEBUG_LIST)
                .command("debug/add", "dbgpath", "enable debug info for a given category", b, DEBUG_ADD)
                .command("debug/del", "dbgpath", "disable debug info for a given category", b, DEBUG_DEL)
                .dataCommand("plugin/list", "", "list plugins", b, PLUGIN_LIST)
                .command("plugin/add", "library", "load a plugin", b, PLUGIN_ADD)
                .command("plugin/del", "name", "unload a plugin", b, PLUGIN_DEL)
                .dataCommand("fstp/showinfo", "", "show fstp info", b, FSTP_SHOWINFO)
                .dataCommand("fstp/setfstp", "0/1", "Fast spanning tree protocol 1=ON 0=OFF", b, FSTP_SETFSTP)
                .command("fstp/setedge", "VLAN PORT 1/0", "Define an edge port for a vlan 1=Y 0=N", b, FSTP_SETEDGE)
                .command("fstp/bonus", "VLAN PORT COST", "set the port bonus for a vlan", b, FSTP_BONUS)
                .dataCommand("fstp/print", "[N]", "print fst data for the defined vlan", b, FSTP_PRINT);
        return registry;
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case DS_SHOWINFO -> dsShowinfo(ctx);
            case HELP -> help(ctx);
            case LOGOUT -> ctx.endSession(ConsoleSession.End.LOGOUT);
            case SHUTDOWN -> ctx.endSession(ConsoleSession.End.SHUTDOWN);
            case SHOWINFO -> showinfo(ctx);
            case LOAD -> load(ctx);
            case DEBUG_LIST -> debugList(ctx);
            case DEBUG_ADD -> debugAdd(ctx);
            case DEBUG_DEL -> debugDel(ctx);
            case PLUGIN_LIST -> pluginList(ctx);
            case PLUGIN_ADD -> throw new ConsoleException(Errno.ENOENT,
                "plugin/add: jvde does not load vde_switch plugins");
            case PLUGIN_DEL -> throw new ConsoleException(Errno.ENOENT,
                "plugin/del: no plugin named '" + ctx.args() + "'");
            case FSTP_SHOWINFO -> fstpShowinfo(ctx);
            case FSTP_SETFSTP -> fstpSet(ctx);
            case FSTP_SETEDGE -> requireInts(ctx, "vlan", "port", "edge");
            case FSTP_BONUS -> requireInts(ctx, "vlan", "port", "cost");
            case FSTP_PRINT -> ctx.intArgOr(0, "vlan", 0);
            default -> throw CommandTable.noCase(this, id);
        }
    }

    private void dsShowinfo(final CommandContext ctx) {
        ctx.println("ctl dir " + facts.directory());
        ctx.printf("std mode %04o", facts.ctlMode());
    }

    private void showinfo(final CommandContext ctx) {
        // Banner.TEXT ends with a newline, and vde_switch adds an empty line after it.
        for (final String line : Banner.TEXT.split("\n")) {
            ctx.println(line);
        }
        ctx.println("");
        ctx.printf("pid %d MAC %s uptime %d", facts.pid(), SwitchFacts.formatMac(facts.switchMac()),
                facts.uptime().getAsLong());
        if (facts.mgmtPath() != null) {
            ctx.printf("mgmt %s perm %04o", facts.mgmtPath(), facts.mgmtMode());
        }
    }

    private void fstpShowinfo(final CommandContext ctx) {
        ctx.printf("MAC %s Priority %d (0x%x)", SwitchFacts.formatMac(facts.switchMac()), facts.priority(),
                facts.priority());
        ctx.println("FSTP=false");
    }

    private static void help(final CommandContext ctx) {
        final String prefix = ctx.args();
        ctx.printf("%-18s %-15s %s", "COMMAND PATH", "SYNTAX", "HELP");
        ctx.printf("%-18s %-15s %s", "------------", "--------------", "------------");
        for (final ConsoleCommand c : ctx.registry().entries()) {
            if (c.path().startsWith(prefix)) {
                ctx.printf("%-18s %-15s %s", c.path(), c.syntax(), c.help());
            }
        }
    }

    private static void load(final CommandContext ctx) {
        if (ctx.args().isEmpty()) {
            throw new ConsoleException(Errno.ENOENT, "load: missing path");
        }
        final ConsoleSession session = ctx.session();
        try {
            if (session.enterLoad() > MAX_LOAD_DEPTH) {
                throw new ConsoleException(Errno.ELOOP, "load: scripts nested more than " + MAX_LOAD_DEPTH + " deep");
            }
            final String path = ctx.args();
            final Path file;
            try {
                file = Path.of(path);
            } catch (InvalidPathException e) { // e.g. a NUL byte (found by ConsoleFuzzTest)
                throw new ConsoleException(Errno.EINVAL, "load: not a valid path (" + e.getReason() + ")");
            }
            for (final String line : Scripts.read(file)) {
                if (session.end() == ConsoleSession.End.SHUTDOWN) {
                    break;
                }
                ctx.println("vde[" + path + "]: " + line);
                ctx.runNested(line);
            }
        } finally {
            session.exitLoad();
        }
    }

    private static void debugList(final CommandContext ctx) {
        ctx.printf("%-22s %3s %-6s %s", "CATEGORY", "TAG", "STATUS", "HELP");
        ctx.printf("%-22s %3s %-6s %s", "------------", "---", "------", "----");
        for (final String[] c : DEBUG_CATEGORIES) {
            final String status = ctx.session().debugCategories().contains(c[0]) ? "ON" : "OFF";
            ctx.printf("%-22s %3s %-6s %s", c[0], c[1], status, c[2]);
        }
    }

    // Events arrive on the session asynchronously (io.jvde.app.observe.EventHub publishes them on the DebugBus).
    private static void debugAdd(final CommandContext ctx) {
        ctx.session().debugCategories().add(knownCategory(ctx));
    }

    private static void debugDel(final CommandContext ctx) {
        final String category = knownCategory(ctx);
        if (!ctx.session().debugCategories().remove(category)) {
            throw new ConsoleException(Errno.ENOENT, "debug/del: " + category + " is not enabled");
        }
    }

    private static String knownCategory(final CommandContext ctx) {
        for (final String[] c : DEBUG_CATEGORIES) {
            if (c[0].equals(ctx.args())) {
                return c[0];
            }
        }
        throw new ConsoleException(Errno.EINVAL, "debug: '" + ctx.args() + "' (expected: a category of debug/list)");
    }

    private static void pluginList(final CommandContext ctx) {
        ctx.printf("%-22s %s", "NAME", "HELP");
        ctx.printf("%-22s %s", "------------", "----");
    }

    private static void fstpSet(final CommandContext ctx) {
        final int on = ctx.intArg(0, "fstp");
        if (on != 0) {
            throw new ConsoleException(Errno.EOPNOTSUPP, "fstp: jvde has no fast spanning tree (FSTP stays off)");
        }
    }

    private static void requireInts(final CommandContext ctx, final String... names) {
        for (int i = 0; i < names.length; i++) {
            ctx.intArg(i, names[i]);
        }
    }
}
