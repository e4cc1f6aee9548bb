package io.jvde.dhcp.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing table (backward-shift deletion, sweeps that delete while walking) against a HashMap model,
 * with a fixed seed and few distinct keys so that probe runs collide, wrap round and shift often.
 */
class SnoopingTableModelTest {
    private record Entry(int ip, long expiry) {
    }

    @Test
    void shouldAgreeWithAHashMapUnderRandomPutsRemovesAndExpiry() {
        final Random random = new Random(42);
        final SnoopingTable table = new SnoopingTable(64);
        final Map<Long, Entry> model = new HashMap<>();
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            final int vid = random.nextInt(3);
            final long mac = 0x5254_0000_0000L + random.nextInt(100);
            final long key = OpenTable.key(vid, mac);
            final int op = random.nextInt(10);
            if (op < 5) {
                final int ip = 1 + random.nextInt(1000);
                final long expiry = now + 1 + random.nextInt(500);
                final boolean known = model.containsKey(key);
                if (!known && model.size() == 64) {
                    final long t = now;
                    model.values().removeIf(e -> e.expiry() <= t);
                }
                final boolean fits = known || model.size() < 64;
                assertEquals(fits, table.put(vid, mac, ip, 1, expiry, now), "put at step " + step);
                if (fits) {
                    model.put(key, new Entry(ip, expiry));
                }
            } else if (op < 7) {
                final Entry e = model.get(key);
                final boolean removed = table.remove(vid, mac, 0, -1);
                assertEquals(e != null, removed, "remove at step " + step);
                model.remove(key);
            } else if (op < 8) {
                now += random.nextInt(50);
                final long t = now;
                final int expected = (int) model.values().stream().filter(e -> e.expiry() <= t).count();
                model.values().removeIf(e -> e.expiry() <= t);
                assertEquals(expected, table.expire(now), "expire at step " + step);
            } else {
                final Entry e = model.get(key);
                final int expected = e == null || e.expiry() <= now ? 0 : e.ip();
                if (e != null && e.expiry() <= now) {
                    model.remove(key);
                }
                assertEquals(expected, table.addressOf(vid, mac, now), "lookup at step " + step);
            }
            assertEquals(model.size(), table.size(), "size at step " + step);
        }
    }
}
