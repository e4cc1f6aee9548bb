package io.jvde.sw.forward;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropReasonTest {
    @Test
    void shouldMapEveryIdBackToItsReason() {
        for (final DropReason reason : DropReason.values()) {
            assertEquals(reason, DropReason.of(reason.id()));
            assertNotEquals(Forwarder.FORWARD, reason.id(), "FORWARD must never collide with a reason");
        }
        assertEquals(DropReason.values().length, DropReason.COUNT);
    }

    @Test
    void shouldLabelEachReasonUniquelyStartingWithItsName() {
        final Set<String> labels = new HashSet<>();
        for (final DropReason reason : DropReason.values()) {
            assertTrue(labels.add(reason.label()), reason.label());
            final String name = reason.name().toLowerCase().replace('_', ' ');
            assertTrue(reason.label().startsWith(name + ":"), reason.label());
        }
    }

    @Test
    void shouldRejectUnknownIds() {
        assertEquals("drop reason id: -1 (expected: 0.." + (DropReason.COUNT - 1) + ")",
            assertThrows(IllegalArgumentException.class, () -> DropReason.of(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DropReason.of(DropReason.COUNT));
    }
}
