package io.jvde.testsupport;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The one "poll until" of the tests: re-checks a condition every few milliseconds until it holds or the bound passes,
 * then fails with what was last seen. The bound is a ceiling for a loaded machine, never the thing tested.
 */
public final class Poll {
    private static final long INTERVAL_MILLIS = 10;

    private Poll() {
    }

    /** A check that may throw (a socket read, a console command). */
    @FunctionalInterface
    public interface Check {
        boolean met() throws Exception;
    }

    /** A value that may throw to get. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /** Waits until {@code check} holds; {@link AssertionError} naming {@code what} after {@code timeout}. */
    public static void until(final String what, final Duration timeout, final Check check) {
        until(what, timeout, () -> check.met() ? Boolean.TRUE : Boolean.FALSE, Boolean.TRUE::equals);
    }

    /** Waits until {@code accept} holds for what {@code probe} returns, and returns that value. */
    public static <T> T until(final String what, final Duration timeout, final Probe<T> probe,
                              final Predicate<? super T> accept) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception failure = null;
        while (true) {
            try {
                last = probe.get();
                failure = null;
                if (accept.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                failure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                final AssertionError e = new AssertionError(what + ": not within " + timeout.toMillis() + " ms"
                    + (failure == null ? " (last seen: " + Objects.toString(last) + ")" : ""));
                if (failure != null) {
                    e.initCause(failure);
                }
                throw e;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted", e);
            }
        }
    }

    /** Whether {@code check} holds within {@code timeout}, for tests that then assert with their own message. */
    public static boolean within(final Duration timeout, final Check check) {
        try {
            until("condition", timeout, check);
            return true;
        } catch (AssertionError e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return false;
        }
    }
}
