package io.jvde.sw.frame;

import java.nio.ByteBuffer;

/**
 * The three egress variants of a frame ({@link #AS_IS}, {@link #PUSH_TAG}, {@link #POP_TAG}; the forwarding
 * decision names them {@code forward.EgressAction}): as received, with an 802.1Q tag pushed, or with
 * its tag popped (docs/protocol.md §5.1, "Tagging rules").
 *
 * <p>The event loop normally sends a variant without copying, as scatter/gather segments of the received frame
 * at {@code off}, length {@code len}:
 * <ul>
 *   <li>{@code AS_IS}: {@code [off, len]}</li>
 *   <li>{@code PUSH_TAG}: {@code [off, 12]}, the 4 bytes {@link #writeTag} produces, {@code [off + 12, len - 12]}</li>
 *   <li>{@code POP_TAG}: {@code [off, 12]}, {@code [off + 16, len - 16]}</li>
 * </ul>
 * The methods here make real copies (overflow queues, in-process ports) or rewrite the frame in place using the
 * 4 bytes of headroom every frame is received with. All are allocation-free; buffers are big-endian.
 */
public final class VlanTagging {
    /** Sent as received: untagged to untagged, or tagged to tagged with the original TCI (PCP kept). */
    public static final int AS_IS = 0;
    /** Untagged in, tagged out: insert {@code 81 00} and TCI = VID with PCP 0, DEI 0. */
    public static final int PUSH_TAG = 1;
    /** Tagged in, untagged out: remove the 4 tag bytes (the PCP is lost). */
    public static final int POP_TAG = 2;

    private static final int ADDRESSES = EthernetFrame.ADDRESSES_LENGTH;
    private static final int TAG = EthernetFrame.TAG_LENGTH;

    private VlanTagging() {
    }

    /** Length of the variant of a {@code length}-byte frame. */
    public static int variantLength(final int length, final int action) {
        switch (action) {
            case AS_IS:
                return length;
            case PUSH_TAG:
                return length + TAG;
            case POP_TAG:
                return length - TAG;
            default:
                throw unknownAction(action);
        }
    }

    /** Writes the 4-byte tag {@code 81 00 TCI} at absolute {@code index}. */
    public static void writeTag(final ByteBuffer dst, final int index, final int tci) {
        dst.putShort(index, (short) EtherTypes.VLAN);
        dst.putShort(index + EthernetFrame.TPID_LENGTH, (short) tci);
    }

    /**
     * Copies the {@code action} variant of the frame at {@code src[off, off + len)} to {@code dst} at
     * {@code dstOff}; {@code tci} is used by {@code PUSH_TAG} only. The buffers may be the same if the ranges do
     * not overlap.
     *
     * @return the length written
     */
    public static int copyVariant(final ByteBuffer src, final int off, final int len, final int action, final int tci,
                                  final ByteBuffer dst, final int dstOff) {
        switch (action) {
            case AS_IS:
                dst.put(dstOff, src, off, len);
                return len;
            case PUSH_TAG:
                dst.put(dstOff, src, off, ADDRESSES);
                writeTag(dst, dstOff + ADDRESSES, tci);
                dst.put(dstOff + ADDRESSES + TAG, src, off + ADDRESSES, len - ADDRESSES);
                return len + TAG;
            case POP_TAG:
                checkTagged(len);
                dst.put(dstOff, src, off, ADDRESSES);
                dst.put(dstOff + ADDRESSES, src, off + ADDRESSES + TAG, len - ADDRESSES - TAG);
                return len - TAG;
            default:
                throw unknownAction(action);
        }
    }

    /**
     * Pushes a tag in place: moves the 12 address bytes 4 bytes back into the headroom and writes
     * {@code 81 00 TCI} after them (vde_switch's UNTAG2TAG). The payload does not move.
     *
     * @param off absolute offset of the frame; at least 4 bytes of headroom must precede it
     * @return the new offset, {@code off - 4}; the new length is {@code len + 4}
     */
    public static int pushTag(final ByteBuffer buf, final int off, final int len, final int tci) {
        if (off < TAG) {
            throw new IndexOutOfBoundsException("offset: " + off + " (expected: >= " + TAG + " bytes of headroom)");
        }
        final long first8 = buf.getLong(off);
        final int last4 = buf.getInt(off + 8);
        final int newOff = off - TAG;
        buf.putLong(newOff, first8);
        buf.putInt(newOff + 8, last4);
        writeTag(buf, newOff + ADDRESSES, tci);
        return newOff;
    }

    /**
     * Pops the tag in place: moves the 12 address bytes 4 bytes forward over the tag (vde_switch's TAG2UNTAG).
     *
     * @return the new offset, {@code off + 4}; the new length is {@code len - 4}
     */
    public static int popTag(final ByteBuffer buf, final int off, final int len) {
        checkTagged(len);
        final long first8 = buf.getLong(off);
        final int last4 = buf.getInt(off + 8);
        final int newOff = off + TAG;
        buf.putLong(newOff, first8);
        buf.putInt(newOff + 8, last4);
        return newOff;
    }

    /**
     * Rewrites the frame in place into its {@code action} variant.
     *
     * @return the new offset; the new length is {@link #variantLength(int, int)}
     */
    public static int applyInPlace(final ByteBuffer buf, final int off, final int len, final int action,
                                   final int tci) {
        switch (action) {
            case AS_IS:
                return off;
            case PUSH_TAG:
                return pushTag(buf, off, len, tci);
            case POP_TAG:
                return popTag(buf, off, len);
            default:
                throw unknownAction(action);
        }
    }

    private static void checkTagged(final int len) {
        if (len < EthernetFrame.MIN_TAGGED_LENGTH) {
            throw new IllegalArgumentException("tagged frame length: " + len
                + " (expected: >= " + EthernetFrame.MIN_TAGGED_LENGTH + ")");
        }
    }

    private static IllegalArgumentException unknownAction(final int action) {
        return new IllegalArgumentException("egress action: " + action + " (expected: AS_IS, PUSH_TAG or POP_TAG)");
    }
}
