package io.jvde.app.console;

/**
 * The bucket vde_switch's MAC table puts an entry in, which {@code hash/print} and {@code hash/find} print as
 * {@code Hash: NNNN} (docs/protocol.md §5.2, §5.7). jvde's own table is laid out differently; printing vde_switch's
 * number, and listing entries in its bucket order, keeps the output identical for the same traffic.
 */
final class VdeHashBucket {
    private static final int VLAN_SHIFT = 48;

    private VdeHashBucket() {
    }

    /**
     * vde2 src/vde_switch/hash.c: the key is the MAC read as a little-endian 48-bit number with the VLAN above it,
     * mixed by the first rounds of MurmurHash3's fmix64 (without its last xor-shift) and masked to the table size.
     * Checked against Debian's vde_switch 2.3.2 (VdeHashBucketTest).
     *
     * @param hashSize the table size, a power of two ({@code --hashsize}, {@code hash/setsize} round up)
     */
    static int of(final int vid, final long mac, final int hashSize) {
        long key = Long.reverseBytes(mac << 16) | (long) vid << VLAN_SHIFT; // bytes 0..5 little-endian
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        return (int) (key & (hashSize - 1));
    }
}
