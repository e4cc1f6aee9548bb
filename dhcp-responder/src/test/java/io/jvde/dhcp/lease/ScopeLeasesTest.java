package io.jvde.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Allocations;
import io.jvde.dhcp.testsupport.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScopeLeasesTest {
    private static final long T0 = 1_000_000L;
    private static final long HOLD = 60_000;
    private static final long LEASE = 3_600_000;

    static ScopeLeases scope(final String start, final String end, final int... reserved) {
        final AddressPool pool = AddressPool.of(List.<int[]>of(new int[] {Bytes.ip(start), Bytes.ip(end)}),
            List.of());
        return new ScopeLeases(1, pool, reserved, false, LeaseJournal.inMemory());
    }

    static long mac(final int n) {
        return 0x5254_0000_0000L | n;
    }

    static int bindNew(final ScopeLeases s, final long mac, final long now) {
        final int a = s.offer(mac, mac, 0, now, now + HOLD);
        s.bind(mac, mac, a, now, now + LEASE, null, 0, -1, 0, -1);
        return a;
    }

    @Nested
    class StableAllocation {
        @Test
        void shouldGiveEachMacTheSameAddressWhateverTheArrivalOrder() {
            final List<Integer> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                clients.add(i);
            }
            Map<Integer, Integer> first = null;
            final Random random = new Random(3);
            for (int round = 0; round < 5; round++) {
                Collections.shuffle(clients, random);
                final ScopeLeases s = scope("10.1.0.1", "10.1.255.254");
                final Map<Integer, Integer> got = new HashMap<>();
                for (final int c : clients) {
                    got.put(c, s.offer(mac(c), mac(c), 0, T0, T0 + HOLD));
                }
                if (first == null) {
                    first = got;
                } else {
                    assertEquals(first, got, "round " + round);
                }
            }
        }

        @Test
        void shouldGiveAReturningClientItsPreviousAddressAfterExpiry() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.29");
            final int a = bindNew(s, mac(1), T0);
            for (int i = 2; i < 10; i++) {
                bindNew(s, mac(i), T0 + 2 * LEASE); // others arrive after the lease ran out
            }
            assertEquals(a, s.offer(mac(1), mac(1), 0, T0 + 2 * LEASE, T0 + 2 * LEASE + HOLD));
            assertEquals(ScopeLeases.SOURCE_PREVIOUS, s.lastSource());
        }

        @Test
        void shouldKeepAffinityAfterRelease() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.29");
            final int a = bindNew(s, mac(1), T0);
            assertTrue(s.release(mac(1), a, T0 + 1) > 0);
            assertEquals(ScopeLeases.RELEASED, s.state(s.lookup(mac(1))));
            assertEquals(a, s.offer(mac(1), mac(1), 0, T0 + 2, T0 + 2 + HOLD));
        }

        @Test
        void shouldOfferTheCurrentBindingFirst() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.29");
            final int a = bindNew(s, mac(1), T0);
            assertEquals(a, s.offer(mac(1), mac(1), Bytes.ip("10.0.0.29"), T0 + 1, T0 + 1 + HOLD));
            assertEquals(ScopeLeases.SOURCE_CURRENT, s.lastSource());
        }

        @Test
        void shouldHonourAFreeRequestedAddress() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.29");
            assertEquals(Bytes.ip("10.0.0.17"), s.offer(mac(1), mac(1), Bytes.ip("10.0.0.17"), T0, T0 + HOLD));
            assertEquals(ScopeLeases.SOURCE_REQUESTED, s.lastSource());
        }
    }

    @Nested
    class Holds {
        @Test
        void shouldNotOfferAHeldAddressToAnotherClient() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.10");
            assertEquals(Bytes.ip("10.0.0.10"), s.offer(mac(1), mac(1), 0, T0, T0 + HOLD));
            assertEquals(0, s.offer(mac(2), mac(2), 0, T0 + 1, T0 + 1 + HOLD));
        }

        @Test
        void shouldReleaseTheHoldWhenItExpiresButKeepTheAffinityUntilTheAddressIsNeeded() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.10");
            s.offer(mac(1), mac(1), 0, T0, T0 + HOLD);
            s.expire(T0 + HOLD);
            assertEquals(ScopeLeases.EXPIRED, s.state(s.lookup(mac(1))));
            assertEquals(Bytes.ip("10.0.0.10"), s.offer(mac(2), mac(2), 0, T0 + HOLD, T0 + 2 * HOLD));
            assertEquals(ScopeLeases.SOURCE_RECLAIMED, s.lastSource());
            assertEquals(-1, s.lookup(mac(1)));
        }

        @Test
        void shouldFreeAFreshOfferWhenTheClientChoseAnotherServer() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.10");
            s.offer(mac(1), mac(1), 0, T0, T0 + HOLD);
            s.cancelOffer(mac(1), T0 + 1);
            assertEquals(-1, s.lookup(mac(1)));
            assertEquals(ScopeLeases.SOURCE_HASH, sourceOf(s, mac(2)));
        }

        private int sourceOf(final ScopeLeases s, final long m) {
            s.offer(m, m, 0, T0 + 2, T0 + 2 + HOLD);
            return s.lastSource();
        }
    }

    @Nested
    class Exhaustion {
        @Test
        void shouldReclaimTheOldestDormantRecordFirst() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.12");
            final int a1 = bindNew(s, mac(1), T0);
            final int a2 = bindNew(s, mac(2), T0);
            final int a3 = bindNew(s, mac(3), T0);
            s.release(mac(2), a2, T0 + 10);
            s.release(mac(1), a1, T0 + 20);
            assertEquals(a2, s.offer(mac(4), mac(4), 0, T0 + 30, T0 + 30 + HOLD));
            assertEquals(a1, s.offer(mac(5), mac(5), 0, T0 + 30, T0 + 30 + HOLD));
            assertEquals(0, s.offer(mac(6), mac(6), 0, T0 + 30, T0 + 30 + HOLD));
            assertNotEquals(0, a3);
        }

        @Test
        void shouldNeverOfferAReservedAddressDynamically() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.11", Bytes.ip("10.0.0.10"));
            assertEquals(Bytes.ip("10.0.0.11"), s.offer(mac(1), mac(1), Bytes.ip("10.0.0.10"), T0, T0 + HOLD));
            assertEquals(0, s.offer(mac(2), mac(2), 0, T0, T0 + HOLD));
        }
    }

    @Nested
    class Decline {
        @Test
        void shouldQuarantineADeclinedAddressForTheProbationThenFreeIt() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.10");
            final int a = bindNew(s, mac(1), T0);
            assertTrue(s.decline(mac(1), a, T0 + 1, T0 + 1 + 86_400_000) > 0);
            assertEquals(ScopeLeases.DECLINED, s.state(s.owner(a)));
            assertEquals(-1, s.lookup(mac(1)), "the declining client loses its affinity");
            assertEquals(0, s.offer(mac(2), mac(2), 0, T0 + 2, T0 + 2 + HOLD));
            s.expire(T0 + 1 + 86_400_000);
            assertEquals(a, s.offer(mac(2), mac(2), 0, T0 + 86_400_001, T0 + 86_400_001 + HOLD));
        }

        @Test
        void shouldIgnoreADeclineForSomeoneElsesAddress() {
            final ScopeLeases s = scope("10.0.0.10", "10.0.0.20");
            final int a = bindNew(s, mac(1), T0);
            assertEquals(-1, s.decline(mac(2), a, T0, T0 + 1000));
            assertEquals(ScopeLeases.BOUND, s.state(s.owner(a)));
        }
    }

    @Test
    void shouldExpireABoundLeaseAtItsEndWithAnInjectedClock() {
        final ScopeLeases s = scope("10.0.0.10", "10.0.0.20");
        bindNew(s, mac(1), T0);
        s.expire(T0 + LEASE - 1);
        assertEquals(ScopeLeases.BOUND, s.state(s.lookup(mac(1))));
        s.expire(T0 + LEASE);
        assertEquals(ScopeLeases.EXPIRED, s.state(s.lookup(mac(1))));
    }

    @Test
    void shouldNeverHoldOneAddressForTwoClientsUnderRandomOperations() {
        final Random random = new Random(11);
        final ScopeLeases s = scope("10.0.0.1", "10.0.0.40");
        long now = T0;
        for (int i = 0; i < 50_000; i++) {
            now += random.nextInt(5000);
            final long m = mac(random.nextInt(60));
            switch (random.nextInt(5)) {
                case 0 -> s.offer(m, m, 0, now, now + HOLD);
                case 1 -> {
                    final int a = s.offer(m, m, 0, now, now + HOLD);
                    if (a != 0 && s.availableFor(m, a, false)) {
                        s.bind(m, m, a, now, now + random.nextInt(600_000), null, 0, -1, 0, -1);
                    }
                }
                case 2 -> {
                    final int slot = s.lookup(m);
                    if (slot >= 0) {
                        s.release(m, s.address(slot), now);
                    }
                }
                case 3 -> {
                    final int slot = s.lookup(m);
                    if (slot >= 0) {
                        s.decline(m, s.address(slot), now, now + 10_000);
                    }
                }
                default -> s.expire(now);
            }
            if (i % 1000 == 0) {
                final Set<Integer> addresses = new HashSet<>();
                final Set<Long> macs = new HashSet<>();
                for (final LeaseInfo l : s.leases()) {
                    assertTrue(addresses.add(l.address()), "address twice: " + l);
                    assertTrue(l.mac() == 0 || macs.add(l.mac()), "client twice: " + l);
                }
                assertEquals(s.size(), s.leases().size());
            }
        }
    }

    @Test
    void shouldRenewAmongOneHundredThousandLeasesWithoutAllocating() {
        final ScopeLeases s = scope("10.0.0.1", "10.3.255.254");
        for (int i = 0; i < 100_000; i++) {
            bindNew(s, mac(i), T0);
        }
        assertEquals(100_000, s.count(ScopeLeases.BOUND));
        final long[] now = {T0 + 1000};
        final Runnable renewals = () -> {
            for (int i = 0; i < 20_000; i++) {
                final long m = mac(i * 5);
                final int slot = s.lookup(m);
                now[0]++;
                s.bind(m, m, s.address(slot), now[0], now[0] + LEASE, null, 0, -1, 0, -1);
            }
        };
        renewals.run();
        assertEquals(0, Allocations.measure(renewals));
    }
}
