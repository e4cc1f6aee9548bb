package io.jvde.dhcp.wire;

/**
 * DHCP option codes as an open enum: {@code int} constants for the hot path's {@code switch}, and
 * {@link #valueOf(int)} returning a named instance or {@code UNKNOWN(n)} for logs, so an unknown code never fails a
 * decode (RFC 2132, RFC 3046, RFC 3397, RFC 3442, RFC 4578, RFC 5071). All 256 instances exist up front.
 *
 * <p>Also the one table of option names a user may write ({@code --dhcp-option router,...} and the YAML
 * {@code options:} keys, dnsmasq's spellings) and of how each option's configured value is written
 * ({@link ValueKind}), read by {@code io.jvde.dhcp.config.OptionValue}.
 */
public final class DhcpOptionCode {
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DOMAIN_NAME_SERVER = 6;
    public static final int HOST_NAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int INTERFACE_MTU = 26;
    public static final int BROADCAST_ADDRESS = 28;
    public static final int NTP_SERVERS = 42;
    public static final int VENDOR_SPECIFIC = 43;
    public static final int REQUESTED_IP_ADDRESS = 50;
    public static final int IP_ADDRESS_LEASE_TIME = 51;
    public static final int OPTION_OVERLOAD = 52;
    public static final int DHCP_MESSAGE_TYPE = 53;
    public static final int SERVER_IDENTIFIER = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAXIMUM_DHCP_MESSAGE_SIZE = 57;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int VENDOR_CLASS_IDENTIFIER = 60;
    public static final int CLIENT_IDENTIFIER = 61;
    public static final int TFTP_SERVER_NAME = 66;
    public static final int BOOTFILE_NAME = 67;
    public static final int USER_CLASS = 77;
    public static final int CLIENT_FQDN = 81;
    public static final int RELAY_AGENT_INFORMATION = 82;
    public static final int CLIENT_SYSTEM_ARCHITECTURE = 93;
    public static final int CLIENT_NETWORK_INTERFACE = 94;
    public static final int CLIENT_MACHINE_ID = 97;
    public static final int DOMAIN_SEARCH = 119;
    public static final int CLASSLESS_STATIC_ROUTE = 121;
    /** iPXE's encapsulated options; its presence identifies a running iPXE (iPXE documentation). */
    public static final int IPXE_ENCAPSULATED = 175;
    public static final int END = 255;

    /** How a configured value of an option is written (RFC 2132 gives each option's type). */
    public enum ValueKind {
        /** One or more IPv4 addresses, comma-separated: 4 octets each. */
        ADDRESSES,
        /** NVT ASCII text, as written. */
        TEXT,
        /** Comma-separated domain names, RFC 1035 encoded with compression (RFC 3397). */
        DOMAIN_LIST,
        /** A 16-bit number. */
        UINT16,
        /** Unknown to jvde: addresses when every part is one, else text (as dnsmasq guesses). */
        GUESS
    }

    private static final DhcpOptionCode[] BY_CODE = new DhcpOptionCode[256];
    private static final java.util.Map<String, Integer> BY_CONFIG_NAME = new java.util.LinkedHashMap<>();

    static {
        name(PAD, "PAD");
        name(SUBNET_MASK, "SUBNET_MASK", null, ValueKind.ADDRESSES);
        name(ROUTER, "ROUTER", "router", ValueKind.ADDRESSES);
        name(DOMAIN_NAME_SERVER, "DOMAIN_NAME_SERVER", "dns-server", ValueKind.ADDRESSES);
        name(HOST_NAME, "HOST_NAME", null, ValueKind.TEXT);
        name(DOMAIN_NAME, "DOMAIN_NAME", "domain-name", ValueKind.TEXT);
        name(INTERFACE_MTU, "INTERFACE_MTU", "mtu", ValueKind.UINT16);
        name(BROADCAST_ADDRESS, "BROADCAST_ADDRESS", null, ValueKind.ADDRESSES);
        name(NTP_SERVERS, "NTP_SERVERS", "ntp-server", ValueKind.ADDRESSES);
        name(VENDOR_SPECIFIC, "VENDOR_SPECIFIC");
        name(REQUESTED_IP_ADDRESS, "REQUESTED_IP_ADDRESS");
        name(IP_ADDRESS_LEASE_TIME, "IP_ADDRESS_LEASE_TIME");
        name(OPTION_OVERLOAD, "OPTION_OVERLOAD");
        name(DHCP_MESSAGE_TYPE, "DHCP_MESSAGE_TYPE");
        name(SERVER_IDENTIFIER, "SERVER_IDENTIFIER");
        name(PARAMETER_REQUEST_LIST, "PARAMETER_REQUEST_LIST");
        name(MESSAGE, "MESSAGE", null, ValueKind.TEXT);
        name(MAXIMUM_DHCP_MESSAGE_SIZE, "MAXIMUM_DHCP_MESSAGE_SIZE");
        name(RENEWAL_TIME, "RENEWAL_TIME");
        name(REBINDING_TIME, "REBINDING_TIME");
        name(VENDOR_CLASS_IDENTIFIER, "VENDOR_CLASS_IDENTIFIER", null, ValueKind.TEXT);
        name(CLIENT_IDENTIFIER, "CLIENT_IDENTIFIER");
        name(TFTP_SERVER_NAME, "TFTP_SERVER_NAME", "tftp-server", ValueKind.TEXT);
        name(BOOTFILE_NAME, "BOOTFILE_NAME", "bootfile-name", ValueKind.TEXT);
        name(USER_CLASS, "USER_CLASS");
        name(CLIENT_FQDN, "CLIENT_FQDN");
        name(RELAY_AGENT_INFORMATION, "RELAY_AGENT_INFORMATION");
        name(CLIENT_SYSTEM_ARCHITECTURE, "CLIENT_SYSTEM_ARCHITECTURE");
        name(CLIENT_NETWORK_INTERFACE, "CLIENT_NETWORK_INTERFACE");
        name(CLIENT_MACHINE_ID, "CLIENT_MACHINE_ID");
        name(DOMAIN_SEARCH, "DOMAIN_SEARCH", "domain-search", ValueKind.DOMAIN_LIST);
        name(CLASSLESS_STATIC_ROUTE, "CLASSLESS_STATIC_ROUTE");
        name(IPXE_ENCAPSULATED, "IPXE_ENCAPSULATED");
        name(END, "END");
        for (int code = 0; code < BY_CODE.length; code++) {
            if (BY_CODE[code] == null) {
                BY_CODE[code] = new DhcpOptionCode(code, "UNKNOWN", ValueKind.GUESS);
            }
        }
    }

    private final int code;
    private final String name;
    private final ValueKind valueKind;

    private DhcpOptionCode(final int code, final String name, final ValueKind valueKind) {
        this.code = code;
        this.name = name;
        this.valueKind = valueKind;
    }

    private static void name(final int code, final String name) {
        name(code, name, null, ValueKind.GUESS);
    }

    private static void name(final int code, final String name, final String configName, final ValueKind kind) {
        BY_CODE[code] = new DhcpOptionCode(code, name, kind);
        if (configName != null) {
            BY_CONFIG_NAME.put(configName, code);
        }
    }

    /**
     * The code a user wrote: a number 1..254, or a name of the table ({@code router}, {@code dns-server}, ...,
     * case-insensitive, dnsmasq's {@code option:} prefix allowed); -1 for anything else.
     */
    public static int parse(final String text) {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace("option:", "");
        final Integer named = BY_CONFIG_NAME.get(t);
        if (named != null) {
            return named;
        }
        try {
            final int code = Integer.parseInt(t);
            return code >= 1 && code <= 254 ? code : -1;
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    /** What {@link #parse} accepts, for messages: {@code an option code 1..254 or router, dns-server, ...}. */
    public static String expected() {
        return "an option code 1..254 or " + String.join(", ", BY_CONFIG_NAME.keySet());
    }

    /** The instance for {@code code} (masked to 0..255); never null, {@code UNKNOWN(n)} for unnamed codes. */
    public static DhcpOptionCode valueOf(final int code) {
        return BY_CODE[code & 0xFF];
    }

    public int code() {
        return code;
    }

    public String name() {
        return name;
    }

    /** How a configured value of this option is written. */
    public ValueKind valueKind() {
        return valueKind;
    }

    public boolean isKnown() {
        return !"UNKNOWN".equals(name);
    }

    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
