package io.jvde.dhcp.wire;

import io.netty.buffer.ByteBuf;

/**
 * The Ethernet II header of the frames the responder sees and sends (IEEE 802.3 §3.1.1 without preamble and FCS).
 * The switch hands untagged frames; a single 802.1Q tag is tolerated and skipped by {@link #payloadOffset}.
 *
 * <pre>
 *  0                   6                   12          14
 * +-------------------+-------------------+-----------+---------------
 * | destination (6)   | source (6)        | type (2)  | payload ...
 * +-------------------+-------------------+-----------+---------------
 * </pre>
 */
public final class EthernetHeader {
    public static final int DST_OFFSET = 0;
    public static final int SRC_OFFSET = DST_OFFSET + MacAddress.LENGTH;
    public static final int ETHER_TYPE_OFFSET = SRC_OFFSET + MacAddress.LENGTH;
    public static final int ETHER_TYPE_LENGTH = 2;
    public static final int LENGTH = ETHER_TYPE_OFFSET + ETHER_TYPE_LENGTH;
    public static final int TAG_LENGTH = 4;
    /** Minimum frame without FCS (IEEE 802.3 §3.2.8: 64 with FCS); shorter replies are zero-padded. */
    public static final int MIN_FRAME_LENGTH = 60;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;

    private EthernetHeader() {
    }

    public static long dst(final ByteBuf buf, final int frame) {
        return MacAddress.read(buf, frame + DST_OFFSET);
    }

    public static long src(final ByteBuf buf, final int frame) {
        return MacAddress.read(buf, frame + SRC_OFFSET);
    }

    public static int etherType(final ByteBuf buf, final int frame) {
        return buf.getUnsignedShort(frame + ETHER_TYPE_OFFSET);
    }

    /** Offset of the payload's EtherType: after one 802.1Q tag when present. Caller checks the length. */
    public static int innerTypeOffset(final ByteBuf buf, final int frame) {
        return etherType(buf, frame) == TYPE_VLAN ? frame + ETHER_TYPE_OFFSET + TAG_LENGTH : frame + ETHER_TYPE_OFFSET;
    }

    /** Offset of the payload: after the EtherType at {@code typeOffset}. */
    public static int payloadOffset(final int typeOffset) {
        return typeOffset + ETHER_TYPE_LENGTH;
    }

    /** Writes an untagged header; returns the payload offset. */
    public static int write(final ByteBuf buf, final int frame, final long dst, final long src, final int type) {
        MacAddress.write(buf, frame + DST_OFFSET, dst);
        MacAddress.write(buf, frame + SRC_OFFSET, src);
        buf.setShort(frame + ETHER_TYPE_OFFSET, type);
        return frame + LENGTH;
    }
}
