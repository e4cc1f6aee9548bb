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
        IGNORED
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
        final StringBuilder sb = new StringBuilder(160);
        switch (kind) {
            case OFFER -> sb.append("DHCPOFFER ");
            case ACK -> sb.append("DHCPACK ");
            case NAK -> sb.append("DHCPNAK ");
            case INFORM_ACK -> sb.append("DHCPACK(inform) ");
            case RELEASE -> sb.append("DHCPRELEASE of ");
            case DECLINE -> sb.append("DHCPDECLINE of ");
            default -> sb.append(DhcpMessageType.valueOf(requestType)).append(" ignored ");
        }
        if (address != 0) {
            Ipv4Address.append(sb, address).append(' ');
        }
        sb.append(kind == Kind.RELEASE || kind == Kind.DECLINE || kind == Kind.IGNORED ? "from " : "to ");
        MacAddress.append(sb, mac).append(" vlan ").append(vid).append(" port ").append(port);
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
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
