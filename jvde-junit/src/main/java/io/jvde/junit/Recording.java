package io.jvde.junit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the switch told so far (the last {@code capacity} items), appended by the switch's threads and read and
 * awaited by the test's: a bounded buffer under one monitor, which {@link #add} notifies.
 */
final class Recording<T> {
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    /** Items ever added (guarded by {@code items}). */
    private long added;

    Recording(final int capacity) {
        this.capacity = capacity;
    }

    void add(final T item) {
        synchronized (items) {
            if (items.size() == capacity) {
                items.removeFirst();
            }
            items.addLast(item);
            added++;
            items.notifyAll();
        }
    }

    List<T> all() {
        synchronized (items) {
            return List.copyOf(items);
        }
    }

    /** The first item recorded (earlier ones included) that matches, waiting up to {@code timeout}; null if none. */
    T await(final Predicate<? super T> match, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (items) {
            long tested = added - items.size();
            while (true) {
                long index = added - items.size();
                for (final T item : items) { // only those not tested yet
                    if (index++ >= tested && match.test(item)) {
                        return item;
                    }
                }
                tested = added;
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                items.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
