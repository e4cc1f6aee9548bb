package io.jvde.bench;

/** How a DHCP request reaches the responder in the DHCP benchmarks. */
public enum DhcpPath {
    /** A client on the switch: broadcast from 0.0.0.0:68 with giaddr 0, answered at layer 2 to chaddr. */
    DIRECT,
    /** Through a relay, as perfdhcp -l sends: unicast from 198.18.0.2:67 with giaddr 198.18.0.2, answered to it. */
    RELAYED
}
