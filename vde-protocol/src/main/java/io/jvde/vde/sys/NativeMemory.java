package io.jvde.vde.sys;

import com.kenai.jffi.MemoryIO;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A block of native memory seen both as an address (for libc) and as a direct ByteBuffer (for Java reads and
 * writes). Allocated with malloc and not zeroed unless asked, so large pools cost resident memory only when used.
 */
public final class NativeMemory implements AutoCloseable {
    private static final MemoryIO IO = MemoryIO.getInstance();

    private final long address;
    private final int size;
    private final ByteBuffer buffer;
    private boolean freed;

    private NativeMemory(final long address, final int size) {
        this.address = address;
        this.size = size;
        this.buffer = IO.newDirectByteBuffer(address, size).order(ByteOrder.BIG_ENDIAN);
    }

    /** Zeroed memory (structures, headers). */
    public static NativeMemory allocate(final int size) {
        return allocate(size, true);
    }

    public static NativeMemory allocate(final int size, final boolean zero) {
        if (size <= 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: > 0)");
        }
        final long address = IO.allocateMemory(size, zero);
        if (address == 0) {
            throw new OutOfMemoryError("native allocation of " + size + " bytes failed");
        }
        return new NativeMemory(address, size);
    }

    public long address() {
        return address;
    }

    public int size() {
        return size;
    }

    /** Big-endian view; use explicit little-endian reads ({@link #getIntLE}) for host-order structures. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int getIntLE(final int offset) {
        return Integer.reverseBytes(buffer.getInt(offset));
    }

    public void putIntLE(final int offset, final int value) {
        buffer.putInt(offset, Integer.reverseBytes(value));
    }

    public long getLongLE(final int offset) {
        return Long.reverseBytes(buffer.getLong(offset));
    }

    public void putLongLE(final int offset, final long value) {
        buffer.putLong(offset, Long.reverseBytes(value));
    }

    public void putShortLE(final int offset, final short value) {
        buffer.putShort(offset, Short.reverseBytes(value));
    }

    /** Copies {@code length} bytes between native addresses (the ranges must not overlap). */
    public static void copy(final long from, final long to, final int length) {
        IO.copyMemory(from, to, length);
    }

    /** {@link #free()}, for try-with-resources around a short-lived block. */
    @Override
    public void close() {
        free();
    }

    public void free() {
        if (!freed) {
            freed = true;
            IO.freeMemory(address);
        }
    }
}
