package io.jvde.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.testsupport.Allocations;
import io.jvde.dhcp.testsupport.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPoolTest {
    private static int[] r(final String a, final String b) {
        return new int[] {Bytes.ip(a), Bytes.ip(b)};
    }

    @Test
    void shouldMergeRangesAndSubtractExclusions() {
        final AddressPool pool = AddressPool.of(
            List.of(r("10.0.0.10", "10.0.0.20"), r("10.0.0.15", "10.0.0.30"), r("10.0.1.0", "10.0.1.9")),
            List.of(r("10.0.0.12", "10.0.0.13"), r("10.0.1.0", "10.0.1.0")));
        assertEquals(21 - 2 + 9, pool.size());
        assertEquals(3, pool.intervals());
        assertFalse(pool.contains(Bytes.ip("10.0.0.12")));
        assertTrue(pool.contains(Bytes.ip("10.0.0.14")));
        assertFalse(pool.contains(Bytes.ip("10.0.1.0")));
    }

    @Test
    void shouldMapEveryIndexToAnAddressAndBack() {
        final AddressPool pool = AddressPool.of(List.of(r("192.168.0.1", "192.168.3.254")),
            List.of(r("192.168.1.0", "192.168.1.255"), r("192.168.2.7", "192.168.2.7")));
        for (int i = 0; i < pool.size(); i++) {
            assertEquals(i, pool.indexOf(pool.addressAt(i)));
        }
        assertEquals(-1, pool.indexOf(Bytes.ip("192.168.1.5")));
    }

    @Test
    void shouldOrderAddressesAboveHalfTheSpaceUnsigned() {
        final AddressPool pool = AddressPool.of(List.of(r("200.0.0.1", "200.0.0.3"), r("10.0.0.1", "10.0.0.1")),
            List.of());
        assertEquals(Bytes.ip("10.0.0.1"), pool.addressAt(0));
        assertEquals(Bytes.ip("200.0.0.3"), pool.addressAt(3));
    }

    @Test
    void shouldNotExpandASlash16IntoPerAddressObjects() {
        final long bytes = Allocations.measure(() -> {
            final AddressPool pool = AddressPool.of(List.of(r("10.1.0.1", "10.1.255.254")), List.of());
            new ScopeLeases(1, pool, new int[0], false, LeaseJournal.inMemory());
        });
        // a bitmap of 65534 bits is 8 KiB; per-address objects would be megabytes
        assertTrue(bytes < 256 * 1024, "allocated " + bytes + " bytes");
    }
}
