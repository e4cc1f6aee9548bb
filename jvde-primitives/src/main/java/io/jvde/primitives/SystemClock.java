package io.jvde.primitives;

import java.util.function.LongSupplier;

/**
 * The system's clocks as {@link LongSupplier}s, where code takes a clock that tests replace. Constants of a class,
 * not {@code System::nanoTime} method references: a start links no lambda (docs/architecture.md §7).
 */
public enum SystemClock implements LongSupplier {
    /** {@link System#nanoTime()}. */
    NANOS {
        @Override
        public long getAsLong() {
            return System.nanoTime();
        }
    },
    /** {@link System#currentTimeMillis()}. */
    MILLIS {
        @Override
        public long getAsLong() {
            return System.currentTimeMillis();
        }
    }
}
