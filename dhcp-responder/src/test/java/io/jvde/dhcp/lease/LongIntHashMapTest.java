package io.jvde.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntHashMapTest {
    @Test
    void shouldBehaveLikeAHashMapUnderRandomPutsAndRemoves() {
        final Random random = new Random(7);
        final LongIntHashMap map = new LongIntHashMap(4);
        final Map<Long, Integer> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            final long key = random.nextInt(5000) * 0x1_0000_0001L; // clustered keys stress probing
            if (random.nextInt(3) == 0) {
                final Integer old = reference.remove(key);
                assertEquals(old == null ? -1 : old, map.remove(key));
            } else {
                final int v = random.nextInt(1_000_000);
                reference.put(key, v);
                map.put(key, v);
            }
        }
        assertEquals(reference.size(), map.size());
        for (long k = 0; k < 5000; k++) {
            final long key = k * 0x1_0000_0001L;
            assertEquals(reference.getOrDefault(key, -1), map.get(key), "key " + key);
        }
    }
}
