package io.jvde.dhcp.relay;

/** Which way a relayed DHCP message went. */
public enum RelayDirection {
    /** A client's BOOTREQUEST sent on to a server (RFC 1542 §4.1.1). */
    CLIENT_TO_SERVER,
    /** A server's BOOTREPLY delivered to the client (RFC 1542 §4.1.2). */
    SERVER_TO_CLIENT
}
