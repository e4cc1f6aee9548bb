package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.app.ProcessSettings;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

import java.io.PrintWriter;
import java.util.List;

/** The part {@code vde_switch} and {@code jvde switch} share: options to settings, then run. */
final class SwitchLauncher {
    private SwitchLauncher() {
    }

    static int run(final String program, final VdeSwitchOptions options, final List<SwitchOptionGroup> groups,
                   final CliContext context, final PrintWriter err) {
        // netty (the DHCP buffers) looks for SLF4J and Log4J before it settles on java.util.logging, the only one in
        // the release jar: class lookups that miss, on the start-up's main thread (BENCHMARKS.md, start-up)
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        final ProcessSettings settings;
        try {
            final ProcessSettings.Builder builder = options.toBuilder(program, context.env(), context.root(), err);
            for (final SwitchOptionGroup group : groups) {
                group.applyTo(builder);
            }
            settings = builder.build();
        } catch (final IllegalArgumentException e) {
            err.println(program + ": " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        err.flush();
        return context.runner().run(settings, err);
    }
}
