package io.jvde.dhcp.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.DhcpConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class GuardSettingsTest {
    private static DhcpConfigException fails(final Executable e) {
        return assertThrows(DhcpConfigException.class, e);
    }

    @Test
    void shouldDefaultToEnabledWithPortAndMacLimits() {
        final GuardSettings s = GuardSettings.builder().build();
        assertTrue(s.enabled());
        assertTrue(s.trustedPorts().isEmpty());
        assertEquals(50, s.portRate());
        assertEquals(100, s.portBurst());
        assertEquals(10, s.macRate());
        assertEquals(20, s.macBurst());
        assertEquals(10_000, s.logIntervalMillis());
    }

    @Test
    void shouldNameTheFieldAndTheExpectationOfABadValue() {
        final DhcpConfigException e = fails(() -> GuardSettings.builder().portBurst(0).build());
        assertEquals("portBurst", e.path());
        assertEquals("0 (expected: 1..1000000 when portRate is 50; a burst of 0 would drop everything, set portRate"
            + " 0 for no limit)", e.reason());
        assertEquals("macRate", fails(() -> GuardSettings.builder().macRate(-1).build()).path());
        assertEquals("macBurst", fails(() -> GuardSettings.builder().macBurst(2_000_000).build()).path());
        assertEquals("logIntervalMillis", fails(() -> GuardSettings.builder().logIntervalMillis(-1).build()).path());
        assertEquals("bindingCapacity", fails(() -> GuardSettings.builder().bindingCapacity(1).build()).path());
        assertEquals("macTableCapacity", fails(() -> GuardSettings.builder().macTableCapacity(1 << 21).build())
            .path());
        assertEquals("trustedPorts", fails(() -> GuardSettings.builder().trustedPort(-1)).path());
        assertEquals("guard.portBurst", fails(() -> GuardSettings.builder().portBurst(0).build()).under("guard")
            .path());
    }

    @Test
    void shouldAcceptAnyBurstWhenTheRateIsZero() {
        assertEquals(0, GuardSettings.builder().portRate(0).portBurst(0).build().portBurst());
    }

    @Test
    void shouldBeImmutableAndRoundTripThroughItsBuilder() {
        final GuardSettings s = GuardSettings.builder().trustedPort(2).portRate(7).macBurst(9).build();
        s.trustedPorts().set(5);
        assertFalse(s.trusted(5), "trustedPorts() is a copy");
        assertEquals(s, s.toBuilder().build());
        final GuardSettings t = s.withTrusted(5, true).withTrusted(2, false);
        assertTrue(t.trusted(5));
        assertFalse(t.trusted(2));
        assertTrue(s.trusted(2), "the original is unchanged");
    }
}
