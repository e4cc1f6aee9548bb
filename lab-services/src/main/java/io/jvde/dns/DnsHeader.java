package io.jvde.dns;

import io.netty.buffer.ByteBuf;

/** The 12-byte DNS header (RFC 1035 §4.1.1): ID, flags, and the four section counts. */
public final class DnsHeader {
    public static final int LENGTH = 12;
    public static final int QR = 0x8000;
    public static final int OPCODE_MASK = 0x7800;
    public static final int AA = 0x0400;
    public static final int TC = 0x0200;
    public static final int RD = 0x0100;
    public static final int RA = 0x0080;

    public static final int NOERROR = 0;
    public static final int FORMERR = 1;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int NOTIMP = 4;
    public static final int REFUSED = 5;

    private DnsHeader() {
    }

    public static int id(final ByteBuf b, final int m) {
        return b.getUnsignedShort(m);
    }

    public static int flags(final ByteBuf b, final int m) {
        return b.getUnsignedShort(m + 2);
    }

    public static int qdcount(final ByteBuf b, final int m) {
        return b.getUnsignedShort(m + 4);
    }

    /** Writes a response header: {@code id}, QR set, {@code flags} (AA, RD ...), the rcode and the counts. */
    public static void write(final ByteBuf b, final int m, final int id, final int flags, final int rcode,
                             final int qd, final int an, final int ns, final int ar) {
        b.setShort(m, id);
        b.setShort(m + 2, QR | flags | (rcode & 0xF));
        b.setShort(m + 4, qd);
        b.setShort(m + 6, an);
        b.setShort(m + 8, ns);
        b.setShort(m + 10, ar);
    }
}
