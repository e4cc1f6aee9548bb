package io.jvde.app.cli;

import io.jvde.app.JvdeVersion;
import io.jvde.app.console.Banner;

/** Version texts of both entry points. */
final class Versions {
    private Versions() {
    }

    /** {@code vde_switch -v}: first line as vde_switch's ({@code VDE 2.3.3}), then who really answers. */
    static String vdeSwitch() {
        return "VDE " + Banner.VDE_VERSION + "\n"
                + "jvde " + JvdeVersion.version() + ": a pure-Java vde_switch (same options, console and protocol)\n";
    }

    /** {@code jvde version}. */
    static String jvde() {
        return "jvde " + JvdeVersion.version() + "\n"
                + "compatible with vde_switch " + Banner.VDE_VERSION + "\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")\n";
    }
}
