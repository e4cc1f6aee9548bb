package io.jvde.app.services;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandContext;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.CommandTable;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The dns/ and tftp/ console menus: what the lab services serve and what they did, read on the loop thread. */
public final class ServicesCommands implements CommandTable {
    // The ids of the commands in this table (CommandTable).
    private static final int DNS_PRINT = 0;
    private static final int TFTP_PRINT = 1;

    private final RunningSwitch sw;
    private final Supplier<LabServices> services;
    private final LongSupplier clock;

    private ServicesCommands(final RunningSwitch sw, final Supplier<LabServices> services, final LongSupplier clock) {
        this.sw = sw;
        this.services = services;
        this.clock = clock;
    }

    /** {@code services} may be null (both off): the commands then say how to turn them on. */
    public static void register(final CommandRegistry r, final RunningSwitch sw, final Supplier<LabServices> services,
                                final LongSupplier clock) {
        final ServicesCommands c = new ServicesCommands(sw, services, clock);
        r.menu("dns", "DNS MENU")
            .dataCommand("dns/print", "", "the lab names, their addresses and the DNS counters", c, DNS_PRINT);
        r.menu("tftp", "TFTP MENU")
            .dataCommand("tftp/print", "", "the TFTP root, limits, counters and transfers", c, TFTP_PRINT);
    }

    @Override
    public void run(final int id, final CommandContext ctx) {
        switch (id) {
            case DNS_PRINT -> print(ctx, sw.call(c -> services.get() == null ? List.of("dns: off") : services.get()
                .describeDns(clock.getAsLong())));
            case TFTP_PRINT -> print(ctx, sw.call(c -> services.get() == null ? List.of("tftp: off") : services.get()
                .describeTftp()));
            default -> throw CommandTable.noCase(this, id);
        }
    }

    private static void print(final CommandContext ctx, final List<String> lines) {
        lines.forEach(ctx::println);
    }
}
