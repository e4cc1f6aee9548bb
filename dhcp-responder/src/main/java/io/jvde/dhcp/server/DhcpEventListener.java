package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;

/**
 * Receives the responder's observations; the glue decides where they go (log, console, metrics). Called on the
 * event-loop thread; implementations must not block and must copy what they keep from the reused {@link DhcpEvent}.
 */
public interface DhcpEventListener {
    /** A listener that ignores everything (a class, not a lambda: it is made at start-up, docs/architecture.md §7). */
    DhcpEventListener NONE = new DhcpEventListener() {
        @Override
        public void onExchange(final DhcpEvent event) {
            // ignored
        }
    };

    /** One call per DHCP exchange (OFFER, ACK, NAK, RELEASE, DECLINE, INFORM, or a deliberate non-answer). */
    void onExchange(DhcpEvent event);

    /** A frame was dropped; {@code mac} is the Ethernet source. Counting already happened. */
    default void onDrop(final DhcpDropReason reason, final int port, final int vid, final long mac) {
    }

    /** The journal could not be synced; the ACKs waiting for it were dropped (clients will retry). */
    default void onJournalFailure(final RuntimeException failure) {
    }
}
