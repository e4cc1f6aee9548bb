package io.jvde.primitives;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SystemClock} and {@link ByFirstLong}: what the method references and lambdas they replace did. */
class StartPathClassesTest {

    @Test
    void shouldReadTheSystemsClocks() {
        final long nanosBefore = System.nanoTime();
        final long millisBefore = System.currentTimeMillis();
        final long nanos = SystemClock.NANOS.getAsLong();
        final long millis = SystemClock.MILLIS.getAsLong();
        assertTrue(nanos - nanosBefore >= 0, nanos + " before " + nanosBefore);
        assertTrue(millis >= millisBefore && millis <= System.currentTimeMillis(), Long.toString(millis));
    }

    @Test
    void shouldOrderRowsByTheirFirstElementSignedAndStably() {
        final List<long[]> rows = new ArrayList<>(List.of(new long[] {5, 0}, new long[] {-1, 1},
            new long[] {5, 2}, new long[] {Long.MAX_VALUE, 3}, new long[] {0, 4}));
        rows.sort(ByFirstLong.ORDER);
        final long[] order = new long[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = rows.get(i)[1];
        }
        // signed order as Long.compare; equal keys keep their order (List.sort is stable)
        assertArrayEquals(new long[] {1, 4, 0, 2, 3}, order);
    }
}
