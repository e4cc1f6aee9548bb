package io.jvde.dhcp.wire;

import io.jvde.dhcp.DhcpDropReason;
import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a BOOTP/DHCP message (RFC 2131 §2, Figure 1), followed by the magic cookie and the options
 * (RFC 2131 §3, RFC 2132 §2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
 * +---------------+---------------+---------------+---------------+
 * |                            xid (4)                            |
 * +-------------------------------+-------------------------------+
 * |           secs (2)            |           flags (2)           |
 * +-------------------------------+-------------------------------+
 * |                          ciaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                          yiaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                          siaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                          giaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                          chaddr  (16)                         |
 * +---------------------------------------------------------------+
 * |                          sname   (64)                         |
 * +---------------------------------------------------------------+
 * |                          file    (128)                        |
 * +---------------------------------------------------------------+
 * |                      magic cookie (4): 99.130.83.99           |
 * +---------------------------------------------------------------+
 * |                          options (variable)                   |
 * +---------------------------------------------------------------+
 *
 * flags:  B|        MBZ (RFC 2131 §2, Figure 2)
 * </pre>
 *
 * All fields are big-endian. Accessors take no bounds risk once {@link #validate()} returned OK; the entry point
 * never reads a field before that.
 */
public final class DhcpMessage {
    public static final int OP_OFFSET = 0;
    public static final int HTYPE_OFFSET = OP_OFFSET + 1;
    public static final int HLEN_OFFSET = HTYPE_OFFSET + 1;
    public static final int HOPS_OFFSET = HLEN_OFFSET + 1;
    public static final int XID_OFFSET = HOPS_OFFSET + 1;
    public static final int SECS_OFFSET = XID_OFFSET + 4;
    public static final int FLAGS_OFFSET = SECS_OFFSET + 2;
    public static final int CIADDR_OFFSET = FLAGS_OFFSET + 2;
    public static final int YIADDR_OFFSET = CIADDR_OFFSET + 4;
    public static final int SIADDR_OFFSET = YIADDR_OFFSET + 4;
    public static final int GIADDR_OFFSET = SIADDR_OFFSET + 4;
    public static final int CHADDR_OFFSET = GIADDR_OFFSET + 4;
    public static final int CHADDR_LENGTH = 16;
    public static final int SNAME_OFFSET = CHADDR_OFFSET + CHADDR_LENGTH;
    public static final int SNAME_LENGTH = 64;
    public static final int FILE_OFFSET = SNAME_OFFSET + SNAME_LENGTH;
    public static final int FILE_LENGTH = 128;
    /** The fixed BOOTP header ends here (236 bytes). */
    public static final int BOOTP_HEADER_LENGTH = FILE_OFFSET + FILE_LENGTH;
    public static final int COOKIE_OFFSET = BOOTP_HEADER_LENGTH;
    public static final int COOKIE_LENGTH = 4;
    public static final int OPTIONS_OFFSET = COOKIE_OFFSET + COOKIE_LENGTH;
    /** Shortest DHCP message: header plus cookie (options may be just END, but the cookie is mandatory). */
    public static final int MIN_LENGTH = OPTIONS_OFFSET;
    /** Longest request accepted: an Ethernet MTU of 1500 minus IPv4 (20) and UDP (8) headers. */
    public static final int MAX_LENGTH = 1500 - Ipv4Header.MIN_LENGTH - UdpHeader.LENGTH;
    /**
     * Replies are padded to at least this size: BOOTP's 300-byte message, because the Linux in-kernel client
     * silently ignores shorter packets (dnsmasq {@code MIN_PACKETSZ} comment).
     */
    public static final int MIN_REPLY_LENGTH = 300;
    /** RFC 2131 §2: every client accepts a 576-byte IP datagram, i.e. 548 bytes of DHCP message. */
    public static final int MIN_MAX_DATAGRAM = 576;

    public static final int MAGIC_COOKIE = 0x63825363;
    public static final int OP_BOOTREQUEST = 1;
    public static final int OP_BOOTREPLY = 2;
    public static final int HTYPE_ETHERNET = 1;
    /** RFC 2131 §2 Figure 2: the leftmost bit of flags; the other 15 bits must be zero. */
    public static final int FLAG_BROADCAST = 0x8000;
    /** RFC 1542 §4.1.1: a relayed message with more hops than this is discarded. */
    public static final int MAX_HOPS = 16;

    private final DhcpOptionCursor validator = new DhcpOptionCursor();
    private ByteBuf buffer;
    private int offset;
    private int length;

    /** Points the flyweight at the {@code length}-byte message at absolute {@code offset}. */
    public DhcpMessage wrap(final ByteBuf buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public ByteBuf buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /**
     * Checks everything a decode will touch: size, htype, hlen, cookie, and a full walk of the options (options,
     * then file, then sname per option 52). Returns a {@link DhcpDropReason} id or {@link DhcpDropReason#OK}.
     */
    public int validate() {
        if (length < MIN_LENGTH || offset < 0 || offset + length > buffer.capacity()) {
            return DhcpDropReason.TRUNCATED.id();
        }
        if (length > MAX_LENGTH) {
            return DhcpDropReason.OVERSIZED.id();
        }
        if (htype() != HTYPE_ETHERNET) {
            return DhcpDropReason.BAD_HTYPE.id();
        }
        if (hlen() != MacAddress.LENGTH) {
            return DhcpDropReason.BAD_HLEN.id();
        }
        if (buffer.getInt(offset + COOKIE_OFFSET) != MAGIC_COOKIE) {
            return DhcpDropReason.BAD_COOKIE.id();
        }
        validator.wrap(this);
        while (validator.next()) {
            // walking every option is the validation: the cursor records the first error
        }
        return validator.error();
    }

    public int op() {
        return buffer.getUnsignedByte(offset + OP_OFFSET);
    }

    public DhcpMessage op(final int op) {
        buffer.setByte(offset + OP_OFFSET, op);
        return this;
    }

    public int htype() {
        return buffer.getUnsignedByte(offset + HTYPE_OFFSET);
    }

    public DhcpMessage htype(final int htype) {
        buffer.setByte(offset + HTYPE_OFFSET, htype);
        return this;
    }

    public int hlen() {
        return buffer.getUnsignedByte(offset + HLEN_OFFSET);
    }

    public DhcpMessage hlen(final int hlen) {
        buffer.setByte(offset + HLEN_OFFSET, hlen);
        return this;
    }

    public int hops() {
        return buffer.getUnsignedByte(offset + HOPS_OFFSET);
    }

    public DhcpMessage hops(final int hops) {
        buffer.setByte(offset + HOPS_OFFSET, hops);
        return this;
    }

    public int xid() {
        return buffer.getInt(offset + XID_OFFSET);
    }

    public DhcpMessage xid(final int xid) {
        buffer.setInt(offset + XID_OFFSET, xid);
        return this;
    }

    public int secs() {
        return buffer.getUnsignedShort(offset + SECS_OFFSET);
    }

    public DhcpMessage secs(final int secs) {
        buffer.setShort(offset + SECS_OFFSET, secs);
        return this;
    }

    public int flags() {
        return buffer.getUnsignedShort(offset + FLAGS_OFFSET);
    }

    public DhcpMessage flags(final int flags) {
        buffer.setShort(offset + FLAGS_OFFSET, flags);
        return this;
    }

    public boolean broadcast() {
        return (flags() & FLAG_BROADCAST) != 0;
    }

    public int ciaddr() {
        return buffer.getInt(offset + CIADDR_OFFSET);
    }

    public DhcpMessage ciaddr(final int address) {
        buffer.setInt(offset + CIADDR_OFFSET, address);
        return this;
    }

    public int yiaddr() {
        return buffer.getInt(offset + YIADDR_OFFSET);
    }

    public DhcpMessage yiaddr(final int address) {
        buffer.setInt(offset + YIADDR_OFFSET, address);
        return this;
    }

    public int siaddr() {
        return buffer.getInt(offset + SIADDR_OFFSET);
    }

    public DhcpMessage siaddr(final int address) {
        buffer.setInt(offset + SIADDR_OFFSET, address);
        return this;
    }

    public int giaddr() {
        return buffer.getInt(offset + GIADDR_OFFSET);
    }

    public DhcpMessage giaddr(final int address) {
        buffer.setInt(offset + GIADDR_OFFSET, address);
        return this;
    }

    /** The first six octets of chaddr: the client's Ethernet address (hlen 6 after validation). */
    public long chaddr() {
        return MacAddress.read(buffer, offset + CHADDR_OFFSET);
    }

    /** Writes the Ethernet address and zeroes the remaining ten octets of chaddr. */
    public DhcpMessage chaddr(final long mac) {
        MacAddress.write(buffer, offset + CHADDR_OFFSET, mac);
        buffer.setZero(offset + CHADDR_OFFSET + MacAddress.LENGTH, CHADDR_LENGTH - MacAddress.LENGTH);
        return this;
    }

    /** Writes {@code text} as a NUL-terminated string into sname (64) or file (128); false when it does not fit. */
    public boolean string(final int fieldOffset, final int fieldLength, final byte[] text) {
        if (text.length >= fieldLength) {
            return false;
        }
        buffer.setZero(offset + fieldOffset, fieldLength);
        buffer.setBytes(offset + fieldOffset, text);
        return true;
    }

    public DhcpMessage cookie() {
        buffer.setInt(offset + COOKIE_OFFSET, MAGIC_COOKIE);
        return this;
    }
}
