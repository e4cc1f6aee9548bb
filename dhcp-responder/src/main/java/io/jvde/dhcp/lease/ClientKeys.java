package io.jvde.dhcp.lease;

import io.jvde.primitives.Hash64;
import io.jvde.primitives.LongIntTable;
import io.netty.buffer.ByteBuf;

/**
 * The {@code long} a client is known by in a scope: its MAC (48 bits, top bit clear), or with client-id keying a
 * 63-bit hash of option 61 with the top bit set, so the two kinds never collide. The lease keeps the full client-id
 * so the server can detect the (astronomically rare) hash collision and refuse instead of mixing clients up.
 */
public final class ClientKeys {
    private static final long CLIENT_ID_BIT = 1L << 63;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private ClientKeys() {
    }

    public static long ofMac(final long mac) {
        return mac & 0xFFFF_FFFF_FFFFL;
    }

    public static long ofClientId(final ByteBuf buf, final int offset, final int length) {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++) {
            h = (h ^ buf.getUnsignedByte(offset + i)) * FNV_PRIME;
        }
        return finish(h);
    }

    public static long ofClientId(final byte[] id) {
        return marked(Hash64.bytes(id)); // the same FNV-1a and mix as the loop above
    }

    private static long finish(final long fnv) {
        return marked(Hash64.mix(fnv));
    }

    private static long marked(final long hash) {
        final long h = hash | CLIENT_ID_BIT;
        return h == LongIntTable.EMPTY ? h + 1 : h;
    }

    public static boolean isClientId(final long key) {
        return (key & CLIENT_ID_BIT) != 0;
    }
}
