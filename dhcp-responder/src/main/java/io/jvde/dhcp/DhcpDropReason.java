package io.jvde.dhcp;

/**
 * Why the responder did not answer a frame it was handed. The entry point returns these as plain {@code int} ids
 * (the ordinal, or {@link #OK}) and counts them, so the hot path neither allocates nor throws. Reasons marked
 * {@linkplain #malformed() malformed} mean the sender broke a wire rule; the others are ordinary "not for us" or
 * policy outcomes.
 */
public enum DhcpDropReason {
    TRUNCATED(true, "truncated: a length field claims more bytes than the frame or message holds"),
    OVERSIZED(true, "oversized: DHCP message longer than 1472 bytes, or frame larger than a reply slot"),
    NOT_IP_OR_ARP(false, "not ip or arp: EtherType is neither IPv4 nor ARP"),
    BAD_IP_HEADER(true, "bad ip header: version is not 4 or header length is below 20 bytes"),
    BAD_IP_CHECKSUM(true, "bad ip checksum: IPv4 header checksum does not verify"),
    IP_FRAGMENT(true, "ip fragment: fragmented datagrams are not reassembled"),
    BAD_UDP_LENGTH(true, "bad udp length: UDP length is below 8 or exceeds the IP payload"),
    BAD_UDP_CHECKSUM(true, "bad udp checksum: UDP checksum does not verify"),
    NOT_FOR_SERVER(false, "not for server: ARP, ICMP or UDP not addressed to the DHCP server"),
    NOT_BOOTREQUEST(true, "not bootrequest: op is not BOOTREQUEST (1)"),
    BAD_HTYPE(true, "bad htype: hardware type is not Ethernet (1)"),
    BAD_HLEN(true, "bad hlen: hardware address length is not 6"),
    BAD_CHADDR(true, "bad chaddr: client hardware address is zero, broadcast or multicast"),
    BAD_COOKIE(true, "bad cookie: magic cookie is not 99.130.83.99"),
    BAD_OPTION_LENGTH(true, "bad option length: option runs past its field or has a length its code forbids"),
    BAD_OVERLOAD(true, "bad overload: option 52 has a value other than 1, 2 or 3, or conflicting copies"),
    OVERLOAD_LOOP(true, "overload loop: option 52 appears inside the overloaded file or sname field"),
    NO_MESSAGE_TYPE(true, "no message type: option 53 is missing"),
    UNEXPECTED_MESSAGE_TYPE(false, "unexpected message type: not a client message the server handles"),
    HOPS_EXCEEDED(true, "hops exceeded: relayed more than 16 times (RFC 1542 §4.1.1)"),
    NO_SCOPE(false, "no scope: no scope serves the VLAN, giaddr or link-selection address"),
    UNTRUSTED_OPTION_82(true, "untrusted option 82: relay agent information from an untrusted port with giaddr 0"),
    SERVER_ID_MISMATCH(false, "server id mismatch: the client addressed another server"),
    UNKNOWN_CLIENT(false, "unknown client: no record of the client and the scope is not authoritative"),
    POOL_EXHAUSTED(false, "pool exhausted: no free or reclaimable address in the scope"),
    LEASE_CAP(false, "lease cap: the scope already holds maxLeases active leases; new clients get no OFFER"),
    ADDRESS_UNAVAILABLE(false, "address unavailable: reserved address is quarantined or held by another client"),
    REQUEST_WITHOUT_ADDRESS(true, "request without address: REQUEST carries neither option 50 nor ciaddr"),
    CLIENT_KEY_COLLISION(false, "client key collision: two client identifiers hash to the same key"),
    REPLY_TOO_LARGE(false, "reply too large: the mandatory options do not fit the client's maximum size"),
    MALFORMED_ARP(true, "malformed arp: not an Ethernet/IPv4 ARP request"),
    MALFORMED_ICMP(true, "malformed icmp: ICMP echo too short or with a bad checksum"),
    JOURNAL_FULL(false, "journal full: the disk has no room; new leases wait (silence), renewals are still served"),
    JOURNAL_FAILED(false, "journal failed: the lease journal could not be made durable; the ACK was not sent"),
    INTERNAL_ERROR(false, "internal error: a bug; the frame was dropped and the responder keeps serving");

    /** Returned by the entry point when the frame was answered or consumed as intended. */
    public static final int OK = -1;
    /** Number of reasons: size of a counter array indexed by {@link #id()}. */
    public static final int COUNT = values().length;
    private static final DhcpDropReason[] BY_ID = values();

    private final boolean malformed;
    private final String label;

    DhcpDropReason(final boolean malformed, final String label) {
        this.malformed = malformed;
        this.label = label;
    }

    /** Stable numeric id (the ordinal). */
    public int id() {
        return ordinal();
    }

    /** True when the sender broke a wire rule (worth a warning), false for ordinary non-answers. */
    public boolean malformed() {
        return malformed;
    }

    /** {@code name: explanation}, for logs and counter listings. */
    public String label() {
        return label;
    }

    /** The reason with {@code id}; throws for ids no reason has (including {@link #OK}). */
    public static DhcpDropReason of(final int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("dhcp drop reason id: " + id + " (expected: 0.." + (BY_ID.length - 1)
                + ")");
        }
        return BY_ID[id];
    }
}
