package io.jvde.sw.fdb;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacTableTest {
    private static final long SECOND = 1_000_000_000L;
    /** System.nanoTime() may be negative; the table must only use differences. */
    private static final long T0 = -5 * SECOND;
    private static final long A = 0x0200_0000_000AL;
    private static final long B = 0x0200_0000_000BL;

    private final MacTable table = new MacTable(1024, 100 * SECOND, 3 * SECOND);

    @Nested
    class Learning {
        @Test
        void shouldReturnThePortAnAddressWasLearnedOn() {
            assertEquals(MacTable.LEARNED, table.learn(0, A, 3, T0));
            assertEquals(3, table.lookup(0, A, T0));
            assertEquals(1, table.size());
            assertEquals(1, table.learnedCount());
        }

        /** A new table's arrays are all zero; the all-zero key (VLAN 0, MAC 00:00:00:00:00:00) is an entry too. */
        @Test
        void shouldLearnTheAllZeroAddressInVlanZeroLikeAnyOther() {
            assertEquals(MacTable.MISSING, table.lookup(0, 0L, T0));
            assertEquals(MacTable.MISSING, table.lookup(0, 0L, T0, 1), "an unused hint points at an empty slot");
            assertEquals(MacTable.LEARNED, table.learn(0, 0L, 4, T0));
            assertEquals(4, table.lookup(0, 0L, T0));
            assertEquals(4, table.lookup(0, 0L, T0, 1));
            assertEquals(MacTable.REFRESHED, table.learn(0, 0L, 4, T0 + 1));
            assertEquals(1, table.size());
            assertEquals(MacTable.MISSING, table.lookup(1, 0L, T0), "another VLAN");
            table.flushPort(4);
            assertEquals(MacTable.MISSING, table.lookup(0, 0L, T0 + 2));
            assertEquals(0, table.size());
        }

        @Test
        void shouldReportUnknownAddressesAsMissing() {
            table.learn(0, A, 3, T0);
            assertEquals(MacTable.MISSING, table.lookup(0, B, T0));
        }

        /** The per-port slot hints are guesses: a move, a flush or another key in the slot must never fool them. */
        @Test
        void shouldNeverAnswerFromAStaleHint() {
            assertEquals(MacTable.LEARNED, table.learn(0, A, 1, T0));
            assertEquals(MacTable.REFRESHED, table.learn(0, A, 1, T0 + 1));
            assertEquals(1, table.lookup(0, A, T0 + 1, 2));
            assertEquals(MacTable.MOVED, table.learn(0, A, 2, T0 + 4 * SECOND));
            assertEquals(2, table.lookup(0, A, T0 + 4 * SECOND, 2), "the lookup hint follows the move");
            assertEquals(MacTable.MOVED, table.learn(0, A, 1, T0 + 8 * SECOND), "not REFRESHED by port 1's hint");
            assertEquals(1, table.portEntries(1));
            assertEquals(0, table.portEntries(2));
            table.flushPort(1);
            assertEquals(MacTable.MISSING, table.lookup(0, A, T0 + 8 * SECOND, 2));
            assertEquals(MacTable.LEARNED, table.learn(0, B, 1, T0 + 9 * SECOND));
            assertEquals(MacTable.MISSING, table.lookup(0, A, T0 + 9 * SECOND, 2), "B may sit in A's old slot");
            assertEquals(1, table.lookup(0, B, T0 + 9 * SECOND, 2));
        }

        @Test
        void shouldKeepTheSameAddressSeparatePerVlan() {
            table.learn(0, A, 1, T0);
            table.learn(10, A, 2, T0);
            assertEquals(1, table.lookup(0, A, T0));
            assertEquals(2, table.lookup(10, A, T0));
            assertEquals(MacTable.MISSING, table.lookup(20, A, T0));
            assertEquals(2, table.size());
        }

        @Test
        void shouldRefreshAnAddressSeenAgainOnItsPort() {
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.REFRESHED, table.learn(0, A, 1, T0 + 90 * SECOND));
            assertEquals(1, table.lookup(0, A, T0 + 150 * SECOND), "age counts from the refresh");
            assertEquals(1, table.learnedCount());
        }

        @Test
        void shouldAcceptTheHighestVidAndAddress() {
            table.learn(4095, 0xFFFF_FFFF_FFFFL, 7, T0);
            assertEquals(7, table.lookup(4095, 0xFFFF_FFFF_FFFFL, T0));
            assertEquals(MacTable.MISSING, table.lookup(4094, 0xFFFF_FFFF_FFFFL, T0));
        }
    }

    /** Port security: a per-port limit of entries, and the per-port count it is checked against. */
    @Nested
    class PortLimit {
        private static final long C = 0x0200_0000_000CL;

        @Test
        void shouldRefuseANewAddressOnAFullPortButKeepRefreshingKnownOnes() {
            table.portLimit(1, 2);
            assertEquals(MacTable.LEARNED, table.learn(0, A, 1, T0));
            assertEquals(MacTable.LEARNED, table.learn(0, B, 1, T0));
            assertEquals(MacTable.REFUSED, table.learn(0, C, 1, T0));
            assertEquals(MacTable.MISSING, table.lookup(0, C, T0), "a refused address is not learned");
            assertEquals(MacTable.REFRESHED, table.learn(0, A, 1, T0 + SECOND));
            assertEquals(2, table.portEntries(1));
            assertEquals(1, table.refusedCount());
            assertEquals(MacTable.LEARNED, table.learn(0, C, 2, T0), "other ports are not limited");
        }

        @Test
        void shouldCountEachVlanMacPairAsOneEntry() {
            table.portLimit(1, 1);
            assertEquals(MacTable.LEARNED, table.learn(0, A, 1, T0));
            assertEquals(MacTable.REFUSED, table.learn(10, A, 1, T0), "the same MAC in another VLAN is new");
        }

        @Test
        void shouldRefuseAMoveOntoAFullPortAndCountAMoveOnBothPorts() {
            table.portLimit(2, 1);
            table.learn(0, A, 1, T0);
            table.learn(0, B, 2, T0);
            assertEquals(MacTable.REFUSED, table.learn(0, A, 2, T0 + 10 * SECOND));
            assertEquals(1, table.lookup(0, A, T0 + 10 * SECOND), "the entry stays where it was");
            assertEquals(MacTable.MOVED, table.learn(0, B, 1, T0 + 10 * SECOND));
            assertEquals(2, table.portEntries(1));
            assertEquals(0, table.portEntries(2));
            assertEquals(MacTable.MOVED, table.learn(0, A, 2, T0 + 20 * SECOND), "room again after B left");
            assertEquals(1, table.portEntries(1));
            assertEquals(1, table.portEntries(2));
        }

        @Test
        void shouldRefuseEvenAHeldMoveOntoAFullPort() {
            table.portLimit(2, 1);
            table.learn(0, B, 2, T0);
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.REFUSED, table.learn(0, A, 2, T0 + SECOND));
            assertEquals(0, table.heldCount());
        }

        @Test
        void shouldFreeTheCountWhenEntriesAgeOut() {
            table.portLimit(1, 1);
            table.learn(0, A, 1, T0);
            assertEquals(1, table.portEntries(1), "an expired entry counts until the sweep removes it");
            table.sweep(T0 + 100 * SECOND, 2 * table.capacity());
            assertEquals(0, table.portEntries(1));
            assertEquals(MacTable.LEARNED, table.learn(0, B, 1, T0 + 100 * SECOND));
        }

        @Test
        void shouldMoveTheCountWhenAnExpiredEntryIsRevivedOnAnotherPort() {
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.LEARNED, table.learn(0, A, 2, T0 + 100 * SECOND));
            assertEquals(0, table.portEntries(1));
            assertEquals(1, table.portEntries(2));
            table.portLimit(3, 1);
            table.learn(0, B, 3, T0 + 100 * SECOND);
            assertEquals(MacTable.REFUSED, table.learn(0, A, 3, T0 + 300 * SECOND),
                "reviving an expired entry on a full port is a new entry there");
        }

        @Test
        void shouldKeepCountsThroughEveryFlush() {
            table.learn(0, A, 1, T0);
            table.learn(10, A, 1, T0);
            table.learn(10, B, 1, T0);
            table.learn(0, B, 2, T0);
            table.flushPortVlan(1, 10);
            assertEquals(1, table.portEntries(1));
            table.flushVlan(0);
            assertEquals(0, table.portEntries(1));
            assertEquals(0, table.portEntries(2));
            table.learn(0, A, 1, T0);
            table.learn(0, B, 2, T0);
            table.flushPort(1);
            assertEquals(0, table.portEntries(1));
            assertEquals(1, table.portEntries(2));
            table.clear();
            assertEquals(0, table.portEntries(2));
        }

        @Test
        void shouldMoveTheCountToTheNewEntryWhenFullTableEvicts() {
            final MacTable small = new MacTable(4, 100 * SECOND, 0);
            for (int i = 0; i < 4; i++) {
                small.learn(0, 0x0200_0000_0100L + i, 1, T0 + i);
            }
            assertEquals(MacTable.EVICTED_OTHER, small.learn(0, B, 2, T0 + 10));
            assertEquals(3, small.portEntries(1));
            assertEquals(1, small.portEntries(2));
        }

        @Test
        void shouldKeepEntriesAboveALoweredLimit() {
            table.learn(0, A, 1, T0);
            table.learn(0, B, 1, T0);
            table.portLimit(1, 1);
            assertEquals(2, table.portEntries(1));
            assertEquals(MacTable.REFRESHED, table.learn(0, A, 1, T0 + SECOND));
            assertEquals(MacTable.REFUSED, table.learn(0, C, 1, T0 + SECOND));
            table.portLimit(1, 0);
            assertEquals(MacTable.LEARNED, table.learn(0, C, 1, T0 + SECOND), "0 removes the limit");
            assertEquals(0, table.portLimit(1));
        }

        @Test
        void shouldRejectANegativeLimit() {
            assertThrows(IllegalArgumentException.class, () -> table.portLimit(1, -1));
        }
    }

    @Nested
    class MoveHysteresis {
        @Test
        void shouldHoldTheOldPortWhenTheAddressReappearsWithinMinPersistence() {
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.HELD, table.learn(0, A, 2, T0 + 2 * SECOND));
            assertEquals(1, table.previousPort());
            assertEquals(1, table.lookup(0, A, T0 + 2 * SECOND));
            assertEquals(1, table.heldCount());
            assertEquals(0, table.movedCount());
        }

        @Test
        void shouldMoveTheAddressOnceTheEntryIsOlderThanMinPersistence() {
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.MOVED, table.learn(0, A, 2, T0 + 3 * SECOND));
            assertEquals(1, table.previousPort());
            assertEquals(2, table.lookup(0, A, T0 + 3 * SECOND));
            assertEquals(1, table.movedCount());
        }

        @Test
        void shouldNotRefreshAHeldEntrySoTheMoveHappensOnTime() {
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.HELD, table.learn(0, A, 2, T0 + 1 * SECOND));
            assertEquals(MacTable.HELD, table.learn(0, A, 2, T0 + 2 * SECOND));
            assertEquals(MacTable.MOVED, table.learn(0, A, 2, T0 + 3 * SECOND));
        }

        @Test
        void shouldMoveAtOnceWithZeroMinPersistence() {
            table.minPersistenceNanos(0);
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.MOVED, table.learn(0, A, 2, T0));
            assertEquals(2, table.lookup(0, A, T0));
        }

        @Test
        void shouldLearnAnExpiredEntryAfreshOnAnotherPortWithoutHysteresis() {
            table.minPersistenceNanos(200 * SECOND);
            table.learn(0, A, 1, T0);
            assertEquals(MacTable.LEARNED, table.learn(0, A, 2, T0 + 100 * SECOND));
            assertEquals(MacTable.MISSING, table.previousPort());
            assertEquals(2, table.lookup(0, A, T0 + 100 * SECOND));
            assertEquals(1, table.size());
        }
    }

    @Nested
    class Aging {
        @Test
        void shouldTreatAnEntryOfTheAgeLimitAsMissingInLookup() {
            table.learn(0, A, 1, T0);
            assertEquals(1, table.lookup(0, A, T0 + 100 * SECOND - 1));
            assertEquals(MacTable.MISSING, table.lookup(0, A, T0 + 100 * SECOND));
            assertEquals(1, table.size(), "lookup does not remove; the sweep does");
        }

        @Test
        void shouldRemoveExpiredEntriesInTheSweep() {
            for (int i = 0; i < 10; i++) {
                table.learn(0, A + i, 1, T0);
                table.learn(0, B + 100 + i, 2, T0 + 50 * SECOND);
            }
            assertEquals(0, table.sweep(T0 + 100 * SECOND - 1, 4096));
            assertEquals(10, table.sweep(T0 + 100 * SECOND, 4096));
            assertEquals(10, table.size());
            assertEquals(10, table.expiredCount());
            for (int i = 0; i < 10; i++) {
                assertEquals(2, table.lookup(0, B + 100 + i, T0 + 100 * SECOND));
            }
        }

        @Test
        void shouldSweepIncrementallyFromWhereItStopped() {
            for (int i = 0; i < 100; i++) {
                table.learn(i % 7, A + i, 1, T0);
            }
            final long later = T0 + 200 * SECOND;
            assertEquals(0, table.sweep(later, 0));
            int removed = 0;
            int calls = 0;
            while (table.size() > 0) {
                final int r = table.sweep(later, 16);
                assertTrue(r <= 16, "at most maxSlots slots examined");
                removed += r;
                calls++;
            }
            assertEquals(100, removed);
            // 2048 slots at 16 per call; deletions re-examine a slot, so allow the extra calls they cost.
            assertTrue(calls <= 2048 / 16 + 100 / 16 + 2, "calls: " + calls);
        }

        @Test
        void shouldApplyANewAgeLimitToExistingEntries() {
            table.learn(0, A, 1, T0);
            table.ageNanos(10 * SECOND);
            assertEquals(MacTable.MISSING, table.lookup(0, A, T0 + 10 * SECOND));
            assertEquals(1, table.sweep(T0 + 10 * SECOND, 4096));
        }

        @Test
        void shouldRejectNonPositiveAgeAndNegativePersistence() {
            assertEquals("mac age: 0 ns (expected: > 0)",
                assertThrows(IllegalArgumentException.class, () -> table.ageNanos(0)).getMessage());
            assertEquals("min persistence: -1 ns (expected: >= 0)",
                assertThrows(IllegalArgumentException.class, () -> table.minPersistenceNanos(-1)).getMessage());
        }
    }

    @Nested
    class Flushing {
        @Test
        void shouldFlushEveryEntryOfAPort() {
            table.learn(0, A, 1, T0);
            table.learn(10, A, 1, T0);
            table.learn(0, B, 2, T0);
            table.flushPort(1);
            assertEquals(MacTable.MISSING, table.lookup(0, A, T0));
            assertEquals(MacTable.MISSING, table.lookup(10, A, T0));
            assertEquals(2, table.lookup(0, B, T0));
            assertEquals(1, table.size());
        }

        @Test
        void shouldFlushOnlyThePortsEntriesInOneVlan() {
            table.learn(0, A, 1, T0);
            table.learn(10, A, 1, T0);
            table.learn(10, B, 2, T0);
            table.flushPortVlan(1, 10);
            assertEquals(1, table.lookup(0, A, T0));
            assertEquals(MacTable.MISSING, table.lookup(10, A, T0));
            assertEquals(2, table.lookup(10, B, T0));
        }

        @Test
        void shouldFlushEveryEntryOfAVlan() {
            table.learn(0, A, 1, T0);
            table.learn(10, A, 1, T0);
            table.learn(10, B, 2, T0);
            table.flushVlan(10);
            assertEquals(1, table.lookup(0, A, T0));
            assertEquals(MacTable.MISSING, table.lookup(10, A, T0));
            assertEquals(MacTable.MISSING, table.lookup(10, B, T0));
            assertEquals(1, table.size());
        }

        @Test
        void shouldClearEverything() {
            table.learn(0, A, 1, T0);
            table.learn(10, B, 2, T0);
            table.clear();
            assertEquals(0, table.size());
            assertEquals(MacTable.MISSING, table.lookup(0, A, T0));
            assertEquals(MacTable.LEARNED, table.learn(0, A, 3, T0));
        }
    }

    @Nested
    class Capacity {
        @Test
        void shouldRoundCapacityUpToAPowerOfTwo() {
            assertEquals(128, new MacTable(100).capacity());
            assertEquals(128, new MacTable(128).capacity());
            assertEquals(1, new MacTable(1).capacity());
            assertEquals(2, new MacTable(2).capacity());
        }

        @Test
        void shouldRejectAnImpossibleCapacity() {
            assertEquals("mac table capacity: 0 (expected: 1..536870912)",
                assertThrows(IllegalArgumentException.class, () -> new MacTable(0)).getMessage());
        }

        @Test
        void shouldEvictTheStalestNearbyEntryWhenFullAndCountIt() {
            final MacTable small = new MacTable(16, 100 * SECOND, 0);
            for (int i = 0; i < 16; i++) {
                assertEquals(MacTable.LEARNED, small.learn(0, A + i, 1, T0 + i * SECOND));
            }
            assertEquals(MacTable.EVICTED_OTHER, small.learn(0, B + 1000, 2, T0 + 20 * SECOND));
            assertEquals(16, small.size());
            assertEquals(1, small.evictionCount());
            assertEquals(2, small.lookup(0, B + 1000, T0 + 20 * SECOND));
            int missing = 0;
            for (int i = 0; i < 16; i++) {
                if (small.lookup(0, A + i, T0 + 20 * SECOND) == MacTable.MISSING) {
                    missing++;
                }
            }
            assertEquals(1, missing, "exactly one entry made room");
        }

        @Test
        void shouldEvictAnExpiredEntryFirstWithoutCountingAnEviction() {
            final MacTable small = new MacTable(16, 100 * SECOND, 0);
            for (int i = 0; i < 16; i++) {
                small.learn(0, A + i, 1, T0);
            }
            assertEquals(MacTable.LEARNED, small.learn(0, B + 1000, 2, T0 + 100 * SECOND));
            assertEquals(0, small.evictionCount());
            assertEquals(1, small.expiredCount());
        }

        @Test
        void shouldHoldAHundredThousandEntries() {
            final MacTable big = new MacTable(100_000);
            final SplittableRandom random = new SplittableRandom(7);
            final long[] macs = new long[100_000];
            for (int i = 0; i < macs.length; i++) {
                macs[i] = (random.nextLong() & 0xFEFF_FFFF_FFFFL) | ((long) i << 8 & 0xFF_FF00L);
                big.learn(i & 0xFFF, macs[i], i & 1023, T0);
            }
            assertEquals(0, big.evictionCount());
            assertEquals(macs.length, big.size());
            for (int i = 0; i < macs.length; i++) {
                assertEquals(i & 1023, big.lookup(i & 0xFFF, macs[i], T0), "entry " + i);
            }
            for (int port = 0; port < 1024; port += 2) {
                big.flushPort(port);
            }
            assertEquals(macs.length / 2, big.size());
            for (int i = 0; i < macs.length; i++) {
                assertEquals((i & 1) == 0 ? MacTable.MISSING : i & 1023, big.lookup(i & 0xFFF, macs[i], T0));
            }
        }
    }

    @Nested
    class Printing {
        @Test
        void shouldVisitLiveEntriesWithTheirAge() {
            table.learn(10, A, 1, T0);
            table.learn(0, B, 2, T0 + 5 * SECOND);
            table.learn(0, B + 1, 3, T0 - 200 * SECOND);
            final List<String> seen = new ArrayList<>();
            table.forEach(T0 + 7 * SECOND, (slot, vid, mac, port, age) ->
                seen.add(vid + "/" + Long.toHexString(mac) + "@" + port + " " + age / SECOND));
            seen.sort(null);
            assertEquals(List.of("0/2000000000b@2 2", "10/2000000000a@1 7"), seen);
        }

        @Test
        void shouldFindOneLiveEntry() {
            table.learn(10, A, 4, T0);
            final long[] found = new long[3];
            assertTrue(table.find(10, A, T0 + SECOND, (slot, vid, mac, port, age) -> {
                found[0] = vid;
                found[1] = port;
                found[2] = age;
            }));
            assertEquals(10, found[0]);
            assertEquals(4, found[1]);
            assertEquals(SECOND, found[2]);
            assertFalse(table.find(0, A, T0, (slot, vid, mac, port, age) -> { }));
            assertFalse(table.find(10, A, T0 + 100 * SECOND, (slot, vid, mac, port, age) -> { }));
        }
    }

    @Nested
    class AgainstAModel {
        /**
         * Random learns, flushes, time steps and sweeps against a HashMap. Key spaces no larger than the capacity
         * keep eviction out, so every difference is a hashing or backward-shift bug; the small table runs at the
         * full 0.5 load where probe runs are long and wrap around the end of the slot array.
         */
        @Test
        void shouldAgreeWithAHashMapOnASmallFullTable() {
            runModel(new MacTable(64, 50, 0), 64, 4, 200_000, 1);
        }

        @Test
        void shouldAgreeWithAHashMapOnALargerTable() {
            runModel(new MacTable(4096, 500, 0), 3000, 16, 100_000, 2);
        }

        /** Even ports limited to a few entries: refusals, and the per-port counts, agree with a full recount. */
        @Test
        void shouldAgreeWithAHashMapWithPortLimits() {
            final MacTable t = new MacTable(256, 200, 0);
            for (int port = 0; port < 8; port += 2) {
                t.portLimit(port, 1 + port);
            }
            runModel(t, 200, 8, 100_000, 3);
            assertTrue(t.refusedCount() > 0, "the limits were reached");
        }

        private void runModel(final MacTable t, final int keySpace, final int ports, final int steps, final long seed) {
            final SplittableRandom random = new SplittableRandom(seed);
            final long age = t.ageNanos();
            final long[] vids = new long[keySpace];
            final long[] macs = new long[keySpace];
            for (int k = 0; k < keySpace; k++) {
                vids[k] = random.nextInt(4);
                macs[k] = random.nextLong() & 0xFEFF_FFFF_FFFFL;
            }
            final Map<Integer, long[]> model = new HashMap<>(); // key index -> {port, lastSeen}
            long now = T0;
            for (int step = 0; step < steps; step++) {
                final int op = random.nextInt(100);
                if (op < 70) {
                    final int k = random.nextInt(keySpace);
                    final int port = random.nextInt(ports);
                    final long[] e = model.get(k);
                    final boolean alive = e != null && now - e[1] < age;
                    final int limit = t.portLimit(port);
                    final boolean full = limit != 0 && t.recountPortEntries(port) >= limit;
                    final int result = t.learn((int) vids[k], macs[k], port, now);
                    if (e != null && !alive && e[0] == port && full) {
                        // expired on this very port: refused only if the sweep already removed it
                        assertTrue(result == MacTable.LEARNED || result == MacTable.REFUSED, "step " + step);
                    } else {
                        final int expected = alive && e[0] == port ? MacTable.REFRESHED
                            : full ? MacTable.REFUSED
                            : alive ? MacTable.MOVED : MacTable.LEARNED;
                        assertEquals(expected, result, "learn at step " + step);
                    }
                    if (result != MacTable.REFUSED) {
                        model.put(k, new long[] {port, now});
                    }
                } else if (op < 72) {
                    final int port = random.nextInt(ports);
                    t.flushPort(port);
                    model.values().removeIf(e -> e[0] == port);
                } else if (op < 73) {
                    final int vid = random.nextInt(4);
                    t.flushVlan(vid);
                    model.keySet().removeIf(k -> vids[k] == vid);
                } else if (op < 74) {
                    final int port = random.nextInt(ports);
                    final int vid = random.nextInt(4);
                    t.flushPortVlan(port, vid);
                    model.entrySet().removeIf(en -> en.getValue()[0] == port && vids[en.getKey()] == vid);
                } else if (op < 90) {
                    now += random.nextInt(3);
                } else {
                    t.sweep(now, random.nextInt(8));
                }
                if (step % 97 == 0 || step == steps - 1) {
                    checkAll(t, model, vids, macs, now, age, step);
                }
            }
            t.sweep(now, 2 * t.capacity());
            final long finalNow = now;
            model.values().removeIf(e -> finalNow - e[1] >= age);
            assertEquals(model.size(), t.size(), "a full sweep leaves exactly the live entries");
        }

        private void checkAll(final MacTable t, final Map<Integer, long[]> model, final long[] vids,
                              final long[] macs, final long now, final long age, final int step) {
            int live = 0;
            for (int k = 0; k < vids.length; k++) {
                final long[] e = model.get(k);
                final boolean alive = e != null && now - e[1] < age;
                live += alive ? 1 : 0;
                final int expected = alive ? (int) e[0] : MacTable.MISSING;
                assertEquals(expected, t.lookup((int) vids[k], macs[k], now), "key " + k + " at step " + step);
                // the per-port hint: stale after the mutations since the last check, then a hit
                assertEquals(expected, t.lookup((int) vids[k], macs[k], now, k & 3), "hinted, key " + k);
                assertEquals(expected, t.lookup((int) vids[k], macs[k], now, k & 3), "hint hit, key " + k);
            }
            assertTrue(t.size() >= live && t.size() <= model.size(),
                "size " + t.size() + " between live " + live + " and held " + model.size());
            int counted = 0;
            for (int port = 0; port < 64; port++) {
                assertEquals(t.recountPortEntries(port), t.portEntries(port), "port " + port + " at step " + step);
                counted += t.portEntries(port);
            }
            assertEquals(t.size(), counted, "every entry counted on exactly one port at step " + step);
        }
    }
}
