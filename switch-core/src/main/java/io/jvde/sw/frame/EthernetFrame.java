package io.jvde.sw.frame;

import io.jvde.primitives.Mac48;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An Ethernet II frame as VDE carries it: no preamble, no FCS, one frame per datagram (docs/protocol.md §3.1),
 * optionally with one IEEE 802.1Q C-VLAN tag.
 *
 * <pre>
 * untagged (IEEE 802.3 §3.1.1 without preamble and FCS)
 *  0                   6                   12          14
 * +-------------------+-------------------+-----------+---------------------
 * | destination (6)   | source (6)        | type (2)  | payload ...
 * +-------------------+-------------------+-----------+---------------------
 *
 * 802.1Q tagged (IEEE 802.1Q-2018 §9.3, §9.6)
 *  0                   6                   12          14          16           18
 * +-------------------+-------------------+-----------+-----------+------------+---------
 * | destination (6)   | source (6)        | TPID 8100 | TCI (2)   | type (2)   | payload
 * +-------------------+-------------------+-----------+-----------+------------+---------
 *
 * TCI  15    13  12  11                      0
 *     +--------+---+--------------------------+
 *     | PCP(3) |DEI|        VID (12)          |
 *     +--------+---+--------------------------+
 * </pre>
 *
 * All multi-octet fields are big-endian (network order). Buffers must use {@link ByteOrder#BIG_ENDIAN}, the
 * {@link ByteBuffer} default; the static accessors take an absolute offset and never touch position or limit, so
 * one buffer can hold many frames. The flyweight form ({@link #wrap}) is for code that reads one frame several times.
 */
public final class EthernetFrame {
    public static final int MAC_LENGTH = Mac48.LENGTH;
    public static final int DST_OFFSET = 0;
    public static final int SRC_OFFSET = DST_OFFSET + MAC_LENGTH;
    /** Destination and source together: the bytes that move when a tag is pushed or popped. */
    public static final int ADDRESSES_LENGTH = SRC_OFFSET + MAC_LENGTH;
    public static final int ETHER_TYPE_OFFSET = ADDRESSES_LENGTH;
    public static final int ETHER_TYPE_LENGTH = 2;
    public static final int HEADER_LENGTH = ETHER_TYPE_OFFSET + ETHER_TYPE_LENGTH;

    /** In a tagged frame the EtherType field holds the TPID. */
    public static final int TPID_OFFSET = ETHER_TYPE_OFFSET;
    public static final int TPID_LENGTH = ETHER_TYPE_LENGTH;
    public static final int TCI_OFFSET = TPID_OFFSET + TPID_LENGTH;
    public static final int TCI_LENGTH = 2;
    public static final int TAG_LENGTH = TPID_LENGTH + TCI_LENGTH;
    public static final int INNER_ETHER_TYPE_OFFSET = TCI_OFFSET + TCI_LENGTH;
    public static final int TAGGED_HEADER_LENGTH = INNER_ETHER_TYPE_OFFSET + ETHER_TYPE_LENGTH;

    /** Shortest frame the switch forwards: a bare header (docs/protocol.md §3.2). */
    public static final int MIN_LENGTH = HEADER_LENGTH;
    /** Shortest 802.1Q frame: the tag and the inner EtherType must be present. */
    public static final int MIN_TAGGED_LENGTH = TAGGED_HEADER_LENGTH;
    /** Longest frame: 9216-byte MTU + header + tag, vdeplug4's VDE_ETHBUFSIZE (docs/protocol.md §3.2). */
    public static final int MAX_LENGTH = 9216 + HEADER_LENGTH + TAG_LENGTH;

    public static final int VID_MASK = 0x0FFF;
    public static final int DEI_BIT = 0x1000;
    public static final int PCP_SHIFT = 13;
    public static final int PCP_MASK = 0x7;

    private ByteBuffer buffer;
    private int offset;
    private int length;

    /** Points this flyweight at the frame of {@code length} bytes at absolute {@code offset} of {@code buffer}. */
    public EthernetFrame wrap(final ByteBuffer buffer, final int offset, final int length) {
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("buffer order: " + buffer.order() + " (expected: BIG_ENDIAN)");
        }
        if (offset < 0 || length < 0 || offset + length > buffer.capacity()) {
            throw new IndexOutOfBoundsException("frame: offset " + offset + " length " + length
                + " (expected: within buffer capacity " + buffer.capacity() + ")");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public long dst() {
        return dst(buffer, offset);
    }

    public EthernetFrame dst(final long mac) {
        Mac48.write(buffer, offset + DST_OFFSET, mac);
        return this;
    }

    public long src() {
        return src(buffer, offset);
    }

    public EthernetFrame src(final long mac) {
        Mac48.write(buffer, offset + SRC_OFFSET, mac);
        return this;
    }

    /** The outer EtherType (the TPID when tagged). */
    public int etherType() {
        return etherType(buffer, offset);
    }

    public EthernetFrame etherType(final int etherType) {
        buffer.putShort(offset + ETHER_TYPE_OFFSET, (short) etherType);
        return this;
    }

    public boolean isTagged() {
        return isTagged(buffer, offset);
    }

    /** The TCI; meaningful only when {@link #isTagged()} and {@link #length()} >= {@link #MIN_TAGGED_LENGTH}. */
    public int tci() {
        return tci(buffer, offset);
    }

    public EthernetFrame tci(final int tci) {
        buffer.putShort(offset + TCI_OFFSET, (short) tci);
        return this;
    }

    public int vid() {
        return vidOf(tci());
    }

    public int pcp() {
        return pcpOf(tci());
    }

    public int innerEtherType() {
        return innerEtherType(buffer, offset);
    }

    /** Absolute index of the payload: after the tag when tagged. */
    public int payloadOffset() {
        return offset + (isTagged() ? TAGGED_HEADER_LENGTH : HEADER_LENGTH);
    }

    public static long dst(final ByteBuffer buf, final int offset) {
        return Mac48.read(buf, offset + DST_OFFSET);
    }

    public static long src(final ByteBuffer buf, final int offset) {
        return Mac48.read(buf, offset + SRC_OFFSET);
    }

    public static int etherType(final ByteBuffer buf, final int offset) {
        return buf.getShort(offset + ETHER_TYPE_OFFSET) & 0xFFFF;
    }

    /** Only the C-VLAN TPID 0x8100 counts as a tag; 0x88a8 is payload (docs/protocol.md §5.1 step 3). */
    public static boolean isTagged(final ByteBuffer buf, final int offset) {
        return etherType(buf, offset) == EtherTypes.VLAN;
    }

    public static int tci(final ByteBuffer buf, final int offset) {
        return buf.getShort(offset + TCI_OFFSET) & 0xFFFF;
    }

    public static int vid(final ByteBuffer buf, final int offset) {
        return vidOf(tci(buf, offset));
    }

    public static int pcp(final ByteBuffer buf, final int offset) {
        return pcpOf(tci(buf, offset));
    }

    public static int innerEtherType(final ByteBuffer buf, final int offset) {
        return buf.getShort(offset + INNER_ETHER_TYPE_OFFSET) & 0xFFFF;
    }

    public static int vidOf(final int tci) {
        return tci & VID_MASK;
    }

    public static int pcpOf(final int tci) {
        return (tci >>> PCP_SHIFT) & PCP_MASK;
    }

    public static boolean deiOf(final int tci) {
        return (tci & DEI_BIT) != 0;
    }

    /** Builds a TCI; arguments are masked to their field widths. */
    public static int tciOf(final int pcp, final boolean dei, final int vid) {
        return ((pcp & PCP_MASK) << PCP_SHIFT) | (dei ? DEI_BIT : 0) | (vid & VID_MASK);
    }

    /** True for broadcast and multicast destinations (the I/G bit). */
    public static boolean isGroup(final long mac) {
        return Mac48.isGroup(mac);
    }

    @Override
    public String toString() {
        if (buffer == null) {
            return "EthernetFrame(unwrapped)";
        }
        if (length < MIN_LENGTH) {
            return "EthernetFrame(runt, length " + length + ")";
        }
        final StringBuilder sb = new StringBuilder("EthernetFrame(")
            .append(Mac48.toString(src())).append(" > ").append(Mac48.toString(dst()));
        if (isTagged() && length >= MIN_TAGGED_LENGTH) {
            sb.append(" vid ").append(vid()).append(" pcp ").append(pcp())
                .append(' ').append(EtherTypes.name(innerEtherType()));
        } else {
            sb.append(' ').append(EtherTypes.name(etherType()));
        }
        return sb.append(", length ").append(length).append(')').toString();
    }
}
