package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.app.ProcessSettings;

import java.io.PrintWriter;
import java.util.List;

/** The part {@code vde_switch} and {@code jvde switch} share: options to settings, then run. */
final class SwitchLauncher {
    private SwitchLauncher() {
    }

    static int run(final String program, final VdeSwitchOptions options, final List<SwitchOptionGroup> groups,
                   final CliContext context, final PrintWriter err) {
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
