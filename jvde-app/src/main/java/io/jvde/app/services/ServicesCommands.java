package io.jvde.app.services;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandContext;
import io.jvde.app.console.CommandRegistry;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The dns/ and tftp/ console menus: what the lab services serve and what they did, read on the loop thread. */
public final class ServicesCommands {
    private ServicesCommands() {
    }

    /** {@code services} may be null (both off): the commands then say how to turn them on. */
    public static void register(final CommandRegistry r, final RunningSwitch sw, final Supplier<LabServices> services,
                                final LongSupplier clock) {
        r.menu("dns", "DNS MENU")
            .dataCommand("dns/print", "", "the lab names, their addresses and the DNS counters", ctx ->
                print(ctx, sw.call(c -> services.get() == null ? List.of("dns: off") : services.get()
                    .describeDns(clock.getAsLong()))));
        r.menu("tftp", "TFTP MENU")
            .dataCommand("tftp/print", "", "the TFTP root, limits, counters and transfers", ctx ->
                print(ctx, sw.call(c -> services.get() == null ? List.of("tftp: off") : services.get()
                    .describeTftp())));
    }

    private static void print(final CommandContext ctx, final List<String> lines) {
        lines.forEach(ctx::println);
    }
}
