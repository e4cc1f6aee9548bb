package io.jvde.dhcp.guard;

import static io.jvde.dhcp.guard.GuardFixture.CLIENT_PORT;
import static io.jvde.dhcp.guard.GuardFixture.TRUSTED;
import static io.jvde.dhcp.guard.GuardFixture.VID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.ClientFrame;
import org.junit.jupiter.api.Test;

/**
 * Per-port and per-MAC token buckets (docs/dhcp.md §1 "Rate limiting"), driven by an injected clock: nothing sleeps and
 * no test depends on timing.
 */
class RateLimitTest {
    private static ClientFrame discover(final int client) {
        return ClientFrame.discover(String.format("52:54:00:aa:%02x:%02x", client >>> 8, client & 0xFF));
    }

    /** Admits {@code n} DISCOVERs from distinct MACs starting at {@code first}; returns how many passed. */
    private static int burst(final GuardFixture f, final int first, final int n, final int port) {
        int passed = 0;
        for (int i = 0; i < n; i++) {
            passed += f.admit(discover(first + i), port) ? 1 : 0;
        }
        return passed;
    }

    @Test
    void rateLimitPort_burstPassesThenTheBucketRefillsAtTheRate() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(5).portBurst(10).macRate(0));
        assertEquals(10, burst(f, 0, 11, CLIENT_PORT), "the burst, then one over");
        assertEquals(1, f.drops(GuardDropReason.RATE_LIMIT_PORT));
        f.advanceMillis(199); // 5/s: one token per 200 ms
        assertFalse(f.admit(discover(20), CLIENT_PORT));
        f.advanceMillis(1);
        assertTrue(f.admit(discover(21), CLIENT_PORT));
        assertFalse(f.admit(discover(22), CLIENT_PORT));
        f.advanceMillis(60_000); // a long pause refills to the burst, not beyond
        assertEquals(10, burst(f, 100, 12, CLIENT_PORT));
    }

    @Test
    void rateLimitPort_eachPortHasItsOwnBucket() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(1).portBurst(2).macRate(0));
        assertEquals(2, burst(f, 0, 3, CLIENT_PORT));
        assertEquals(2, burst(f, 10, 3, 4));
        assertEquals(2, f.drops(GuardDropReason.RATE_LIMIT_PORT));
    }

    @Test
    void rateLimitMac_eachClientMacHasItsOwnBucketBehindThePortBucket() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(0).macRate(2).macBurst(3));
        assertEquals(3, countAdmitted(f, discover(1), 4));
        assertEquals(1, f.drops(GuardDropReason.RATE_LIMIT_MAC));
        assertTrue(f.admit(discover(2), CLIENT_PORT), "another MAC is unaffected");
        f.advanceMillis(499);
        assertFalse(f.admit(discover(1), CLIENT_PORT));
        f.advanceMillis(1); // 2/s: one token per 500 ms
        assertTrue(f.admit(discover(1), CLIENT_PORT));
        assertEquals(2, f.drops(GuardDropReason.RATE_LIMIT_MAC));
    }

    @Test
    void rateLimitMac_keyedByVlanAndMac() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(0).macRate(1).macBurst(1));
        f.guard.setGuarded(2, true);
        assertTrue(f.admit(discover(1), CLIENT_PORT, VID));
        assertTrue(f.admit(discover(1), CLIENT_PORT, 2));
        assertFalse(f.admit(discover(1), CLIENT_PORT, VID));
    }

    @Test
    void rateLimit_zeroRateMeansNoLimit() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(0).macRate(0));
        assertEquals(1000, countAdmitted(f, discover(1), 1000));
    }

    @Test
    void rateLimit_onlyDhcpClientMessagesFromUntrustedPortsCount() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(1).portBurst(1).macRate(0));
        for (int i = 0; i < 50; i++) {
            assertTrue(f.admit(GuardFrames.arp("52:54:00:aa:00:01"), CLIENT_PORT, VID));
            assertTrue(f.admit(discover(1).ports(5353, 53), CLIENT_PORT));
            assertTrue(f.admit(discover(1), TRUSTED), "trusted ports are not limited");
        }
        assertTrue(f.admit(discover(1), CLIENT_PORT), "the bucket is still full");
        assertFalse(f.admit(discover(1), CLIENT_PORT));
    }

    @Test
    void rateLimit_loweredBurstOnReconfigurationCutsFullBuckets() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(1).portBurst(100).macRate(0));
        assertTrue(f.admit(discover(0), CLIENT_PORT));
        f.guard.reconfigure(f.guard.settings().toBuilder().portBurst(2).build());
        assertEquals(2, burst(f, 1, 5, CLIENT_PORT));
    }

    @Test
    void macTable_fullOfActiveClientsAdmitsOnThePortLimitAndCountsTableFull() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().portRate(0).macRate(1).macBurst(1)
            .macTableCapacity(16));
        assertEquals(16, burst(f, 0, 16, CLIENT_PORT));
        assertTrue(f.admit(discover(99), CLIENT_PORT), "admitted, see DhcpGuard: the port bucket bounds it");
        assertTrue(f.admit(discover(99), CLIENT_PORT), "not tracked, so not MAC-limited");
        assertEquals(2, f.drops(GuardDropReason.TABLE_FULL));
        assertEquals(0, f.guard.counters().totalDrops());
        // once the others are idle long enough for full buckets, they are evicted and 99 gets its own bucket
        f.advanceMillis(ClientTable.MIN_IDLE_MILLIS);
        assertTrue(f.admit(discover(99), CLIENT_PORT));
        assertFalse(f.admit(discover(99), CLIENT_PORT));
        assertEquals(1, f.drops(GuardDropReason.RATE_LIMIT_MAC));
        assertEquals(2, f.drops(GuardDropReason.TABLE_FULL));
    }

    @Test
    void tokenBucket_refillIsExactIntegerArithmetic() {
        final long[] tokens = {TokenBucket.full(3)};
        final long[] stamps = {0};
        int passed = 0;
        // 3 per second for 10 s, asked 10 times per second: burst of 3 plus 30 refilled
        for (long t = 0; t < 10_000; t += 100) {
            passed += TokenBucket.take(tokens, stamps, 0, t, 3, 3) ? 1 : 0;
        }
        assertEquals(3 + 29, passed); // the 30th token arrives at exactly 10 000 ms, after the last ask
        assertEquals(1000, TokenBucket.refillMillis(3, 3));
    }

    @Test
    void tokenBucket_clockSteppingBackAddsNothingAndAHugeGapDoesNotOverflow() {
        final long[] tokens = {0};
        final long[] stamps = {1_000_000};
        assertFalse(TokenBucket.take(tokens, stamps, 0, 0, 1000, 5), "clock stepped back");
        assertEquals(0, stamps[0], "refill restarts from the new time");
        assertTrue(TokenBucket.take(tokens, stamps, 0, Long.MAX_VALUE / 2, GuardSettings.MAX_RATE, 5));
        assertEquals(TokenBucket.full(5) - TokenBucket.SCALE, tokens[0], "refilled to the burst, not beyond");
    }

    private static int countAdmitted(final GuardFixture f, final ClientFrame frame, final int n) {
        final byte[] bytes = frame.frame();
        int passed = 0;
        for (int i = 0; i < n; i++) {
            passed += f.admit(bytes, CLIENT_PORT, VID) ? 1 : 0;
        }
        return passed;
    }
}
