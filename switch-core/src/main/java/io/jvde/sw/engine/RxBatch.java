package io.jvde.sw.engine;

import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.NativeMemory;

import java.nio.ByteBuffer;

/**
 * The receive buffer of the loop: {@link #SLOTS} frame slots in one native block, a recvmmsg vector over them, and
 * per slot the frame's length and the 802.1Q tag to splice in when it leaves tagged. Frames are forwarded straight
 * from here: egress iovecs point into these slots until the batch is flushed.
 */
final class RxBatch {
    static final int SLOTS = 32;
    /** Room before each frame, so a transport may read a 4-byte header in front of it. */
    static final int HEADROOM = 4;
    static final int SLOT_SIZE = 9248;

    private final NativeMemory memory = NativeMemory.allocate(SLOTS * SLOT_SIZE, false);
    final ByteBuffer buffer = memory.buffer();
    /** recvmmsg vector: one iovec per slot, at the slot's frame position, {@link SwitchSettings#MAX_FRAME} long. */
    final MmsgVector vector = new MmsgVector(SLOTS, 1);
    /** Per slot: 0x8100 + TCI to splice in when the frame leaves tagged. */
    private final NativeMemory tags = NativeMemory.allocate(SLOTS * 4);
    private final int[] lengths = new int[SLOTS];
    private final boolean[] truncated = new boolean[SLOTS];
    /** Per slot, for injected frames: the one port the frame is addressed to, or -1. */
    final int[] target = new int[SLOTS];

    RxBatch() {
        for (int i = 0; i < SLOTS; i++) {
            vector.iov(i, 0, address(i), SwitchSettings.MAX_FRAME);
            tags.buffer().putShort(i * 4, (short) 0x8100);
            target[i] = -1;
        }
    }

    /** Offset of slot {@code i}'s frame in {@link #buffer}. */
    static int offset(final int i) {
        return i * SLOT_SIZE + HEADROOM;
    }

    /** Native address of slot {@code i}'s frame. */
    long address(final int i) {
        return memory.address() + offset(i);
    }

    int length(final int i) {
        return lengths[i];
    }

    void length(final int i, final int len) {
        lengths[i] = len;
        truncated[i] = false;
    }

    /** Slot {@code i} holds the first {@code len} bytes of a frame that did not fit (dropped as oversize). */
    void truncated(final int i, final int len) {
        lengths[i] = len;
        truncated[i] = true;
    }

    boolean truncated(final int i) {
        return truncated[i];
    }

    void tci(final int i, final int tci) {
        tags.buffer().putShort(i * 4 + 2, (short) tci);
    }

    int tci(final int i) {
        return tags.buffer().getShort(i * 4 + 2) & 0xFFFF;
    }

    /** Address of slot {@code i}'s 4-byte tag (0x8100 + TCI). */
    long tagAddress(final int i) {
        return tags.address() + i * 4L;
    }

    void free() {
        vector.free();
    }
}
