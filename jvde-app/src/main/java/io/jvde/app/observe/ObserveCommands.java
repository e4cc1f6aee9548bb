package io.jvde.app.observe;

import io.jvde.app.console.CommandContext;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.CommandTable;
import io.jvde.app.console.ConsoleException;
import io.jvde.sw.Errno;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.sw.observe.CaptureSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Console commands for capture and events: {@code port/pcap}, {@code vlan/pcap}, vde_switch's {@code pdump/*},
 * {@code pcap/print}, and {@code event/wait}, which blocks its session until an event matches (or the current state
 * already does), so a harness configures a port only after its client connected.
 */
final class ObserveCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable), in registration order.
    private static final int PORT_PCAP = 0;
    private static final int VLAN_PCAP = 1;
    private static final int PDUMP_FILENAME = 2;
    private static final int PDUMP_ACTIVE = 3;
    private static final int PDUMP_PRINT = 4;
    private static final int EVENT_WAIT = 5;

    static final int DEFAULT_WAIT_SECONDS = 30;
    static final int MAX_WAIT_SECONDS = 3600;
    private final Observability obs;
    private volatile String pdumpFile = "vde_dump.cap";

    private ObserveCommands(final Observability obs) {
        this.obs = obs;
    }

    static void register(final CommandRegistry registry, final Observability obs) {
        final ObserveCommands c = new ObserveCommands(obs);
        registry.command("port/pcap", "N FILE|off", "capture frames entering port N to a pcapng file",
                c, PORT_PCAP)
            .command("vlan/pcap", "VLAN FILE|off", "capture frames of VLAN entering the switch to a pcapng file",
                c, VLAN_PCAP)
            .menu("pdump", "PACKET DUMP MENU")
            .command("pdump/filename", "FILE", "set the capture file of pdump/active (pcapng)", c, PDUMP_FILENAME)
            .command("pdump/active", "0/1", "capture every port to the pdump file (1) or stop (0)", c, PDUMP_ACTIVE)
            .dataCommand("pdump/print", "", "running captures, frames written and dropped", c, PDUMP_PRINT)
            .menu("event", "EVENT MENU")
            .dataCommand("event/wait", "port-connected N|lease MAC [SECS]",
                "wait until port N has a client or MAC holds a lease; print the event", c, EVENT_WAIT);
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case PORT_PCAP -> portPcap(ctx);
            case VLAN_PCAP -> vlanPcap(ctx);
            case PDUMP_FILENAME -> pdumpFilename(ctx);
            case PDUMP_ACTIVE -> pdumpActive(ctx);
            case PDUMP_PRINT -> print(ctx);
            case EVENT_WAIT -> await(ctx);
            default -> throw CommandTable.noCase(this, id);
        }
    }

    private void portPcap(final CommandContext ctx) {
        final int port = ctx.intArg(0, "port");
        final BitSet ports = new BitSet();
        ports.set(port);
        toggle(ctx, "port/" + port, ports, null);
    }

    private void vlanPcap(final CommandContext ctx) {
        final int vid = ctx.intArg(0, "vlan");
        if (vid < 0 || vid > 4095) {
            throw new ConsoleException(Errno.EINVAL, "vlan: " + vid + " (expected: 0..4095)");
        }
        final BitSet vlans = new BitSet();
        vlans.set(vid);
        toggle(ctx, "vlan/" + vid, null, vlans);
    }

    private void toggle(final CommandContext ctx, final String name, final BitSet ports, final BitSet vlans) {
        final List<String> words = ctx.words();
        if (words.size() != 2) {
            throw new ConsoleException(Errno.EINVAL, "expected: " + name.substring(0, name.indexOf('/'))
                + "/pcap N FILE|off");
        }
        if (words.get(1).equals("off")) {
            if (!obs.stopFileCapture(name)) {
                throw new ConsoleException(Errno.ENOENT, name + ": no capture running");
            }
            return;
        }
        start(name, ports, vlans, words.get(1));
    }

    private void start(final String name, final BitSet ports, final BitSet vlans, final String file) {
        try {
            obs.startFileCapture(name, ports, vlans, Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new ConsoleException(Errno.EIO, file + ": " + e.getMessage());
        }
    }

    private void pdumpFilename(final CommandContext ctx) {
        if (ctx.args().isEmpty()) {
            throw new ConsoleException(Errno.EINVAL, "pdump/filename: missing FILE");
        }
        pdumpFile = ctx.args();
    }

    private void pdumpActive(final CommandContext ctx) {
        if (ctx.intArg(0, "active") != 0) {
            start("pdump", null, null, pdumpFile);
        } else if (!obs.stopFileCapture("pdump")) {
            throw new ConsoleException(Errno.ENOENT, "pdump: not active");
        }
    }

    private void print(final CommandContext ctx) {
        ctx.println("pdump file " + pdumpFile);
        for (final CaptureSink s : obs.fileCaptures().values()) {
            ctx.printf("capture %-10s written %10d dropped %10d", s.name(), s.written(), s.totalDrops());
        }
        for (final CaptureSink s : obs.liveCaptures()) {
            ctx.printf("capture %-10s written %10d dropped %10d", s.name(), s.written(), s.totalDrops());
        }
    }

    private void await(final CommandContext ctx) {
        final List<String> w = ctx.words();
        if (w.size() < 2 || w.size() > 3) {
            throw new ConsoleException(Errno.EINVAL, "expected: event/wait port-connected N|lease MAC [SECS]");
        }
        final Predicate<Event> match;
        final String what;
        switch (w.get(0).toLowerCase(Locale.ROOT)) {
            case "port-connected": {
                final int port = ctx.intArg(1, "port");
                match = e -> e.type().equals("endpoint.connected") && String.valueOf(port).equals(e.field("port"));
                what = "port " + port + " connected";
                break;
            }
            case "lease": {
                final String mac;
                try {
                    mac = MacAddress.toString(MacAddress.parse(w.get(1)));
                } catch (IllegalArgumentException e) {
                    throw new ConsoleException(Errno.EINVAL, "mac: '" + w.get(1) + "' (expected: 52:54:00:12:34:56)");
                }
                match = e -> (e.type().equals("lease.bound") || e.type().equals("lease.renewed"))
                    && mac.equals(e.field("mac"));
                what = "a lease for " + mac;
                break;
            }
            default:
                throw new ConsoleException(Errno.EINVAL, "event/wait: '" + w.get(0)
                    + "' (expected: port-connected or lease)");
        }
        final int seconds = ctx.intArgOr(2, "seconds", DEFAULT_WAIT_SECONDS);
        if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
            throw new ConsoleException(Errno.EINVAL, "seconds: " + seconds + " (expected: 0.." + MAX_WAIT_SECONDS
                + ")");
        }
        final CompletableFuture<Event> result = new CompletableFuture<>();
        Event e = obs.sw().call(c -> obs.hub().await(c, match, result));
        if (e == null) {
            try {
                e = result.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException | InterruptedException | ExecutionException x) {
                obs.sw().call(c -> {
                    obs.hub().cancel(result);
                    return null;
                });
                if (x instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new ConsoleException(Errno.ETIMEDOUT, "event/wait: no " + what + " within " + seconds + " s");
            }
        }
        ctx.println(e.json());
    }
}
