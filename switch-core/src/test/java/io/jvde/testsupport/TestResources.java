package io.jvde.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened (peers, guests, namespaces, sockets), closed from its {@code @AfterEach} newest first, then the
 * switch under test. Every close is attempted; the first failure is rethrown with the later ones suppressed.
 */
public final class TestResources {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Keeps {@code resource} to close; returns it. */
    public <T extends AutoCloseable> T track(final T resource) {
        open.add(resource);
        return resource;
    }

    /** Stops keeping {@code resource} (the test closed it itself). */
    public void forget(final AutoCloseable resource) {
        open.remove(resource);
    }

    /** How many resources are kept. */
    public int size() {
        return open.size();
    }

    /** Closes what is kept, newest first, then {@code last} (the switch under test; null when none started). */
    public void closeAll(final AutoCloseable last) throws Exception {
        Exception first = null;
        for (int i = open.size() - 1; i >= -1; i--) {
            final AutoCloseable r = i >= 0 ? open.get(i) : last;
            try {
                if (r != null) {
                    r.close();
                }
            } catch (final Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
