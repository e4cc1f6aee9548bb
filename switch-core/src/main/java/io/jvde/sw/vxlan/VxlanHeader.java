package io.jvde.sw.vxlan;

import java.nio.ByteBuffer;

/**
 * The 8-byte VXLAN header (RFC 7348 §5): flags (8 bits, only I = 0x08 defined), 24 reserved bits, the 24-bit VNI,
 * 8 reserved bits. Sent with flags 0x08 and reserved bits zero; on receive only the I bit is checked and every
 * other bit is ignored, as §5 requires.
 */
public final class VxlanHeader {
    public static final int LENGTH = 8;
    /** The I flag: the VNI is valid. */
    public static final int FLAG_I = 0x08;
    public static final int MAX_VNI = 0xFF_FFFF;
    /** IANA-assigned VXLAN UDP port (RFC 7348 §5). */
    public static final int DEFAULT_PORT = 4789;

    /** Result of {@link #check}: a well-formed header. */
    public static final int OK = 0;
    /** Shorter than the header. */
    public static final int TRUNCATED = 1;
    /** The I flag is not set: the VNI is not valid. */
    public static final int NO_I_FLAG = 2;

    private VxlanHeader() {
    }

    /** Writes a header for {@code vni} at {@code offset}: flags 0x08, reserved bits zero. */
    public static void write(final ByteBuffer buf, final int offset, final int vni) {
        buf.putInt(offset, FLAG_I << 24);
        buf.putInt(offset + 4, (vni & MAX_VNI) << 8);
    }

    /** {@link #OK}, {@link #TRUNCATED} or {@link #NO_I_FLAG} for {@code length} bytes at {@code offset}. */
    public static int check(final ByteBuffer buf, final int offset, final int length) {
        if (length < LENGTH) {
            return TRUNCATED;
        }
        return (buf.get(offset) & FLAG_I) != 0 ? OK : NO_I_FLAG;
    }

    /** The 24-bit VNI of a header at {@code offset} (the low 8 reserved bits ignored). */
    public static int vni(final ByteBuffer buf, final int offset) {
        return buf.getInt(offset + 4) >>> 8;
    }
}
