package io.jvde.dhcp.relay;

/**
 * What the relay agent reports to the glue, on the event-loop thread. Arguments are primitives so that reporting
 * allocates nothing; the glue logs drops once per reason.
 */
public interface RelayListener {
    /** Listens to nothing. */
    RelayListener NONE = new RelayListener() {
    };

    /**
     * A DHCP message was relayed. For {@link RelayDirection#CLIENT_TO_SERVER} it is called once per server
     * ({@code server} is that server's address, {@code port} the client's ingress port); for
     * {@link RelayDirection#SERVER_TO_CLIENT} {@code server} is the reply's IP source and {@code port} the client's
     * port ({@link io.jvde.dhcp.FrameSink#FORWARD} when delivered to the whole VLAN). {@code chaddr} holds the MAC in
     * its low 48 bits; addresses are IPv4 ints.
     */
    default void onRelayed(RelayDirection direction, int vid, int port, int xid, long chaddr, int giaddr,
                           int server) {
    }

    /**
     * A frame was dropped (or, when {@code !reason.dropped()}, relayed with something left out). {@code mac} is the
     * frame's Ethernet source, or the client's MAC for packets dropped later from the ARP queue.
     */
    default void onDrop(RelayDropReason reason, int port, int vid, long mac) {
    }
}
