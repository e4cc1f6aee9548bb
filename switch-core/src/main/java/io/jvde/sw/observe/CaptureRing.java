package io.jvde.sw.observe;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer single-consumer ring of frame records: the event loop copies ingress frames in (never
 * blocking, never allocating: a record that does not fit is refused), a writer thread takes them out. Records are
 * 8-byte aligned: {@code [int size][int port][long nanoTime][int len][int 0][len bytes]}; a record that would
 * cross the end is preceded by a skip record ({@code size} negative) filling the rest.
 */
public final class CaptureRing {
    static final int HEADER = 24;
    private final byte[] data;
    private final ByteBuffer view;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // written by the producer
    private final AtomicLong tail = new AtomicLong(); // written by the consumer
    private long cachedTail;

    /** A ring of {@code capacity} bytes, rounded up to a power of two (at least 64 KiB). */
    public CaptureRing(final int capacity) {
        int c = 1 << 16;
        while (c < capacity) {
            c <<= 1;
        }
        data = new byte[c];
        view = ByteBuffer.wrap(data).order(java.nio.ByteOrder.nativeOrder());
        mask = c - 1;
    }

    public int capacity() {
        return data.length;
    }

    /** Producer: copies one frame in; false (nothing written) when the ring has no room. */
    public boolean offer(final int port, final long nanoTime, final ByteBuffer src, final int off, final int len) {
        final int size = (HEADER + len + 7) & ~7;
        long h = head.get();
        int at = (int) h & mask;
        final int toEnd = data.length - at;
        final int need = size <= toEnd ? size : toEnd + size;
        if (h + need - cachedTail > data.length) {
            cachedTail = tail.get();
            if (h + need - cachedTail > data.length) {
                return false;
            }
        }
        if (size > toEnd) {
            view.putInt(at, -toEnd); // skip to the start
            h += toEnd;
            at = 0;
        }
        view.putInt(at, size);
        view.putInt(at + 4, port);
        view.putLong(at + 8, nanoTime);
        view.putInt(at + 16, len);
        src.get(off, data, at + HEADER, len);
        head.lazySet(h + size);
        return true;
    }

    /** Consumer: calls {@code reader} for every record available now; returns how many. */
    public int drain(final Reader reader) throws java.io.IOException {
        final long h = head.get();
        long t = tail.get();
        int n = 0;
        while (t < h) {
            final int at = (int) t & mask;
            final int size = view.getInt(at);
            if (size < 0) {
                t += -size;
                continue;
            }
            reader.frame(view.getInt(at + 4), view.getLong(at + 8), data, at + HEADER, view.getInt(at + 16));
            t += size;
            n++;
        }
        tail.lazySet(t);
        return n;
    }

    /** What the consumer does with one record; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Reader {
        void frame(int port, long nanoTime, byte[] data, int off, int len) throws java.io.IOException;
    }
}
