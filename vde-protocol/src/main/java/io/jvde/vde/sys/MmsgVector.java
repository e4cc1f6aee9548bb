package io.jvde.vde.sys;

/**
 * An array of {@code struct mmsghdr} for recvmmsg/sendmmsg, each header owning a fixed block of
 * {@code struct iovec}s, all laid out once in native memory. Scatter/gather lets one received frame be sent
 * as-is, with an 802.1Q tag inserted, or with one removed, without copying its payload.
 *
 * <pre>
 * struct mmsghdr (64 bytes on LP64):        struct iovec (16 bytes):
 *   0  void*     msg_name                      0 void*  iov_base
 *   8  socklen_t msg_namelen                   8 size_t iov_len
 *  16  iovec*    msg_iov
 *  24  size_t    msg_iovlen
 *  32  void*     msg_control
 *  40  size_t    msg_controllen
 *  48  int       msg_flags
 *  56  unsigned  msg_len   (bytes sent or received)
 * </pre>
 */
public final class MmsgVector {
    public static final int MMSGHDR_SIZE = 64;
    public static final int MSG_NAME_OFFSET = 0;
    public static final int MSG_NAMELEN_OFFSET = 8;
    public static final int MSG_IOV_OFFSET = 16;
    public static final int MSG_IOVLEN_OFFSET = 24;
    public static final int MSG_CONTROL_OFFSET = 32;
    public static final int MSG_CONTROLLEN_OFFSET = 40;
    public static final int MSG_FLAGS_OFFSET = 48;
    public static final int MSG_LEN_OFFSET = 56;
    public static final int IOVEC_SIZE = 16;
    public static final int IOV_BASE_OFFSET = 0;
    public static final int IOV_LEN_OFFSET = 8;

    private final int count;
    private final int iovPerMessage;
    private final NativeMemory headers;
    private final NativeMemory iovecs;

    public MmsgVector(final int count, final int iovPerMessage) {
        this.count = count;
        this.iovPerMessage = iovPerMessage;
        this.headers = NativeMemory.allocate(count * MMSGHDR_SIZE);
        this.iovecs = NativeMemory.allocate(count * iovPerMessage * IOVEC_SIZE);
        for (int i = 0; i < count; i++) {
            headers.putLongLE(i * MMSGHDR_SIZE + MSG_IOV_OFFSET,
                iovecs.address() + (long) i * iovPerMessage * IOVEC_SIZE);
            headers.putLongLE(i * MMSGHDR_SIZE + MSG_IOVLEN_OFFSET, 1);
        }
    }

    public int count() {
        return count;
    }

    /** Address to pass to recvmmsg/sendmmsg, starting at message {@code first}. */
    public long address(final int first) {
        return headers.address() + (long) first * MMSGHDR_SIZE;
    }

    /** Sets iovec {@code j} of message {@code i}. */
    public void iov(final int i, final int j, final long base, final int length) {
        final int off = (i * iovPerMessage + j) * IOVEC_SIZE;
        iovecs.putLongLE(off + IOV_BASE_OFFSET, base);
        iovecs.putLongLE(off + IOV_LEN_OFFSET, length);
    }

    /** Base address of iovec {@code j} of message {@code i}. */
    public long iovBase(final int i, final int j) {
        return iovecs.getLongLE((i * iovPerMessage + j) * IOVEC_SIZE + IOV_BASE_OFFSET);
    }

    /** Length of iovec {@code j} of message {@code i}. */
    public int iovLength(final int i, final int j) {
        return (int) iovecs.getLongLE((i * iovPerMessage + j) * IOVEC_SIZE + IOV_LEN_OFFSET);
    }

    /** Sets message {@code i}'s address (msg_name, msg_namelen): the destination of a send, a buffer for recv. */
    public void name(final int i, final long address, final int length) {
        headers.putLongLE(i * MMSGHDR_SIZE + MSG_NAME_OFFSET, address);
        headers.putIntLE(i * MMSGHDR_SIZE + MSG_NAMELEN_OFFSET, length);
    }

    /** msg_namelen after a receive: the length of the sender's address. */
    public int nameLength(final int i) {
        return headers.getIntLE(i * MMSGHDR_SIZE + MSG_NAMELEN_OFFSET);
    }

    /** Sets message {@code i}'s ancillary data (msg_control, msg_controllen); 0, 0 for none. */
    public void control(final int i, final long address, final int length) {
        headers.putLongLE(i * MMSGHDR_SIZE + MSG_CONTROL_OFFSET, address);
        headers.putLongLE(i * MMSGHDR_SIZE + MSG_CONTROLLEN_OFFSET, length);
    }

    /** msg_controllen after a receive: how many bytes of ancillary data the kernel wrote. */
    public int controlLength(final int i) {
        return (int) headers.getLongLE(i * MMSGHDR_SIZE + MSG_CONTROLLEN_OFFSET);
    }

    /** How many iovecs message {@code i} uses. */
    public void iovCount(final int i, final int n) {
        headers.putLongLE(i * MMSGHDR_SIZE + MSG_IOVLEN_OFFSET, n);
    }

    /** Address of message {@code i}'s iovec array (for writev on a tap). */
    public long iovAddress(final int i) {
        return iovecs.address() + (long) i * iovPerMessage * IOVEC_SIZE;
    }

    /** How many iovecs message {@code i} currently uses. */
    public int iovCountOf(final int i) {
        return (int) headers.getLongLE(i * MMSGHDR_SIZE + MSG_IOVLEN_OFFSET);
    }

    /** Bytes message {@code i} carries: the lengths of the iovecs it uses, summed. */
    public int iovTotal(final int i) {
        final int pieces = iovCountOf(i);
        int total = 0;
        for (int j = 0; j < pieces; j++) {
            total += iovLength(i, j);
        }
        return total;
    }

    /** Bytes received into (or sent from) message {@code i} by the last call. */
    public int length(final int i) {
        return headers.getIntLE(i * MMSGHDR_SIZE + MSG_LEN_OFFSET);
    }

    /** msg_flags returned by recvmmsg for message {@code i} (e.g. MSG_TRUNC). */
    public int flags(final int i) {
        return headers.getIntLE(i * MMSGHDR_SIZE + MSG_FLAGS_OFFSET);
    }

    /** Clears msg_flags before a receive. */
    public void clearFlags(final int i) {
        headers.putIntLE(i * MMSGHDR_SIZE + MSG_FLAGS_OFFSET, 0);
    }

    public void free() {
        headers.free();
        iovecs.free();
    }
}
