package io.jvde.dhcp.testsupport;

import java.util.Arrays;

/** An untagged Ethernet/IPv4/UDP frame around any payload (DNS, TFTP), with correct checksums; and its parts. */
public final class UdpFrame {
    private UdpFrame() {
    }

    public static byte[] of(final long ethDst, final long ethSrc, final int ipSrc, final int ipDst, final int srcPort,
                            final int dstPort, final byte[] payload) {
        final int udpLen = 8 + payload.length;
        final int ipLen = 20 + udpLen;
        final byte[] f = new byte[Math.max(60, 14 + ipLen)];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (ethDst >>> (40 - 8 * i));
            f[6 + i] = (byte) (ethSrc >>> (40 - 8 * i));
        }
        f[12] = 0x08;
        f[14] = 0x45;
        f[16] = (byte) (ipLen >>> 8);
        f[17] = (byte) ipLen;
        f[22] = 64;
        f[23] = 17;
        System.arraycopy(Bytes.int32(ipSrc), 0, f, 26, 4);
        System.arraycopy(Bytes.int32(ipDst), 0, f, 30, 4);
        final int ipSum = TestChecksums.checksum(f, 14, 20);
        f[24] = (byte) (ipSum >>> 8);
        f[25] = (byte) ipSum;
        f[34] = (byte) (srcPort >>> 8);
        f[35] = (byte) srcPort;
        f[36] = (byte) (dstPort >>> 8);
        f[37] = (byte) dstPort;
        f[38] = (byte) (udpLen >>> 8);
        f[39] = (byte) udpLen;
        System.arraycopy(payload, 0, f, 42, payload.length);
        final int udpSum = TestChecksums.udp(f, 34, udpLen, ipSrc, ipDst);
        f[40] = (byte) (udpSum >>> 8);
        f[41] = (byte) udpSum;
        return f;
    }

    /** The UDP payload of an untagged frame. */
    public static byte[] payload(final byte[] f) {
        return Arrays.copyOfRange(f, 42, 34 + Bytes.uint16(f, 38));
    }

    /** True when the frame's IPv4 and UDP checksums verify. */
    public static boolean checksumsOk(final byte[] f) {
        final int udpLen = Bytes.uint16(f, 38);
        final byte[] copy = f.clone();
        copy[40] = 0;
        copy[41] = 0;
        return TestChecksums.checksum(f, 14, 20) == 0 && (Bytes.uint16(f, 40) == 0
            || TestChecksums.udp(copy, 34, udpLen, Bytes.int32(f, 26), Bytes.int32(f, 30)) == Bytes.uint16(f, 40));
    }
}
