package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;
import io.jvde.sw.engine.SwitchSettings;
import picocli.CommandLine.Option;

/** Options {@code jvde switch} adds to vde_switch's: engine tuning that vde_switch hard-codes. */
final class JvdeSwitchOptions implements SwitchOptionGroup {
    @Option(names = "--vlan-strict",
            description = "Drop guest-tagged frames on ports without VLAN configuration, as vde_switch does")
    boolean vlanStrict;

    @Option(names = "--stall-timeout", paramLabel = "MILLIS",
            description = "How long a receiver that stopped reading may hold back its senders (default "
                    + SwitchSettings.DEFAULT_STALL_TIMEOUT_MILLIS + ")")
    Integer stallTimeoutMillis;

    @Option(names = "--mac-age", paramLabel = "SECONDS",
            description = "Forget a MAC address not seen for this long (default "
                    + SwitchSettings.DEFAULT_MAC_AGE_SECONDS + ", hash/setexpire)")
    Integer macAgeSeconds;

    @Option(names = "--mac-min-persistence", paramLabel = "SECONDS",
            description = "Ignore a MAC moving to another port within this time of its last sighting (default "
                    + SwitchSettings.DEFAULT_MAC_MIN_PERSISTENCE_SECONDS + ", hash/setminper)")
    Integer macMinPersistenceSeconds;

    @Option(names = "--mac-gc-interval", paramLabel = "SECONDS",
            description = "How often aged MAC entries are swept (default "
                    + SwitchSettings.DEFAULT_MAC_GC_INTERVAL_SECONDS + ", hash/setgcint)")
    Integer macGcIntervalSeconds;

    @Option(names = "--mac-capacity", paramLabel = "N",
            description = "Most MAC entries kept; beyond it the stalest nearby entry is evicted and counted (default "
                    + SwitchSettings.DEFAULT_MAC_CAPACITY + ")")
    Integer macCapacity;

    @Option(names = "--max-ports", paramLabel = "N",
            description = "Ports grow on demand beyond -n up to this many; requests above it are refused (default "
                    + SwitchSettings.DEFAULT_MAX_PORTS + ")")
    Integer maxPorts;

    @Override
    public void applyTo(final ProcessSettings.Builder process) {
        final SwitchSettings.Builder sw = process.switchSettings().vlanStrict(vlanStrict);
        if (stallTimeoutMillis != null) {
            sw.stallTimeoutMillis(stallTimeoutMillis);
        }
        if (macAgeSeconds != null) {
            sw.macAgeSeconds(macAgeSeconds);
        }
        if (macMinPersistenceSeconds != null) {
            sw.macMinPersistenceSeconds(macMinPersistenceSeconds);
        }
        if (macGcIntervalSeconds != null) {
            sw.macGcIntervalSeconds(macGcIntervalSeconds);
        }
        if (macCapacity != null) {
            sw.macCapacity(macCapacity);
        }
        if (maxPorts != null) {
            sw.maxPorts(maxPorts);
        }
    }
}
