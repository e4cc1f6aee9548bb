package io.jvde.tftp;

import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * The TFTP server's limits.
 *
 * @param roots        the directory served on a VLAN (null: TFTP not served there)
 * @param maxTransfers transfers at once in total (each has its own local port, its transfer ID)
 * @param maxPerClient transfers at once from one client address
 * @param maxBlksize   largest block size granted (RFC 2348): what fits one frame unfragmented
 * @param maxWindow    largest window granted (RFC 7440)
 * @param maxFileSize  largest file served, bytes
 * @param retries      retransmissions of an unacknowledged packet before the transfer is abandoned
 */
public record TftpSettings(IntFunction<Path> roots, int maxTransfers, int maxPerClient, int maxBlksize,
                           int maxWindow, long maxFileSize, int retries) {
    public static final int DEFAULT_TRANSFERS = 64;
    public static final int DEFAULT_PER_CLIENT = 8;
    public static final int DEFAULT_WINDOW = 64;
    public static final long DEFAULT_MAX_FILE = 1L << 31;
    public static final int DEFAULT_RETRIES = 5;

    public static TftpSettings of(final IntFunction<Path> roots, final int maxBlksize) {
        return new TftpSettings(roots, DEFAULT_TRANSFERS, DEFAULT_PER_CLIENT, maxBlksize, DEFAULT_WINDOW,
            DEFAULT_MAX_FILE, DEFAULT_RETRIES);
    }
}
