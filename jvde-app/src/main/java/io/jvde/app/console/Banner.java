package io.jvde.app.console;

/** The vde_switch identity jvde presents on the console: version and the banner of the management socket. */
public final class Banner {
    /** The vde_switch version jvde is compatible with (NixOS's 2.3.3). */
    public static final String VDE_VERSION = "2.3.3";
    /** Sent on every new management connection before the first prompt; showinfo starts with it. */
    public static final String TEXT = "VDE switch V." + VDE_VERSION + "\n"
            + "(C) Virtual Square Team (coord. R. Davoli) 2005,2006,2007 - GPLv2\n";

    private Banner() {
    }
}
