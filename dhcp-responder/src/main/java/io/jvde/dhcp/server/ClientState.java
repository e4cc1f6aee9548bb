package io.jvde.dhcp.server;

/**
 * The client state a DHCPREQUEST was sent from, derived from the fields RFC 2131 §4.3.2 names (Table 4 in §4.3.6):
 * server identifier, requested IP address, ciaddr, and whether the request was unicast to the server.
 */
public enum ClientState {
    /** Answering an OFFER: server-id present, requested-IP = offered address, ciaddr 0. */
    SELECTING,
    /** After a reboot: no server-id, requested-IP = previous address, ciaddr 0. */
    INIT_REBOOT,
    /** T1 passed: no server-id, no requested-IP, ciaddr set, unicast to the server. */
    RENEWING,
    /** T2 passed: like RENEWING but broadcast. */
    REBINDING,
    /** None of the above (no server-id, no requested-IP, ciaddr 0): the request names no address. */
    INVALID;

    /** RFC 2131 §4.3.2: the server tells the states apart by these fields alone. */
    public static ClientState of(final boolean hasServerId, final boolean hasRequestedIp, final int ciaddr,
                                 final boolean unicast) {
        if (hasServerId) {
            return SELECTING;
        }
        if (hasRequestedIp && ciaddr == 0) {
            return INIT_REBOOT;
        }
        if (ciaddr != 0) {
            // RENEWING and REBINDING differ only in destination (§4.3.2); the switch sees it in the frame.
            return unicast ? RENEWING : REBINDING;
        }
        return INVALID;
    }
}
