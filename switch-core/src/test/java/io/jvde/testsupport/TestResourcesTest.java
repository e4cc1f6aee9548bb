package io.jvde.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The tests' closer: newest first, the switch last, every close attempted. */
class TestResourcesTest {
    @Test
    void shouldCloseNewestFirstThenTheSwitchAndSkipWhatWasForgotten() throws Exception {
        final List<String> closed = new ArrayList<>();
        final TestResources r = new TestResources();
        r.track(() -> closed.add("first"));
        final AutoCloseable forgotten = r.track(() -> closed.add("forgotten"));
        r.track(() -> closed.add("second"));
        r.forget(forgotten);
        assertEquals(2, r.size());
        r.closeAll(() -> closed.add("switch"));
        assertEquals(List.of("second", "first", "switch"), closed);
        assertEquals(0, r.size());
    }

    @Test
    void shouldAttemptEveryCloseAndRethrowTheFirstFailureWithTheOthersSuppressed() {
        final List<String> closed = new ArrayList<>();
        final IOException older = new IOException("older");
        final IOException newer = new IOException("newer");
        final TestResources r = new TestResources();
        r.track(() -> {
            closed.add("older");
            throw older;
        });
        r.track(() -> {
            closed.add("newer");
            throw newer;
        });
        final IOException thrown = assertThrows(IOException.class, () -> r.closeAll(() -> closed.add("switch")));
        assertSame(newer, thrown, "the first to fail: the newest");
        assertEquals(List.of(older), List.of(thrown.getSuppressed()));
        assertEquals(List.of("newer", "older", "switch"), closed);
    }

    @Test
    void shouldCloseWhatItKeepsWhenNoSwitchWasStarted() throws Exception {
        final List<String> closed = new ArrayList<>();
        final TestResources r = new TestResources();
        r.track(() -> closed.add("peer"));
        r.closeAll(null);
        assertEquals(List.of("peer"), closed);
    }
}
