package io.jvde.app.console;

import io.jvde.sw.Errno;
import io.jvde.sw.vxlan.VxlanControl;

/**
 * The vxlan/ console commands of the VXLAN uplink (RFC 7348): print it with its peers, learned MACs and counters,
 * add and remove static peers at run time. Registered only when the switch has an uplink ({@code --vxlan}).
 */
public final class VxlanCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable).
    private static final int PRINT = 0;
    private static final int ADD_PEER = 1;
    private static final int DEL_PEER = 2;

    private final EngineAccess sw;

    private VxlanCommands(final EngineAccess sw) {
        this.sw = sw;
    }

    public static void register(final CommandRegistry r, final EngineAccess sw) {
        final VxlanCommands c = new VxlanCommands(sw);
        r.menu("vxlan", "VXLAN UPLINK")
            .dataCommand("vxlan/print", "", "local address, group, VNIs, peers with counters, learned MACs, drops",
                c, PRINT)
            .command("vxlan/addpeer", "ADDR[:PORT]", "add a static peer VTEP (head-end replication)", c, ADD_PEER)
            .command("vxlan/delpeer", "ADDR", "remove a peer VTEP and free its port", c, DEL_PEER);
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case PRINT -> print(ctx);
            case ADD_PEER -> addPeer(ctx);
            case DEL_PEER -> delPeer(ctx);
            default -> throw CommandTable.noCase(this, id);
        }
    }

    private void print(final CommandContext ctx) {
        final String text = sw.call(x -> uplink(x.vxlan()).print());
        for (final String line : text.split("\n")) {
            ctx.println(line);
        }
    }

    private void addPeer(final CommandContext ctx) {
        final String arg = arg(ctx, "ADDR[:PORT]");
        final int port;
        try {
            port = sw.call(x -> uplink(x.vxlan()).addPeer(arg));
        } catch (final IllegalArgumentException e) {
            throw new ConsoleException(Errno.EINVAL, "vxlan/addpeer: " + e.getMessage());
        }
        ctx.println("peer " + arg + " on port " + port);
    }

    private void delPeer(final CommandContext ctx) {
        final String arg = arg(ctx, "ADDR");
        final boolean removed;
        try {
            removed = sw.call(x -> uplink(x.vxlan()).delPeer(arg));
        } catch (final IllegalArgumentException e) {
            throw new ConsoleException(Errno.EINVAL, "vxlan/delpeer: " + e.getMessage());
        }
        if (!removed) {
            throw new ConsoleException(Errno.ENXIO, "vxlan/delpeer: " + arg + " is not a peer");
        }
    }

    private static String arg(final CommandContext ctx, final String expected) {
        if (ctx.words().isEmpty()) {
            throw new ConsoleException(Errno.EINVAL, "missing argument (expected: " + expected + ")");
        }
        return ctx.words().get(0);
    }

    private static VxlanControl uplink(final VxlanControl v) {
        if (v == null) {
            throw new ConsoleException(Errno.ENODEV, "no VXLAN uplink (start the switch with --vxlan)");
        }
        return v;
    }
}
