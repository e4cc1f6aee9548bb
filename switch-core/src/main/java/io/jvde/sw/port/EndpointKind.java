package io.jvde.sw.port;

/** What is behind an endpoint; printed as the "module" in port/print. */
public enum EndpointKind {
    /** A libvdeplug client: control stream plus a connected datagram socket. */
    UNIX("unix prog"),
    /** A Linux tap device opened by the switch (-t IFNAME). */
    TAP("tuntap"),
    /** An in-process port (e.g. the DHCP responder) fed directly by the event loop. */
    LOCAL("local");

    private final String module;

    EndpointKind(final String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }
}
