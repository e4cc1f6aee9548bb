package io.jvde.bench;

import java.nio.ByteBuffer;

/** Where a benchmark's frame lives: a direct buffer (what the engine receives into) or a heap buffer. */
public enum BufferKind {
    DIRECT, HEAP;

    ByteBuffer allocate(final int capacity) {
        return this == DIRECT ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }
}
