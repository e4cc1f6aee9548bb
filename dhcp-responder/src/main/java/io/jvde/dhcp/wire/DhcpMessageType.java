package io.jvde.dhcp.wire;

/**
 * Values of option 53 as an open enum (RFC 2132 §9.6, RFC 4388 for the leasequery types): {@code int} constants for
 * dispatch and {@link #valueOf(int)} returning a named instance or {@code UNKNOWN(n)}.
 */
public final class DhcpMessageType {
    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;
    public static final int FORCERENEW = 9;
    public static final int LEASEQUERY = 10;
    public static final int LEASEUNASSIGNED = 11;
    public static final int LEASEUNKNOWN = 12;
    public static final int LEASEACTIVE = 13;

    private static final String[] NAMES = {null, "DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPDECLINE",
        "DHCPACK", "DHCPNAK", "DHCPRELEASE", "DHCPINFORM", "DHCPFORCERENEW", "DHCPLEASEQUERY",
        "DHCPLEASEUNASSIGNED", "DHCPLEASEUNKNOWN", "DHCPLEASEACTIVE"};
    private static final DhcpMessageType[] BY_CODE = new DhcpMessageType[256];

    static {
        for (int code = 0; code < BY_CODE.length; code++) {
            final String name = code < NAMES.length && NAMES[code] != null ? NAMES[code] : "UNKNOWN";
            BY_CODE[code] = new DhcpMessageType(code, name);
        }
    }

    private final int code;
    private final String name;

    private DhcpMessageType(final int code, final String name) {
        this.code = code;
        this.name = name;
    }

    public static DhcpMessageType valueOf(final int code) {
        return BY_CODE[code & 0xFF];
    }

    public int code() {
        return code;
    }

    /** The RFC's spelling, e.g. {@code DHCPDISCOVER}, or {@code UNKNOWN}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "UNKNOWN".equals(name) ? "UNKNOWN(" + code + ")" : name;
    }
}
