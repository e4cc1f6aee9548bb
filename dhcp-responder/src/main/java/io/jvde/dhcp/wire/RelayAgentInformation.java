package io.jvde.dhcp.wire;

import io.netty.buffer.ByteBuf;

/**
 * Cursor over the sub-options of option 82, the relay agent information option (RFC 3046 §2.0): a sequence of
 * code/length/value sub-options without PAD or END. Wire order is kept; nothing is copied. Walking stops at the
 * first sub-option that would run past the option's value ({@link #malformed()}).
 *
 * <pre>
 *  Code   Len     Agent Information Field
 * +------+------+------+------+------+------+--...-+------+
 * |  82  |   N  |  i1  |  i2  |  i3  |  i4  |      |  iN  |
 * +------+------+------+------+------+------+--...-+------+
 *   each sub-option:  SubOpt | Len | value...
 * </pre>
 */
public final class RelayAgentInformation {
    public static final int CIRCUIT_ID = 1;
    public static final int REMOTE_ID = 2;
    /** RFC 3527 §3: the subnet to allocate from when it differs from giaddr. */
    public static final int LINK_SELECTION = 5;
    /** RFC 5010 §4: flags; bit 0 (the high bit) set means the client's packet was unicast. */
    public static final int FLAGS = 10;
    public static final int FLAG_UNICAST = 0x80;
    /** RFC 5107 §4: the address the client should use as server identifier. */
    public static final int SERVER_ID_OVERRIDE = 11;
    /** RFC 8357 §5: the relay's source UDP port. */
    public static final int RELAY_PORT = 19;

    private ByteBuf buf;
    private int position;
    private int end;
    private int code;
    private int valueOffset;
    private int valueLength;
    private boolean malformed;

    /** Walks the value of one option 82 instance: {@code length} bytes at absolute {@code valueOffset}. */
    public RelayAgentInformation wrap(final ByteBuf buf, final int valueOffset, final int length) {
        this.buf = buf;
        this.position = valueOffset;
        this.end = valueOffset + length;
        this.code = -1;
        this.malformed = false;
        return this;
    }

    /** Moves to the next sub-option; false at the end or when the next one is malformed. */
    public boolean next() {
        if (malformed || position >= end) {
            return false;
        }
        if (position + 2 > end || position + 2 + buf.getUnsignedByte(position + 1) > end) {
            malformed = true;
            return false;
        }
        code = buf.getUnsignedByte(position);
        valueLength = buf.getUnsignedByte(position + 1);
        valueOffset = position + 2;
        position = valueOffset + valueLength;
        return true;
    }

    public int code() {
        return code;
    }

    public int valueOffset() {
        return valueOffset;
    }

    public int valueLength() {
        return valueLength;
    }

    /** True when a sub-option ran past the end of the option. */
    public boolean malformed() {
        return malformed;
    }
}
