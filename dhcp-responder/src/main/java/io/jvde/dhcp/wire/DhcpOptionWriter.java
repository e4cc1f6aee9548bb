package io.jvde.dhcp.wire;

import io.netty.buffer.ByteBuf;

/**
 * Appends options to the options field of a message under construction, always leaving room for END and for space
 * reserved by the caller (the verbatim option 82 echo, RFC 3046 §2.2). Values longer than 255 octets are split into
 * consecutive instances of the same code (RFC 3396 §5). A put that does not fit writes nothing and returns false, so
 * the caller can skip an optional option and keep going. The writer never overloads sname or file.
 */
public final class DhcpOptionWriter {
    private static final int MAX_VALUE = 255;

    private ByteBuf buf;
    private int start;
    private int position;
    private int limit;
    private int reserved;

    /** Starts writing at absolute {@code start}; nothing will be written at or after {@code limit}. */
    public DhcpOptionWriter wrap(final ByteBuf buf, final int start, final int limit) {
        this.buf = buf;
        this.start = start;
        this.position = start;
        this.limit = limit;
        this.reserved = 0;
        return this;
    }

    /** Bytes an option with a {@code valueLength}-byte value takes on the wire, split per RFC 3396. */
    public static int encodedLength(final int valueLength) {
        final int instances = valueLength == 0 ? 1 : (valueLength + MAX_VALUE - 1) / MAX_VALUE;
        return valueLength + 2 * instances;
    }

    public int position() {
        return position;
    }

    public int start() {
        return start;
    }

    /** Bytes still available for options, after END and reservations. */
    public int remaining() {
        return limit - position - reserved - 1;
    }

    /** Holds {@code n} bytes back for a later put (e.g. the option 82 echo that must come last). */
    public boolean reserve(final int n) {
        if (n > remaining()) {
            return false;
        }
        reserved += n;
        return true;
    }

    /** Returns previously reserved bytes, right before the put they were held for. */
    public void release(final int n) {
        reserved = Math.max(0, reserved - n);
    }

    public boolean putByte(final int code, final int value) {
        if (remaining() < 3) {
            return false;
        }
        buf.setByte(position, code);
        buf.setByte(position + 1, 1);
        buf.setByte(position + 2, value);
        position += 3;
        return true;
    }

    public boolean putShort(final int code, final int value) {
        if (remaining() < 4) {
            return false;
        }
        buf.setByte(position, code);
        buf.setByte(position + 1, 2);
        buf.setShort(position + 2, value);
        position += 4;
        return true;
    }

    /** A 32-bit value: an IPv4 address or a time in seconds (options 50, 51, 54, 58, 59). */
    public boolean putInt(final int code, final int value) {
        if (remaining() < 6) {
            return false;
        }
        buf.setByte(position, code);
        buf.setByte(position + 1, 4);
        buf.setInt(position + 2, value);
        position += 6;
        return true;
    }

    public boolean put(final int code, final byte[] value) {
        final int len = value.length;
        if (encodedLength(len) > remaining()) {
            return false;
        }
        int done = 0;
        do {
            final int chunk = Math.min(MAX_VALUE, len - done);
            buf.setByte(position, code);
            buf.setByte(position + 1, chunk);
            buf.setBytes(position + 2, value, done, chunk);
            position += 2 + chunk;
            done += chunk;
        } while (done < len);
        return true;
    }

    /** Copies a value from another buffer (e.g. the client identifier of the request, RFC 6842). */
    public boolean put(final int code, final ByteBuf src, final int srcIndex, final int len) {
        if (encodedLength(len) > remaining()) {
            return false;
        }
        int done = 0;
        do {
            final int chunk = Math.min(MAX_VALUE, len - done);
            buf.setByte(position, code);
            buf.setByte(position + 1, chunk);
            buf.setBytes(position + 2, src, srcIndex + done, chunk);
            position += 2 + chunk;
            done += chunk;
        } while (done < len);
        return true;
    }

    /** Copies already-encoded TLVs verbatim (option 82 echo, RFC 3046 §2.2). */
    public boolean putEncoded(final ByteBuf src, final int srcIndex, final int len) {
        if (len > remaining()) {
            return false;
        }
        buf.setBytes(position, src, srcIndex, len);
        position += len;
        return true;
    }

    /** Writes END and zero-pads up to {@code minEnd} (clamped to the limit); returns the end of the message. */
    public int finish(final int minEnd) {
        buf.setByte(position, DhcpOptionCode.END);
        position++;
        final int end = Math.min(Math.max(position, minEnd), limit);
        if (end > position) {
            buf.setZero(position, end - position);
        }
        return end;
    }
}
