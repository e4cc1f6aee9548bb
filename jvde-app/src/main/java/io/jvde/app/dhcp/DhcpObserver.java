package io.jvde.app.dhcp;

import io.jvde.dhcp.server.DhcpEventListener;

/**
 * What the DHCP glue reports to the event stream, on the loop thread: every server exchange (offers, ACKs,
 * releases, declines, NAKs; {@link DhcpEventListener}) and every relay or guard violation. The switch's installed
 * {@link io.jvde.sw.observe.SwitchEvents} is used when it implements this interface.
 */
public interface DhcpObserver extends DhcpEventListener {
    /**
     * A relay ({@code source} "relay") or guard ("guard") drop: {@code reason} its label, {@code mac} the frame's
     * source (low 48 bits), {@code suppressed} how many like it were not reported since the last one.
     */
    void violation(String source, String reason, boolean dropped, int port, int vid, long mac, long suppressed);
}
