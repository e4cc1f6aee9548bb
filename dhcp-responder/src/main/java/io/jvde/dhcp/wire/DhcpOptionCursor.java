package io.jvde.dhcp.wire;

import io.jvde.dhcp.DhcpDropReason;
import io.netty.buffer.ByteBuf;

/**
 * Allocation-free, bounds-checked walker over a DHCP message's options. It reads the {@code options} field first,
 * then {@code file}, then {@code sname} when option 52 says they are overloaded (RFC 2131 §4.1, RFC 2132 §9.3).
 * PAD is skipped; END closes a field. Every step moves forward and each field is visited at most once, so a hostile
 * message cannot make it loop; option 52 found inside an overloaded field is reported as
 * {@link DhcpDropReason#OVERLOAD_LOOP}.
 *
 * <pre>{@code
 * cursor.wrap(message);
 * while (cursor.next()) {
 *     switch (cursor.code()) { ... cursor.valueOffset(), cursor.valueLength() ... }
 * }
 * if (cursor.error() != DhcpDropReason.OK) { drop }
 * }</pre>
 */
public final class DhcpOptionCursor {
    public static final int FIELD_OPTIONS = 0;
    public static final int FIELD_FILE = 1;
    public static final int FIELD_SNAME = 2;
    private static final int FIELD_DONE = 3;

    /** Option 52 values (RFC 2132 §9.3). */
    public static final int OVERLOAD_FILE = 1;
    public static final int OVERLOAD_SNAME = 2;

    private ByteBuf buf;
    private int message;
    private int messageEnd;
    private int field;
    private int position;
    private int fieldEnd;
    private int overload;
    private int code;
    private int valueOffset;
    private int valueLength;
    private int tlvOffset;
    private int error;

    /** Starts a walk over a validated-size message (at least {@link DhcpMessage#MIN_LENGTH} bytes). */
    public DhcpOptionCursor wrap(final DhcpMessage msg) {
        return wrap(msg.buffer(), msg.offset(), msg.length());
    }

    public DhcpOptionCursor wrap(final ByteBuf buf, final int message, final int length) {
        this.buf = buf;
        this.message = message;
        this.messageEnd = message + length;
        this.field = FIELD_OPTIONS;
        this.position = message + DhcpMessage.OPTIONS_OFFSET;
        this.fieldEnd = messageEnd;
        this.overload = 0;
        this.code = -1;
        this.valueOffset = 0;
        this.valueLength = 0;
        this.tlvOffset = 0;
        this.error = length < DhcpMessage.MIN_LENGTH ? DhcpDropReason.TRUNCATED.id() : DhcpDropReason.OK;
        if (error != DhcpDropReason.OK) {
            field = FIELD_DONE;
        }
        return this;
    }

    /** Moves to the next option; false at the end of the last field or on a malformed option (see {@link #error}). */
    public boolean next() {
        while (field != FIELD_DONE) {
            if (position >= fieldEnd) {
                // A field may end without END: lenient like dnsmasq and Kea, because truncation is already caught
                // by the IP and UDP lengths and some clients omit END.
                nextField();
                continue;
            }
            final int c = buf.getUnsignedByte(position);
            if (c == DhcpOptionCode.PAD) {
                position++;
                continue;
            }
            if (c == DhcpOptionCode.END) {
                nextField();
                continue;
            }
            if (position + 1 >= fieldEnd) {
                return fail(field == FIELD_OPTIONS ? DhcpDropReason.TRUNCATED : DhcpDropReason.BAD_OPTION_LENGTH);
            }
            final int len = buf.getUnsignedByte(position + 1);
            if (position + 2 + len > fieldEnd) {
                return fail(DhcpDropReason.BAD_OPTION_LENGTH);
            }
            if (c == DhcpOptionCode.OPTION_OVERLOAD && !overloadOption(position + 2, len)) {
                return false;
            }
            code = c;
            tlvOffset = position;
            valueOffset = position + 2;
            valueLength = len;
            position += 2 + len;
            return true;
        }
        code = -1;
        return false;
    }

    private boolean overloadOption(final int value, final int len) {
        if (field != FIELD_OPTIONS) {
            return fail(DhcpDropReason.OVERLOAD_LOOP); // RFC 2132 §9.3: 52 is only meaningful in the options field
        }
        if (len != 1) {
            return fail(DhcpDropReason.BAD_OPTION_LENGTH);
        }
        final int v = buf.getUnsignedByte(value);
        if (v < 1 || v > 3 || (overload != 0 && overload != v)) {
            return fail(DhcpDropReason.BAD_OVERLOAD);
        }
        overload = v;
        return true;
    }

    /** RFC 2131 §4.1: options, then file (overload 1 or 3), then sname (overload 2 or 3). */
    private void nextField() {
        if (field == FIELD_OPTIONS && (overload & OVERLOAD_FILE) != 0) {
            enter(FIELD_FILE, DhcpMessage.FILE_OFFSET, DhcpMessage.FILE_LENGTH);
        } else if (field != FIELD_SNAME && (overload & OVERLOAD_SNAME) != 0) {
            enter(FIELD_SNAME, DhcpMessage.SNAME_OFFSET, DhcpMessage.SNAME_LENGTH);
        } else {
            field = FIELD_DONE;
        }
    }

    private void enter(final int f, final int fieldOffset, final int fieldLength) {
        field = f;
        position = message + fieldOffset;
        fieldEnd = position + fieldLength;
    }

    private boolean fail(final DhcpDropReason reason) {
        error = reason.id();
        field = FIELD_DONE;
        code = -1;
        return false;
    }

    /** Code of the current option. */
    public int code() {
        return code;
    }

    /** Absolute offset of the current option's value. */
    public int valueOffset() {
        return valueOffset;
    }

    public int valueLength() {
        return valueLength;
    }

    /** Absolute offset of the current option's code octet: the start of its encoded TLV. */
    public int tlvOffset() {
        return tlvOffset;
    }

    /** Field holding the current option: {@link #FIELD_OPTIONS}, {@link #FIELD_FILE} or {@link #FIELD_SNAME}. */
    public int field() {
        return field;
    }

    /** Option 52's value once the options field has been walked past it; 0 when absent. */
    public int overload() {
        return overload;
    }

    /** {@link DhcpDropReason#OK} or the id of the first wire error found. */
    public int error() {
        return error;
    }

    public ByteBuf buffer() {
        return buf;
    }
}
