package io.jvde.dhcp.testsupport;

/**
 * A deliberately naive RFC 1071 checksum over byte arrays (16-bit words, end-around carry after every add), kept
 * independent of the production {@code Checksums} so tests check one implementation against another.
 */
public final class TestChecksums {
    private TestChecksums() {
    }

    public static int sum(final byte[] b, final int off, final int len, final int initial) {
        int sum = initial;
        for (int i = 0; i < len; i += 2) {
            final int hi = b[off + i] & 0xFF;
            final int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    public static int checksum(final byte[] b, final int off, final int len) {
        return ~sum(b, off, len, 0) & 0xFFFF;
    }

    /** UDP checksum with pseudo-header; 0 is sent as 0xFFFF. */
    public static int udp(final byte[] b, final int udpOff, final int udpLen, final int src, final int dst) {
        int sum = 0;
        sum = add(sum, src >>> 16);
        sum = add(sum, src & 0xFFFF);
        sum = add(sum, dst >>> 16);
        sum = add(sum, dst & 0xFFFF);
        sum = add(sum, 17);
        sum = add(sum, udpLen);
        final int c = ~sum(b, udpOff, udpLen, sum) & 0xFFFF;
        return c == 0 ? 0xFFFF : c;
    }

    private static int add(final int sum, final int v) {
        final int s = sum + v;
        return (s & 0xFFFF) + (s >>> 16);
    }
}
