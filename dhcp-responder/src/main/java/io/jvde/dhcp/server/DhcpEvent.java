package io.jvde.dhcp.server;

import io.jvde.dhcp.config.ClientArch;
import io.jvde.dhcp.wire.DhcpMessageType;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;

/**
 * One DHCP exchange as the log line sees it: what was asked, what was answered and why. The server fills one
 * reused instance with primitives and references to configuration strings, so an ignoring listener costs nothing;
 * {@link #describe()} builds the text only when a listener wants it. A listener must copy what it keeps.
 */
public final class DhcpEvent {
    /** What the server did. */
    public enum Kind {
        OFFER, ACK, NAK, INFORM_ACK, RELEASE, DECLINE,
        /** No reply by design (other server chosen, unknown client, nothing to release). */
        IGNORED,
        /** Not an exchange: a bound lease ran out (its client neither renewed nor released it). */
        EXPIRED
    }

    Kind kind;
    int requestType;
    int port;
    int vid;
    long mac;
    int xid;
    ClientState clientState;
    int address;
    long leaseSeconds;
    String scope;
    String why;
    String bootFile;
    ClientArch arch;
    int archCode;
    boolean ipxe;
    int giaddr;
    int omittedOptions;
    boolean option82Omitted;
    int replyRow;
    private byte[] hostReserved;
    private io.netty.buffer.ByteBuf hostBuf;
    private int hostOffset;
    private int hostLength;
    private byte[] hostRecorded;

    /**
     * Where the client's host name is: the reservation's ({@code reserved}), else option 12 of the request
     * ({@code length} bytes at {@code offset} of {@code buf}, length <= 0 when absent), else the lease record's
     * ({@code recorded}). Only references are kept; {@link #hostname()} builds the text.
     */
    void hostname(final byte[] reserved, final io.netty.buffer.ByteBuf buf, final int offset, final int length,
                  final byte[] recorded) {
        hostReserved = reserved;
        hostBuf = length > 0 ? buf : null;
        hostOffset = offset;
        hostLength = length;
        hostRecorded = recorded;
    }

    void reset(final int type, final int ingressPort, final int ingressVid, final long clientMac, final int txid) {
        kind = Kind.IGNORED;
        requestType = type;
        port = ingressPort;
        vid = ingressVid;
        mac = clientMac;
        xid = txid;
        clientState = null;
        address = 0;
        leaseSeconds = 0;
        scope = null;
        why = null;
        bootFile = null;
        arch = ClientArch.UNKNOWN;
        archCode = -1;
        ipxe = false;
        giaddr = 0;
        omittedOptions = 0;
        option82Omitted = false;
        replyRow = 0;
        hostReserved = null;
        hostBuf = null;
        hostLength = 0;
        hostRecorded = null;
    }

    /** An expired lease (no request behind it: port -1, no xid). */
    void expired(final int vid, final int address, final long mac, final String scope, final byte[] hostname) {
        reset(0, -1, vid, mac, 0);
        kind = Kind.EXPIRED;
        this.address = address;
        this.scope = scope;
        this.why = "lease time ran out";
        hostRecorded = hostname;
    }

    /**
     * The client's host name: its reservation's, else option 12 as this request (or, for a release, decline or
     * expiry, the lease) carried it; null when none. Builds a string: call it only when needed.
     */
    public String hostname() {
        if (hostReserved != null) {
            return new String(hostReserved, java.nio.charset.StandardCharsets.US_ASCII);
        }
        if (hostBuf != null) {
            return hostBuf.toString(hostOffset, hostLength, java.nio.charset.StandardCharsets.US_ASCII);
        }
        return hostRecorded == null ? null : new String(hostRecorded, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * True when {@link #hostname()} would return text equal to {@code text} (both null included), decided without
     * building it, so a listener that keeps the name can skip the copy when it did not change. Conservative: a name
     * with a byte above 0x7F never matches (the caller then builds it with {@link #hostname()}).
     */
    public boolean hostnameIs(final String text) {
        if (hostReserved != null) {
            return asciiEquals(hostReserved, text);
        }
        if (hostBuf != null) {
            if (text == null || text.length() != hostLength) {
                return false;
            }
            for (int i = 0; i < hostLength; i++) {
                final byte b = hostBuf.getByte(hostOffset + i);
                if (b < 0 || text.charAt(i) != b) {
                    return false;
                }
            }
            return true;
        }
        return hostRecorded == null ? text == null : asciiEquals(hostRecorded, text);
    }

    private static boolean asciiEquals(final byte[] bytes, final String text) {
        if (text == null || text.length() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0 || text.charAt(i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    public Kind kind() {
        return kind;
    }

    /** Option 53 of the request. */
    public int requestType() {
        return requestType;
    }

    public int port() {
        return port;
    }

    public int vid() {
        return vid;
    }

    public long mac() {
        return mac;
    }

    public int xid() {
        return xid;
    }

    /** For DHCPREQUEST: the RFC 2131 §4.3.2 state; null otherwise. */
    public ClientState clientState() {
        return clientState;
    }

    /** The address offered, acknowledged, released or declined (0 when none). */
    public int address() {
        return address;
    }

    public long leaseSeconds() {
        return leaseSeconds;
    }

    /** Name of the scope that answered. */
    public String scope() {
        return scope;
    }

    /** Why: "reservation mac ...", "formula nixos", "previous lease", "hash", or the NAK / ignore reason. */
    public String why() {
        return why;
    }

    public String bootFile() {
        return bootFile;
    }

    public ClientArch arch() {
        return arch;
    }

    /** Option 93's first code as received, or -1. */
    public int archCode() {
        return archCode;
    }

    public boolean ipxe() {
        return ipxe;
    }

    public int giaddr() {
        return giaddr;
    }

    /** Configured options left out because the reply hit the client's size limit. */
    public int omittedOptions() {
        return omittedOptions;
    }

    /** True when the option 82 echo did not fit and was left out (RFC 3046 §2.2). */
    public boolean option82Omitted() {
        return option82Omitted;
    }

    /** The log line, e.g. {@code DHCPACK 192.168.1.1 to 52:54:00:12:01:01 vlan 1 port 3 lease 86400s ...}. */
    public String describe() {
        return describeTo(new StringBuilder(160)).toString();
    }

    /**
     * Appends the log line ({@link #describe()}'s text) to {@code sb} and returns it; allocates nothing once
     * {@code sb} has room (the glue formats a turn's lines into one reused builder).
     */
    public StringBuilder describeTo(final StringBuilder sb) {
        switch (kind) {
            case OFFER -> sb.append("DHCPOFFER ");
            case ACK -> sb.append("DHCPACK ");
            case NAK -> sb.append("DHCPNAK ");
            case INFORM_ACK -> sb.append("DHCPACK(inform) ");
            case RELEASE -> sb.append("DHCPRELEASE of ");
            case DECLINE -> sb.append("DHCPDECLINE of ");
            case EXPIRED -> sb.append("lease expired: ");
            default -> sb.append(DhcpMessageType.valueOf(requestType)).append(" ignored ");
        }
        if (address != 0) {
            Ipv4Address.append(sb, address).append(' ');
        }
        sb.append(kind == Kind.RELEASE || kind == Kind.DECLINE || kind == Kind.IGNORED ? "from "
            : kind == Kind.EXPIRED ? "of " : "to ");
        MacAddress.append(sb, mac).append(" vlan ").append(vid);
        if (port >= 0) {
            sb.append(" port ").append(port);
        }
        if (giaddr != 0) {
            Ipv4Address.append(sb.append(" via "), giaddr);
        }
        if (clientState != null) {
            sb.append(" state ").append(clientState);
        }
        if (scope != null) {
            sb.append(" scope ").append(scope);
        }
        if (leaseSeconds != 0) {
            sb.append(" lease ").append(leaseSeconds).append('s');
        }
        if (why != null) {
            sb.append(" (").append(why).append(')');
        }
        if (bootFile != null) {
            sb.append(" boot ").append(bootFile).append(" for ").append(ipxe ? "ipxe" : arch.configName());
            if (archCode >= 0) {
                sb.append(" (arch ").append(archCode).append(')');
            }
        }
        if (omittedOptions > 0) {
            sb.append(" omitted ").append(omittedOptions).append(" options (size limit)");
        }
        if (option82Omitted) {
            sb.append(" option 82 echo omitted (size limit)");
        }
        return sb;
    }

    @Override
    public String toString() {
        return describe();
    }
}
