package io.jvde.app.console;

import io.jvde.sw.Errno;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.sw.forward.DropReason;
import io.jvde.primitives.Mac48;
import io.jvde.sw.port.Endpoint;
import io.jvde.sw.port.Port;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.vde.sys.Native;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The console commands that read or change switch state: hash/*, port/*, vlan/* (docs/protocol.md §5.2–§5.4,
 * §5.7), plus jvde's port/mirror and port/counters. Each runs on the event-loop thread through
 * {@link VdeSwitch#call}; output formats are byte-exact with vde_switch where clients may parse them.
 */
public final class SwitchCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable), in registration order.
    private static final int HASH_SHOWINFO = 0;
    private static final int HASH_SETSIZE = 1;
    private static final int HASH_SETGCINT = 2;
    private static final int HASH_SETEXPIRE = 3;
    private static final int HASH_SETMINPER = 4;
    private static final int HASH_PRINT = 5;
    private static final int HASH_FIND = 6;
    private static final int PORT_SHOWINFO = 7;
    private static final int PORT_SETNUMPORTS = 8;
    private static final int PORT_SETHUB = 9;
    private static final int PORT_SETVLAN = 10;
    private static final int PORT_CREATEAUTO = 11;
    private static final int PORT_CREATE = 12;
    private static final int PORT_REMOVE = 13;
    private static final int PORT_ALLOCATABLE = 14;
    private static final int PORT_SETUSER = 15;
    private static final int PORT_SETGROUP = 16;
    private static final int PORT_EPCLOSE = 17;
    private static final int PORT_CONNECT = 18;
    private static final int PORT_DISCONNECT = 19;
    private static final int PORT_RESETCOUNTER = 20;
    private static final int PORT_PRINT = 21;
    private static final int PORT_ALLPRINT = 22;
    private static final int PORT_MACLIMIT = 23;
    private static final int PORT_MIRROR = 24;
    private static final int PORT_COUNTERS = 25;
    private static final int VLAN_CREATE = 26;
    private static final int VLAN_REMOVE = 27;
    private static final int VLAN_ADDPORT = 28;
    private static final int VLAN_DELPORT = 29;
    private static final int VLAN_PRINT = 30;
    private static final int VLAN_ALLPRINT = 31;

    private final EngineAccess sw;
    /** Reported by hash/showinfo; jvde's table is open-addressing, so these are kept for compatibility. */
    private volatile int hashSize;
    private volatile int gcInterval;

    private SwitchCommands(final EngineAccess sw) {
        this.sw = sw;
        this.hashSize = powerOfTwo(sw.settings().hashSize());
        this.gcInterval = sw.settings().macGcIntervalSeconds();
    }

    /** Registers the commands into menus BuiltinCommands already declared. */
    public static void register(final CommandRegistry r, final VdeSwitch sw) {
        register(r, EngineAccess.of(sw));
    }

    /** Same, for the engine as the switch process holds it. */
    public static void register(final CommandRegistry r, final EngineAccess sw) {
        final SwitchCommands c = new SwitchCommands(sw);
        r.dataCommand("hash/showinfo", "", "show hash info", c, HASH_SHOWINFO)
            .command("hash/setsize", "N", "change hash size", c, HASH_SETSIZE)
            .command("hash/setgcint", "N", "change garbage collector interval", c, HASH_SETGCINT)
            .command("hash/setexpire", "N", "change hash entries expire time", c, HASH_SETEXPIRE)
            .command("hash/setminper", "N", "minimum persistence time", c, HASH_SETMINPER)
            .dataCommand("hash/print", "", "print the hash table", c, HASH_PRINT)
            .dataCommand("hash/find", "MAC [VLAN]", "MAC lookup", c, HASH_FIND);
        r.dataCommand("port/showinfo", "", "show port info", c, PORT_SHOWINFO)
            .command("port/setnumports", "N", "set the number of ports", c, PORT_SETNUMPORTS)
            .command("port/sethub", "0/1", "1=HUB 0=switch", c, PORT_SETHUB)
            .command("port/setvlan", "N VLAN", "set port VLAN (untagged)", c, PORT_SETVLAN)
            .dataCommand("port/createauto", "", "create a port with an automatically allocated id", c,
                PORT_CREATEAUTO)
            .command("port/create", "N", "create the port N (inactive|notallocatable)", c, PORT_CREATE)
            .command("port/remove", "N", "remove the port N", c, PORT_REMOVE)
            .command("port/allocatable", "N 0/1", "Is the port allocatable as unnamed? 1=Y 0=N",
                c, PORT_ALLOCATABLE)
            .command("port/setuser", "N user", "access control: set user", c, PORT_SETUSER)
            .command("port/setgroup", "N user", "access control: set group", c, PORT_SETGROUP)
            .command("port/epclose", "N ID", "remove the endpoint port N/id ID", c, PORT_EPCLOSE)
            .command("port/connect", "N stream:PATH|tcp:HOST:PORT",
                "connect port N to a stream server, reconnecting when it goes away", c, PORT_CONNECT)
            .command("port/disconnect", "N", "end the link of port N", c, PORT_DISCONNECT)
            .command("port/resetcounter", "[N]", "reset the port (N) counters", c, PORT_RESETCOUNTER)
            .dataCommand("port/print", "[N]", "print the port/endpoint table", c, PORT_PRINT)
            .dataCommand("port/allprint", "[N]", "print the port/endpoint table (including inactive port)",
                c, PORT_ALLPRINT)
            .command("port/maclimit", "N LIMIT", "learn at most LIMIT source MACs on port N (0 = unlimited)",
                c, PORT_MACLIMIT)
            .command("port/mirror", "SRC DST|none", "copy every frame SRC receives or sends to DST",
                c, PORT_MIRROR)
            .dataCommand("port/counters", "[N]", "IN/OUT/drop counters with drop reasons", c, PORT_COUNTERS);
        r.command("vlan/create", "N", "create the VLAN with tag N", c, VLAN_CREATE)
            .command("vlan/remove", "N", "remove the VLAN with tag N", c, VLAN_REMOVE)
            .command("vlan/addport", "N PORT", "add a port to a vlan", c, VLAN_ADDPORT)
            .command("vlan/delport", "N PORT", "remove a port from a vlan", c, VLAN_DELPORT)
            .dataCommand("vlan/print", "[N]", "print the list of defined vlan", c, VLAN_PRINT)
            .dataCommand("vlan/allprint", "[N]", "print the list of defined vlan (including inactive port)",
                c, VLAN_ALLPRINT);
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case HASH_SHOWINFO -> hashShowinfo(ctx);
            case HASH_SETSIZE -> hashSetsize(ctx);
            case HASH_SETGCINT -> hashSetgcint(ctx);
            case HASH_SETEXPIRE -> hashSetexpire(ctx);
            case HASH_SETMINPER -> hashSetminper(ctx);
            case HASH_PRINT -> hashPrint(ctx);
            case HASH_FIND -> hashFind(ctx);
            case PORT_SHOWINFO -> portShowinfo(ctx);
            case PORT_SETNUMPORTS -> portSetnumports(ctx);
            case PORT_SETHUB -> portSethub(ctx);
            case PORT_SETVLAN -> portSetvlan(ctx);
            case PORT_CREATEAUTO -> portCreateauto(ctx);
            case PORT_CREATE -> portCreate(ctx);
            case PORT_REMOVE -> portRemove(ctx);
            case PORT_ALLOCATABLE -> portAllocatable(ctx);
            case PORT_SETUSER -> portSetuser(ctx);
            case PORT_SETGROUP -> portSetgroup(ctx);
            case PORT_EPCLOSE -> portEpclose(ctx);
            case PORT_CONNECT -> portConnect(ctx);
            case PORT_DISCONNECT -> portDisconnect(ctx);
            case PORT_RESETCOUNTER -> portResetcounter(ctx);
            case PORT_PRINT -> portPrint(ctx, false);
            case PORT_ALLPRINT -> portPrint(ctx, true);
            case PORT_MACLIMIT -> portMaclimit(ctx);
            case PORT_MIRROR -> portMirror(ctx);
            case PORT_COUNTERS -> portCounters(ctx);
            case VLAN_CREATE -> vlanCreate(ctx);
            case VLAN_REMOVE -> vlanRemove(ctx);
            case VLAN_ADDPORT -> vlanAddport(ctx);
            case VLAN_DELPORT -> vlanDelport(ctx);
            case VLAN_PRINT -> vlanPrint(ctx, false);
            case VLAN_ALLPRINT -> vlanPrint(ctx, true);
            default -> throw CommandTable.noCase(this, id);
        }
    }

    private <T> T call(final Function<SwitchControl, T> f) {
        return sw.call(f);
    }

    /** Maps an errno-style result from the engine to the console's status. */
    static void check(final int errno, final String what) {
        if (errno == 0) {
            return;
        }
        for (final Errno e : Errno.values()) {
            if (e.code() == errno) {
                throw new ConsoleException(e, what);
            }
        }
        throw new ConsoleException(Errno.EINVAL, what + " (errno " + errno + ")");
    }

    // ---------------------------------------------------------------- hash

    private void hashShowinfo(final CommandContext ctx) {
        final long[] t = call(c -> new long[] {c.macTable().ageNanos(), c.macTable().minPersistenceNanos(),
            c.macTable().size(), c.macTable().capacity(), c.macTable().evictionCount()});
        ctx.println("Hash size " + hashSize);
        ctx.println("GC interval " + gcInterval + " secs");
        ctx.println("GC expire " + t[0] / 1_000_000_000L + " secs");
        ctx.println("Min persistence " + t[1] / 1_000_000_000L + " secs");
        ctx.println("Entries " + t[2] + " of " + t[3] + " (evictions " + t[4] + ")");
    }

    private void hashSetsize(final CommandContext ctx) {
        final int n = ctx.intArg(0, "size");
        if (n <= 0) {
            throw new ConsoleException(Errno.EINVAL, "size: " + n + " (expected: > 0)");
        }
        final int rounded = powerOfTwo(n);
        if (rounded != n) {
            ctx.println("Hash size must be a power of 2. " + n + " rounded to " + rounded);
        }
        hashSize = rounded;
        call(c -> {
            c.macTable().clear(); // vde_switch flushes the table on resize
            return null;
        });
    }

    private void hashSetgcint(final CommandContext ctx) {
        final int n = ctx.intArg(0, "interval");
        if (n <= 0) {
            throw new ConsoleException(Errno.EINVAL, "interval: " + n + " (expected: > 0 s)");
        }
        gcInterval = n;
    }

    private void hashSetexpire(final CommandContext ctx) {
        final int n = ctx.intArg(0, "expire");
        if (n <= 0) {
            throw new ConsoleException(Errno.EINVAL, "expire: " + n + " (expected: > 0 s)");
        }
        call(c -> c.macTable().ageNanos(n * 1_000_000_000L));
    }

    private void hashSetminper(final CommandContext ctx) {
        final int n = ctx.intArg(0, "persistence");
        if (n < 0) {
            throw new ConsoleException(Errno.EINVAL, "persistence: " + n + " (expected: >= 0 s)");
        }
        call(c -> c.macTable().minPersistenceNanos(n * 1_000_000_000L));
    }

    private static int powerOfTwo(final int n) {
        return Integer.highestOneBit(n) == n ? n : Integer.highestOneBit(n) << 1;
    }

    /** One hash/print line; the bucket is vde_switch's ({@link VdeHashBucket}), so the same traffic prints alike. */
    private static String hashLine(final int bucket, final int vid, final long mac, final int port, final long age) {
        return String.format(Locale.ROOT, "Hash: %04d Addr: %s VLAN %04d to port: %03d  age %d secs", bucket,
            Mac48.toString(mac), vid, port, age / 1_000_000_000L);
    }

    private void hashPrint(final CommandContext ctx) {
        final int size = hashSize;
        final List<long[]> entries = call(c -> {
            final List<long[]> l = new ArrayList<>();
            c.macTable().forEach(System.nanoTime(), (slot, vid, mac, port, age) ->
                l.add(new long[] {VdeHashBucket.of(vid, mac, size), vid, mac, port, age}));
            return l;
        });
        // vde_switch walks its buckets in order (hash.c print_hash); List.sort is stable within a bucket.
        entries.sort(Comparator.comparingLong(e -> e[0]));
        for (final long[] e : entries) {
            ctx.println(hashLine((int) e[0], (int) e[1], e[2], (int) e[3], e[4]));
        }
    }

    private void hashFind(final CommandContext ctx) {
        final List<String> w = ctx.words();
        if (w.isEmpty()) {
            throw new ConsoleException(Errno.EINVAL, "MAC: missing (expected: aa:bb:cc:dd:ee:ff [VLAN])");
        }
        final long mac;
        try {
            mac = Mac48.parse(w.get(0));
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(Errno.EINVAL, e.getMessage());
        }
        final int vid = ctx.intArgOr(1, "vlan", 0);
        final String line = call(c -> {
            final String[] found = new String[1];
            c.macTable().find(vid, mac, System.nanoTime(), (slot, v, m, port, age) ->
                found[0] = hashLine(VdeHashBucket.of(v, m, hashSize), v, m, port, age));
            return found[0];
        });
        if (line == null) {
            throw new ConsoleException(Errno.ENODEV);
        }
        ctx.println(line);
    }

    // ---------------------------------------------------------------- port

    private void portShowinfo(final CommandContext ctx) {
        final Object[] t = call(c -> new Object[] {c.portCount(), c.forwarder().hub()});
        ctx.println("Numports=" + t[0]);
        ctx.println("HUB=" + t[1]);
        ctx.println("counters=true");
    }

    private void portSetnumports(final CommandContext ctx) {
        final int n = ctx.intArg(0, "numports");
        check(call(c -> c.setPortCount(n)), "numports: " + n);
    }

    private void portSethub(final CommandContext ctx) {
        final boolean hub = ctx.intArg(0, "hub") != 0;
        call(c -> {
            c.forwarder().hub(hub);
            c.macTable().clear();
            return null;
        });
    }

    private int portArg(final CommandContext ctx, final int index, final SwitchControl c, final boolean mustExist) {
        final int n = ctx.intArg(index, "port");
        if (n < 0 || n >= c.portCount()) {
            throw new ConsoleException(Errno.EINVAL, "port: " + n + " (expected: 0.." + (c.portCount() - 1) + ")");
        }
        if (mustExist && !c.port(n).allocated()) {
            throw new ConsoleException(Errno.ENXIO, "port " + n + " is not allocated (port/create it first)");
        }
        return n;
    }

    private void portSetvlan(final CommandContext ctx) {
        final int vid = ctx.intArg(1, "vlan");
        call(c -> {
            final int port = portArg(ctx, 0, c, true);
            check(c.vlanTable().setUntagged(port, vid), "port " + port + " vlan " + vid);
            return null;
        });
    }

    private void portCreateauto(final CommandContext ctx) {
        final int n = call(SwitchControl::createAutoPort);
        if (n < 0) {
            throw new ConsoleException(Errno.ENOSPC, "no free port");
        }
        ctx.printf("Port %04d", n);
    }

    private void portCreate(final CommandContext ctx) {
        final int n = ctx.intArg(0, "port");
        check(call(c -> c.createPort(n)), "port " + n);
    }

    private void portRemove(final CommandContext ctx) {
        final int n = ctx.intArg(0, "port");
        check(call(c -> c.removePort(n)), "port " + n);
    }

    private void portAllocatable(final CommandContext ctx) {
        final boolean v = ctx.intArg(1, "allocatable") != 0;
        call(c -> {
            c.port(portArg(ctx, 0, c, true)).allocatable(v);
            return null;
        });
    }

    private static int who(final String s, final boolean group) {
        if ("NONE".equals(s) || "ANY".equals(s)) {
            return Port.ANY;
        }
        try {
            return CNumbers.parseInt(s);
        } catch (NumberFormatException e) {
            final int id = group ? Native.groupId(s) : Native.userId(s);
            if (id < 0) {
                throw new ConsoleException(Errno.EINVAL, (group ? "group" : "user") + ": no such " + s);
            }
            return id;
        }
    }

    private void portSetuser(final CommandContext ctx) {
        final List<String> w = ctx.words();
        final int uid = who(w.size() > 1 ? w.get(1) : "", false);
        call(c -> {
            c.port(portArg(ctx, 0, c, true)).aclUser(uid);
            return null;
        });
    }

    private void portSetgroup(final CommandContext ctx) {
        final List<String> w = ctx.words();
        final int gid = who(w.size() > 1 ? w.get(1) : "", true);
        call(c -> {
            c.port(portArg(ctx, 0, c, true)).aclGroup(gid);
            return null;
        });
    }

    private void portEpclose(final CommandContext ctx) {
        final int port = ctx.intArg(0, "port");
        final int id = ctx.intArg(1, "endpoint id");
        check(call(c -> c.closeEndpoint(port, id)), "port " + port + " endpoint " + id);
    }

    private void portConnect(final CommandContext ctx) {
        final int port = ctx.intArg(0, "port");
        final List<String> w = ctx.words();
        final String target = w.size() > 1 ? w.get(1) : "";
        try {
            io.jvde.sw.engine.StreamAddress.parse(target);
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(Errno.EINVAL, "target: " + e.getMessage());
        }
        check(call(c -> c.connectPort(port, target)), "port " + port + " link " + target);
    }

    private void portDisconnect(final CommandContext ctx) {
        final int port = ctx.intArg(0, "port");
        check(call(c -> c.disconnectPort(port)), "port " + port + " has no link");
    }

    private void portResetcounter(final CommandContext ctx) {
        call(c -> {
            if (ctx.words().isEmpty()) {
                for (int i = 0; i < c.portCount(); i++) {
                    c.port(i).resetCounters();
                }
            } else {
                c.port(portArg(ctx, 0, c, false)).resetCounters();
            }
            return null;
        });
    }

    private void portPrint(final CommandContext ctx, final boolean all) {
        final List<String> lines = call(c -> {
            final List<String> l = new ArrayList<>();
            if (!ctx.words().isEmpty()) {
                final int n = portArg(ctx, 0, c, false);
                if (!c.port(n).allocated()) {
                    throw new ConsoleException(Errno.ENXIO);
                }
                printPort(l, c, c.port(n));
            } else {
                for (int i = 0; i < c.portCount(); i++) {
                    final Port p = c.port(i);
                    if (p.allocated() && (all || p.active() || c.portLink(i) != null)) {
                        printPort(l, c, p);
                    }
                }
            }
            return l;
        });
        lines.forEach(ctx::println);
    }

    private static String user(final int uid) {
        return uid == Port.NO_USER || uid == Port.ANY ? "NONE" : Native.userName(uid);
    }

    private static String group(final int gid) {
        return gid == Port.ANY ? "NONE" : Integer.toString(gid);
    }

    private static void printPort(final List<String> l, final SwitchControl c, final Port p) {
        l.add(String.format(Locale.ROOT, "Port %04d untagged_vlan=%04d %s - %sUnnamed Allocatable", p.number(),
            c.vlanTable().untaggedVlan(p.number()), p.active() ? "ACTIVE" : "INACTIVE",
            p.allocatable() ? "" : "NOT "));
        l.add(" Current User: " + user(p.currentUser()) + " Access Control: (User: " + user(p.aclUser())
            + " - Group: " + group(p.aclGroup()) + ")");
        l.add(String.format(Locale.ROOT, " IN:  pkts %10d          bytes %20d", p.inPackets, p.inBytes));
        l.add(String.format(Locale.ROOT, " OUT: pkts %10d          bytes %20d", p.outPackets, p.outBytes));
        if (p.captureDrops != 0) { // only while a capture lost frames, so vde_switch's layout stays otherwise
            l.add(String.format(Locale.ROOT, " CAPTURE: dropped %10d (capture ring full)", p.captureDrops));
        }
        // vde_switch lists endpoints newest first
        for (int i = p.endpointCount() - 1; i >= 0; i--) {
            final Endpoint e = p.endpoint(i);
            l.add(String.format(Locale.ROOT, "  -- endpoint ID %04d module %-12s: %s", e.id(), e.module(),
                e.description()));
        }
        // jvde only, and only for a port with an outbound link: its target and state
        final String link = c.portLink(p.number());
        if (link != null) {
            l.add(" Link: " + link);
        }
        // jvde only, and only for a port with a limit: a line of its own after vde_switch's lines
        if (p.macLimit() != 0) {
            l.add(" MAC limit: " + p.macLimit() + " learned: " + c.learnedMacs(p.number()));
        }
    }

    private void portMaclimit(final CommandContext ctx) {
        final int limit = ctx.intArg(1, "limit");
        call(c -> {
            final int port = portArg(ctx, 0, c, true);
            check(c.setMacLimit(port, limit), "port " + port + " mac limit " + limit + " (expected: >= 0)");
            return null;
        });
    }

    private void portMirror(final CommandContext ctx) {
        final List<String> w = ctx.words();
        call(c -> {
            final int src = portArg(ctx, 0, c, true);
            if (w.size() > 1 && "none".equalsIgnoreCase(w.get(1))) {
                c.forwarder().clearMirror(src);
            } else {
                final int dst = portArg(ctx, 1, c, true);
                check(c.forwarder().setMirror(src, dst), "mirror " + src + " -> " + dst);
            }
            return null;
        });
    }

    private void portCounters(final CommandContext ctx) {
        final List<String> lines = call(c -> {
            final List<String> l = new ArrayList<>();
            for (int i = 0; i < c.portCount(); i++) {
                final Port p = c.port(i);
                if (!p.allocated() || (!ctx.words().isEmpty() && i != portArg(ctx, 0, c, false))) {
                    continue;
                }
                l.add(String.format(Locale.ROOT, "Port %04d IN %d pkts %d bytes OUT %d pkts %d bytes DROP %d pkts",
                    i, p.inPackets, p.inBytes, p.outPackets, p.outBytes, p.totalDrops()));
                for (final DropReason r : DropReason.values()) {
                    if (p.drops(r) > 0) {
                        l.add(String.format(Locale.ROOT, "  drop %-18s %d  (%s)",
                            r.name().toLowerCase(Locale.ROOT), p.drops(r), r.label()));
                    }
                }
            }
            return l;
        });
        lines.forEach(ctx::println);
    }

    // ---------------------------------------------------------------- vlan

    private void vlanCreate(final CommandContext ctx) {
        final int vid = ctx.intArg(0, "vlan");
        check(call(c -> c.vlanTable().create(vid)), "vlan: " + vid + " (expected: " + VlanTable.MIN_VID + ".."
            + VlanTable.MAX_VID + ", not yet defined)");
    }

    private void vlanRemove(final CommandContext ctx) {
        final int vid = ctx.intArg(0, "vlan");
        check(call(c -> c.vlanTable().remove(vid)), "vlan " + vid);
    }

    private void vlanAddport(final CommandContext ctx) {
        final int vid = ctx.intArg(0, "vlan");
        call(c -> {
            final int port = portArg(ctx, 1, c, true);
            check(c.vlanTable().addTagged(vid, port), "vlan " + vid + " port " + port);
            return null;
        });
    }

    private void vlanDelport(final CommandContext ctx) {
        final int vid = ctx.intArg(0, "vlan");
        call(c -> {
            final int port = portArg(ctx, 1, c, true);
            check(c.vlanTable().removeTagged(vid, port), "vlan " + vid + " port " + port);
            return null;
        });
    }

    private void vlanPrint(final CommandContext ctx, final boolean all) {
        final List<String> lines = call(c -> {
            final List<String> l = new ArrayList<>();
            final int only = ctx.intArgOr(0, "vlan", -1);
            if (only >= 0 && !c.vlanTable().isDefined(only)) {
                throw new ConsoleException(Errno.ENXIO, "vlan " + only + " is not defined");
            }
            for (final int vid : c.vlanTable().definedVlans()) {
                if (only >= 0 && vid != only) {
                    continue;
                }
                l.add(String.format(Locale.ROOT, "VLAN %04d", vid));
                for (final int port : c.vlanTable().memberPorts(vid)) {
                    final Port p = c.port(port);
                    if (!p.allocated() || (!all && !p.active())) {
                        continue;
                    }
                    l.add(String.format(Locale.ROOT, " -- Port %04d tagged=%d active=%d status=Forwarding", port,
                        c.vlanTable().isTaggedMember(vid, port) ? 1 : 0, p.active() ? 1 : 0));
                }
            }
            return l;
        });
        lines.forEach(ctx::println);
    }
}
