package io.jvde.sw.engine;

import io.jvde.vde.sys.NativeMemory;

import java.nio.ByteBuffer;

/**
 * Fixed-size slots of native memory for frames that must wait in an endpoint's overflow queue. One malloc'ed,
 * unzeroed block, so the pool costs resident memory only for slots that have actually held a frame.
 */
final class FramePool {
    private final int slotSize;
    private final int capacity;
    private final NativeMemory memory;
    private final int[] free;
    private final int[] length;
    private int freeCount;

    FramePool(final int slotSize, final int capacity) {
        this.slotSize = slotSize;
        this.capacity = capacity;
        this.memory = NativeMemory.allocate(slotSize * capacity, false);
        this.free = new int[capacity];
        this.length = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i; // low slots first, so the touched region stays small
        }
        this.freeCount = capacity;
    }

    /** A free slot, or -1 when the pool is exhausted. */
    int acquire() {
        return freeCount == 0 ? -1 : free[--freeCount];
    }

    void release(final int slot) {
        free[freeCount++] = slot;
    }

    int offset(final int slot) {
        return slot * slotSize;
    }

    long address(final int slot) {
        return memory.address() + (long) slot * slotSize;
    }

    ByteBuffer buffer() {
        return memory.buffer();
    }

    int length(final int slot) {
        return length[slot];
    }

    void length(final int slot, final int len) {
        length[slot] = len;
    }

    int inUse() {
        return capacity - freeCount;
    }

    int capacity() {
        return capacity;
    }

    void free() {
        memory.free();
    }
}
