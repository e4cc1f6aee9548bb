package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.wire.ClientFqdn;
import io.jvde.dhcp.wire.DhcpMessage;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.DhcpOptionCursor;
import io.jvde.dhcp.wire.RelayAgentInformation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The options of one validated client message, parsed in a single walk into offsets and values, reused for every
 * request. Length rules that the option code implies are checked here (RFC 2132: 53 is 1 octet, 50 and 54 are 4,
 * 57 is 2, 61 is at least 2, 93 is a list of 16-bit codes).
 */
final class DhcpRequest {
    static final int ABSENT = -1;

    private final DhcpOptionCursor cursor = new DhcpOptionCursor();
    private final RelayAgentInformation rai = new RelayAgentInformation();

    ByteBuf buf;
    int messageType;
    boolean hasRequestedIp;
    int requestedIp;
    boolean hasServerId;
    int serverId;
    /** Largest reply IP datagram the client accepts (option 57, at least 576); 0 when absent or invalid. */
    int maxMessageSize;
    int clientIdOffset;
    int clientIdLength;
    int hostnameOffset;
    int hostnameLength;
    /** The name of option 81 as dotted text (RFC 4702 §2), decoded once per request into a reused buffer. */
    final ByteBuf fqdnName = Unpooled.buffer(ClientFqdn.MAX_NAME, ClientFqdn.MAX_NAME);
    /** Length of {@link #fqdnName}, or {@link #ABSENT} when option 81 is absent, malformed or has no name. */
    int fqdnLength;
    int prlOffset;
    int prlLength;
    int vendorClassOffset;
    int vendorClassLength;
    int userClassOffset;
    int userClassLength;
    /** First code of option 93, or {@link #ABSENT}. */
    int archCode;
    boolean ipxeEncapsulated;
    /** Encoded bytes of every option 82 instance together (codes and lengths included), 0 when absent. */
    int relayInfoEncodedLength;
    int relayInfoInstances;
    int circuitIdOffset;
    int circuitIdLength;
    int linkSelection;
    int serverIdOverride;

    /** The client's name for the lease: option 81's (RFC 4702 §3: the server uses it for DNS) before option 12's. */
    ByteBuf nameBuffer() {
        return fqdnLength != ABSENT ? fqdnName : buf;
    }

    int nameOffset() {
        return fqdnLength != ABSENT ? 0 : hostnameOffset;
    }

    int nameLength() {
        return fqdnLength != ABSENT ? fqdnLength : hostnameLength;
    }

    /** Parses the options of {@code msg}; returns a {@link DhcpDropReason} id or OK. */
    int parse(final DhcpMessage msg) {
        reset(msg.buffer());
        cursor.wrap(msg);
        while (cursor.next()) {
            final int reason = option(cursor.code(), cursor.valueOffset(), cursor.valueLength());
            if (reason != DhcpDropReason.OK) {
                return reason;
            }
        }
        return cursor.error();
    }

    private void reset(final ByteBuf b) {
        buf = b;
        messageType = ABSENT;
        hasRequestedIp = false;
        requestedIp = 0;
        hasServerId = false;
        serverId = 0;
        maxMessageSize = 0;
        clientIdOffset = 0;
        clientIdLength = ABSENT;
        hostnameOffset = 0;
        hostnameLength = ABSENT;
        fqdnLength = ABSENT;
        prlOffset = 0;
        prlLength = ABSENT;
        vendorClassOffset = 0;
        vendorClassLength = ABSENT;
        userClassOffset = 0;
        userClassLength = ABSENT;
        archCode = ABSENT;
        ipxeEncapsulated = false;
        relayInfoEncodedLength = 0;
        relayInfoInstances = 0;
        circuitIdOffset = 0;
        circuitIdLength = ABSENT;
        linkSelection = 0;
        serverIdOverride = 0;
    }

    private int option(final int code, final int at, final int len) {
        switch (code) {
            case DhcpOptionCode.DHCP_MESSAGE_TYPE:
                if (len != 1) {
                    return DhcpDropReason.BAD_OPTION_LENGTH.id();
                }
                if (messageType == ABSENT) {
                    messageType = buf.getUnsignedByte(at);
                }
                break;
            case DhcpOptionCode.REQUESTED_IP_ADDRESS:
                if (len != 4) {
                    return DhcpDropReason.BAD_OPTION_LENGTH.id();
                }
                hasRequestedIp = true;
                requestedIp = buf.getInt(at);
                break;
            case DhcpOptionCode.SERVER_IDENTIFIER:
                if (len != 4) {
                    return DhcpDropReason.BAD_OPTION_LENGTH.id();
                }
                hasServerId = true;
                serverId = buf.getInt(at);
                break;
            case DhcpOptionCode.MAXIMUM_DHCP_MESSAGE_SIZE:
                if (len != 2) {
                    return DhcpDropReason.BAD_OPTION_LENGTH.id();
                }
                final int mms = buf.getUnsignedShort(at);
                // RFC 2132 §9.10: minimum legal value 576; smaller values are ignored (ISC dhcrelay does the same).
                maxMessageSize = mms >= DhcpMessage.MIN_MAX_DATAGRAM ? mms : 0;
                break;
            case DhcpOptionCode.CLIENT_IDENTIFIER:
                if (len < 2) {
                    return DhcpDropReason.BAD_OPTION_LENGTH.id(); // RFC 2132 §9.14: minimum length 2
                }
                if (clientIdLength == ABSENT) {
                    clientIdOffset = at;
                    clientIdLength = len;
                }
                break;
            case DhcpOptionCode.HOST_NAME:
                if (hostnameLength == ABSENT && len > 0) {
                    hostnameOffset = at;
                    hostnameLength = len;
                }
                break;
            case DhcpOptionCode.CLIENT_FQDN:
                if (fqdnLength == ABSENT) { // a malformed option 81 loses only the name, not the request
                    final int n = ClientFqdn.decode(buf, at, len, fqdnName);
                    fqdnLength = n > 0 ? n : ABSENT;
                }
                break;
            case DhcpOptionCode.PARAMETER_REQUEST_LIST:
                if (prlLength == ABSENT) {
                    prlOffset = at;
                    prlLength = len;
                }
                break;
            case DhcpOptionCode.VENDOR_CLASS_IDENTIFIER:
                if (vendorClassLength == ABSENT) {
                    vendorClassOffset = at;
                    vendorClassLength = len;
                }
                break;
            case DhcpOptionCode.USER_CLASS:
                if (userClassLength == ABSENT) {
                    userClassOffset = at;
                    userClassLength = len;
                }
                break;
            case DhcpOptionCode.CLIENT_SYSTEM_ARCHITECTURE:
                if (len < 2 || (len & 1) != 0) {
                    return DhcpDropReason.BAD_OPTION_LENGTH.id(); // RFC 4578 §2.1: a list of 16-bit types
                }
                if (archCode == ABSENT) {
                    archCode = buf.getUnsignedShort(at);
                }
                break;
            case DhcpOptionCode.IPXE_ENCAPSULATED:
                ipxeEncapsulated = true;
                break;
            case DhcpOptionCode.RELAY_AGENT_INFORMATION:
                relayInfoInstances++;
                relayInfoEncodedLength += 2 + len;
                return relayAgentInformation(at, len);
            default:
                break;
        }
        return DhcpDropReason.OK;
    }

    /** RFC 3046 §2.2: the server reads circuit-id for policy, link-selection and server-id-override for scope. */
    private int relayAgentInformation(final int at, final int len) {
        rai.wrap(buf, at, len);
        while (rai.next()) {
            switch (rai.code()) {
                case RelayAgentInformation.CIRCUIT_ID:
                    if (circuitIdLength == ABSENT) {
                        circuitIdOffset = rai.valueOffset();
                        circuitIdLength = rai.valueLength();
                    }
                    break;
                case RelayAgentInformation.LINK_SELECTION:
                    if (rai.valueLength() == 4) {
                        linkSelection = buf.getInt(rai.valueOffset());
                    }
                    break;
                case RelayAgentInformation.SERVER_ID_OVERRIDE:
                    if (rai.valueLength() == 4) {
                        serverIdOverride = buf.getInt(rai.valueOffset());
                    }
                    break;
                default:
                    break;
            }
        }
        return rai.malformed() ? DhcpDropReason.BAD_OPTION_LENGTH.id() : DhcpDropReason.OK;
    }

    boolean hasClientId() {
        return clientIdLength > 0;
    }

    /** True when option 55 lists {@code code}. */
    boolean requested(final int code) {
        for (int i = 0; i < prlLength; i++) {
            if (buf.getUnsignedByte(prlOffset + i) == code) {
                return true;
            }
        }
        return false;
    }

    /** Option 60 starts with {@code prefix} (ASCII), e.g. "PXEClient" or "HTTPClient". */
    boolean vendorClassStartsWith(final byte[] prefix) {
        return startsWith(vendorClassOffset, vendorClassLength, prefix);
    }

    /**
     * iPXE identifies itself by user class "iPXE" (sent raw, not in RFC 3004's length-prefixed form) or by its
     * encapsulated option 175 (iPXE documentation; docs/dhcp.md §5). Option 60 is not used: a chainloaded iPXE still
     * says "PXEClient" there (ipxe/ipxe#1527).
     */
    boolean isIpxe(final byte[] ipxe) {
        if (ipxeEncapsulated) {
            return true;
        }
        if (userClassLength == ipxe.length && startsWith(userClassOffset, userClassLength, ipxe)) {
            return true;
        }
        // RFC 3004 form: length-prefixed entries
        int p = userClassOffset;
        final int end = userClassOffset + Math.max(0, userClassLength);
        while (p < end) {
            final int n = buf.getUnsignedByte(p);
            if (p + 1 + n > end) {
                break;
            }
            if (n == ipxe.length && startsWith(p + 1, n, ipxe)) {
                return true;
            }
            p += 1 + n;
        }
        return false;
    }

    private boolean startsWith(final int offset, final int length, final byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.getByte(offset + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
