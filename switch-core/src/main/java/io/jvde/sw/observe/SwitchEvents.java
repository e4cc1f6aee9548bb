package io.jvde.sw.observe;

/**
 * What the engine reports about changes of its state, on the event-loop thread: ports, endpoints, VLAN
 * memberships, MAC learning, links. Every method has a no-op default, so a listener overrides what it wants and
 * {@link #NONE} costs one virtual call on paths that are rare by nature (a MAC learned, not a frame forwarded).
 * Implementations must not block and must copy what they keep.
 */
public interface SwitchEvents {
    /** Listens to nothing. */
    SwitchEvents NONE = new SwitchEvents() {
    };

    /** A port became allocated ({@code port/create}, {@code port/createauto}, or a client attaching). */
    default void portCreated(int port) {
    }

    /** A port was freed ({@code port/remove}). */
    default void portRemoved(int port) {
    }

    /**
     * An endpoint attached to {@code port}. {@code kind} is the transport (unix, tap, local), {@code description}
     * what the client said in its handshake (libvdeplug sends e.g. {@code "vdeplug: user=root pid=42"}).
     */
    default void endpointConnected(int port, int endpointId, String kind, String description) {
    }

    /** An endpoint detached from {@code port}; {@code reason} says why, or is null. */
    default void endpointDisconnected(int port, int endpointId, String kind, String description, String reason) {
    }

    /** A VLAN was defined ({@code vlan/create}) or removed ({@code vlan/remove}). */
    default void vlanDefined(int vid, boolean defined) {
    }

    /**
     * A port's VLAN membership changed: {@code untagged} (its untagged VLAN is now {@code vid}, 4095 = none),
     * {@code tagged+} or {@code tagged-} (a tagged membership of {@code vid} was added or removed).
     */
    default void vlanMembership(int port, String change, int vid) {
    }

    /** {@code mac} (low 48 bits) was learned in VLAN {@code vid} on {@code port} (new, or revived after aging). */
    default void macLearned(int vid, long mac, int port) {
    }

    /** {@code mac} moved in VLAN {@code vid} from port {@code from} to {@code to}. */
    default void macMoved(int vid, long mac, int from, int to) {
    }

    /** {@code mac}'s entry in VLAN {@code vid} on {@code port} aged out (or was evicted by a full table). */
    default void macAged(int vid, long mac, int port) {
    }

    /**
     * An outbound link on {@code port} came up ({@code up}) or went down. {@code kind} is "link" (a stream link,
     * {@code --link} or {@code port/connect}: up when connected, down when lost, refused or stopped) or "vxlan" (a
     * VXLAN peer: up when added, down when removed; UDP has no connection to lose). {@code peer} is its address;
     * {@code reason} says why it went down (null when up). Reported on changes only, never per frame or retry.
     */
    default void link(int port, String kind, String peer, boolean up, String reason) {
    }
}
