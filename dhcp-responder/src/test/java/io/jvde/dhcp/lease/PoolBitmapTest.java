package io.jvde.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolBitmapTest {
    @Test
    void shouldFindTheNextClearBitLikeBitSetAcrossSummaryLevels() {
        for (final int size : new int[] {1, 63, 64, 65, 4095, 4096, 4097, 300_000}) {
            final Random random = new Random(size);
            final PoolBitmap bitmap = new PoolBitmap(size);
            final BitSet reference = new BitSet(size);
            for (int i = 0; i < size * 3; i++) {
                final int index = random.nextInt(size);
                if (random.nextInt(4) == 0) {
                    bitmap.clear(index);
                    reference.clear(index);
                } else {
                    bitmap.set(index);
                    reference.set(index);
                }
                if (i % 97 == 0) {
                    final int from = random.nextInt(size);
                    final int expected = reference.nextClearBit(from);
                    assertEquals(expected >= size ? -1 : expected, bitmap.nextClear(from), "size " + size);
                }
            }
        }
    }

    @Test
    void shouldReportAFullPool() {
        final PoolBitmap bitmap = new PoolBitmap(130);
        for (int i = 0; i < 130; i++) {
            bitmap.set(i);
        }
        assertEquals(-1, bitmap.nextClear(0));
        bitmap.clear(129);
        assertEquals(129, bitmap.nextClear(0));
    }
}
