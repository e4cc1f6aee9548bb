package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;

/**
 * A picocli mixin of {@code jvde switch} that shapes the process: it adjusts the engine settings and may add a
 * {@link io.jvde.app.ProcessExtension} (DHCP, relay). {@link SwitchCommand} applies every group in turn.
 */
interface SwitchOptionGroup {
    /** @throws IllegalArgumentException naming a bad value or combination */
    void applyTo(ProcessSettings.Builder process);
}
