package io.jvde.sw.engine;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.port.Endpoint;
import io.jvde.sw.port.Port;
import io.jvde.sw.vlan.VlanTable;

import java.nio.file.Path;
import java.util.List;

/**
 * The event-loop thread's view of the switch state, handed to commands run through {@link VdeSwitch#call}.
 * Only ever used on the loop thread; console commands (port/, vlan/, hash/) are written against it.
 * Mutating methods return an errno-style code (0 = success) the console prints as {@code 1EEE}.
 */
public interface SwitchControl {
    SwitchSettings settings();

    /** Absolute switch directory. */
    Path directory();

    /** Octal mode given to {@code ctl} and data sockets. */
    int socketMode();

    long uptimeSeconds();

    /** Current number of ports (grows on demand). */
    int portCount();

    /** Port {@code n}, 0 &lt;= n &lt; {@link #portCount()}. */
    Port port(int n);

    /** Every attached endpoint. */
    List<Endpoint> endpoints();

    MacTable macTable();

    VlanTable vlanTable();

    Forwarder forwarder();

    /** Sets the port count: grows freely up to maxPorts; shrinking fails (EADDRINUSE) if a port above is allocated. */
    int setPortCount(int n);

    /** Allocates port {@code n} (EEXIST if already allocated); it is then excluded from automatic selection. */
    int createPort(int n);

    /** Frees an allocated, inactive port (EADDRINUSE if active, ENXIO if not allocated). */
    int removePort(int n);

    /** Closes one endpoint of a port, as if its client had gone (ENXIO if there is no such endpoint). */
    int closeEndpoint(int port, int endpointId);

    /**
     * Attaches an in-process port (e.g. the DHCP responder) on {@code port}, or on an automatically chosen port when
     * {@code port} is -1; returns the port, or -1 when none is free.
     */
    int attachLocal(int port, String description, io.jvde.sw.port.LocalPortHandler handler);

    /** Lowest automatically selectable port, allocated and marked not allocatable; -1 if none. */
    int createAutoPort();

    /**
     * Installs the ingress filter (null removes it): consulted for every frame received from a client endpoint
     * (unix socket, tap), after VLAN classification and before MAC learning, never for frames in-process ports
     * inject. See {@link io.jvde.sw.filter.IngressFilter}.
     */
    void setIngressFilter(io.jvde.sw.filter.IngressFilter f);

    /** The installed ingress filter, or null. */
    io.jvde.sw.filter.IngressFilter ingressFilter();

    /**
     * Port security: the switch learns at most {@code limit} source MACs (per (VLAN, MAC) entry) on {@code port};
     * frames from further addresses are dropped as {@code MAC_LIMIT}, known ones keep working; 0 = unlimited.
     * Entries the port already holds stay even above a lowered limit. port/remove resets the limit to 0. In hub
     * mode nothing is learned, so nothing is limited. The check costs nothing for known addresses: it runs only
     * when an entry would be created on (or moved to) the port.
     *
     * @return {@link io.jvde.sw.Errno#OK}, {@link io.jvde.sw.Errno#EINVAL} for {@code limit < 0}, or
     *         {@link io.jvde.sw.Errno#ENXIO} for a port that does not exist (outside 0..portCount-1)
     */
    int setMacLimit(int port, int limit);

    /** The port's limit of learned MACs (0 = unlimited), or -1 when the port does not exist. */
    int macLimit(int port);

    /** MAC entries the port holds now (including aged ones not yet swept), or -1 when the port does not exist. */
    int learnedMacs(int port);

    /**
     * Outbound link: connects port {@code port} to the stream server {@code target} ({@code stream:PATH},
     * {@code unix:PATH}, {@code tcp:HOST:PORT}) and keeps reconnecting with a capped back-off until
     * {@link #disconnectPort}. The port is allocated and kept out of automatic selection.
     *
     * @return {@link io.jvde.sw.Errno#OK}, {@code EINVAL} for a bad port or target, {@code EEXIST} when the port
     *         already has a link
     */
    int connectPort(int port, String target);

    /** Ends the link on {@code port} (its connection closes; the port stays allocated); {@code ENXIO} if none. */
    int disconnectPort(int port);

    /** port/print's line for the link on {@code port} (target and state), or null when it has none. */
    String portLink(int port);

    /** The VXLAN uplink ({@code vxlan/} commands), or null when the switch has none. */
    default io.jvde.sw.vxlan.VxlanControl vxlan() {
        return null;
    }

    /**
     * Installs the observer of state changes (null: none): ports created and removed, endpoints attached and
     * detached, VLAN memberships, MAC entries learned, moved and aged. Called on the loop thread.
     */
    void setEvents(io.jvde.sw.observe.SwitchEvents events);

    /** The installed observer ({@link io.jvde.sw.observe.SwitchEvents#NONE} when none). */
    io.jvde.sw.observe.SwitchEvents events();

    /** Installs the capture tap that sees every ingress frame (null: none; then the engine calls nothing). */
    void setFrameTap(io.jvde.sw.observe.FrameTap tap);
}
