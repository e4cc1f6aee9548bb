package io.jvde.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntTableTest {
    @Test
    void shouldBehaveLikeAHashMapUnderRandomPutsAndRemoves() {
        final Random random = new Random(7);
        final LongIntTable map = new LongIntTable(4);
        final Map<Long, Integer> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            final long key = random.nextInt(5000) * 0x1_0000_0001L; // clustered keys stress probing
            if (random.nextInt(3) == 0) {
                final Integer old = reference.remove(key);
                assertEquals(old == null ? -1 : old, map.remove(key));
            } else {
                final int v = random.nextInt(1_000_000);
                reference.put(key, v);
                assertTrue(map.put(key, v));
            }
        }
        assertEquals(reference.size(), map.size());
        for (long k = 0; k < 5000; k++) {
            final long key = k * 0x1_0000_0001L;
            assertEquals(reference.getOrDefault(key, -1), map.get(key), "key " + key);
        }
    }

    @Test
    void aFixedTableRefusesNewKeysWhenFullButStillReplacesAndRemoves() {
        final LongIntTable t = LongIntTable.fixed(3);
        assertTrue(t.put(1, 10));
        assertTrue(t.put(2, 20));
        assertTrue(t.put(3, 30));
        assertFalse(t.put(4, 40));
        assertEquals(LongIntTable.MISSING, t.get(4));
        assertTrue(t.put(2, 21));
        assertEquals(21, t.get(2));
        assertEquals(10, t.remove(1));
        assertTrue(t.put(4, 40));
        assertEquals(3, t.size());
        t.clear();
        assertEquals(0, t.size());
        assertEquals(LongIntTable.MISSING, t.get(3));
    }

    @Test
    void theEmptyMarkerAndNegativeValuesAreRefused() {
        final LongIntTable t = new LongIntTable(1);
        assertThrows(IllegalArgumentException.class, () -> t.put(LongIntTable.EMPTY, 1));
        assertThrows(IllegalArgumentException.class, () -> t.put(1, -1));
    }

    @Test
    void mixSpreadsNeighbouringKeysOverTheLowBits() {
        final boolean[] seen = new boolean[64];
        for (long k = 0; k < 64; k++) {
            seen[(int) (Hash64.mix(k) & 63)] = true;
        }
        int used = 0;
        for (final boolean b : seen) {
            used += b ? 1 : 0;
        }
        assertTrue(used > 32, "64 consecutive keys hit " + used + " of 64 buckets");
        assertEquals(Hash64.bytes(new byte[] {1, 2, 3}), Hash64.bytes(new byte[] {1, 2, 3}));
        assertTrue(Hash64.bytes(new byte[] {1, 2, 3}) != Hash64.bytes(new byte[] {1, 2, 4}));
    }
}
