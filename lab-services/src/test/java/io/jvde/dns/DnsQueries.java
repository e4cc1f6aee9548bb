package io.jvde.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** Builds queries and reads answers for the tests, independently of the server's own writer. */
final class DnsQueries {
    private DnsQueries() {
    }

    static byte[] query(final int id, final String name, final int type) {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (id >>> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (final String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                b.write(label.length());
                b.writeBytes(label.getBytes());
            }
        }
        b.write(0);
        b.writeBytes(new byte[] {(byte) (type >>> 8), (byte) type, 0, 1});
        return b.toByteArray();
    }

    /** A parsed response: header fields and the first answer's data. */
    record Response(int id, int flags, int rcode, int qd, int an, int ns, int ar, int answerType, byte[] rdata,
                    String ptr) {
        boolean aa() {
            return (flags & DnsHeader.AA) != 0;
        }

        String a() {
            return rdata == null || rdata.length != 4 ? null : String.format(Locale.ROOT, "%d.%d.%d.%d",
                rdata[0] & 0xFF, rdata[1] & 0xFF, rdata[2] & 0xFF, rdata[3] & 0xFF);
        }
    }

    static Response parse(final ByteBuf out, final int at, final int length) {
        final int id = out.getUnsignedShort(at);
        final int flags = out.getUnsignedShort(at + 2);
        final int qd = out.getUnsignedShort(at + 4);
        final int an = out.getUnsignedShort(at + 6);
        final int ns = out.getUnsignedShort(at + 8);
        final int ar = out.getUnsignedShort(at + 10);
        int p = at + 12;
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < qd; i++) {
            p = DnsName.read(out, at, at + length, p, sb) + 4;
        }
        int type = -1;
        byte[] rdata = null;
        String ptr = null;
        if (an > 0) {
            p = DnsName.read(out, at, at + length, p, sb);
            type = out.getUnsignedShort(p);
            final int rdLength = out.getUnsignedShort(p + 8);
            rdata = new byte[rdLength];
            out.getBytes(p + 10, rdata);
            if (type == 12) {
                DnsName.read(out, at, at + length, p + 10, sb);
                ptr = sb.toString();
            }
        }
        return new Response(id, flags, flags & 0xF, qd, an, ns, ar, type, rdata, ptr);
    }

    static ByteBuf wrap(final byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }
}
