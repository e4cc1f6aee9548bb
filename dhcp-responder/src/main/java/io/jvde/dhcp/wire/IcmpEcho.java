package io.jvde.dhcp.wire;

import io.jvde.dhcp.DhcpDropReason;
import io.netty.buffer.ByteBuf;

/**
 * An ICMP echo request or reply (RFC 792); the responder answers pings to its server address.
 *
 * <pre>
 *  0       1       2               4               6               8
 * +-------+-------+---------------+---------------+---------------+--------
 * | type  | code  | checksum      | identifier    | sequence      | data ...
 * +-------+-------+---------------+---------------+---------------+--------
 * </pre>
 */
public final class IcmpEcho {
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = TYPE_OFFSET + 1;
    public static final int CHECKSUM_OFFSET = CODE_OFFSET + 1;
    public static final int IDENTIFIER_OFFSET = CHECKSUM_OFFSET + 2;
    public static final int SEQUENCE_OFFSET = IDENTIFIER_OFFSET + 2;
    public static final int HEADER_LENGTH = SEQUENCE_OFFSET + 2;

    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_ECHO_REQUEST = 8;

    private IcmpEcho() {
    }

    public static int type(final ByteBuf buf, final int icmp) {
        return buf.getUnsignedByte(icmp + TYPE_OFFSET);
    }

    public static int code(final ByteBuf buf, final int icmp) {
        return buf.getUnsignedByte(icmp + CODE_OFFSET);
    }

    /** An ICMP message of {@code length} bytes with a verifying checksum; returns a drop reason id or OK. */
    public static int validate(final ByteBuf buf, final int icmp, final int length) {
        if (length < HEADER_LENGTH) {
            return DhcpDropReason.MALFORMED_ICMP.id();
        }
        if (!Checksums.verifies(buf, icmp, length)) {
            return DhcpDropReason.MALFORMED_ICMP.id();
        }
        return DhcpDropReason.OK;
    }

    /** Sets type and code, then recomputes the checksum over the {@code length}-byte message. */
    public static void finish(final ByteBuf buf, final int icmp, final int length, final int type) {
        buf.setByte(icmp + TYPE_OFFSET, type);
        buf.setByte(icmp + CODE_OFFSET, 0);
        buf.setShort(icmp + CHECKSUM_OFFSET, 0);
        buf.setShort(icmp + CHECKSUM_OFFSET, Checksums.checksum(buf, icmp, length));
    }
}
