package io.jvde.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's guards: every test has a default timeout, and {@link Poll} fails instead of waiting forever. */
@ExtendWith(TestHygieneTest.Config.class)
class TestHygieneTest {
    /** Hands the test the platform's configuration parameter it names. */
    static final class Config implements ParameterResolver {
        @Override
        public boolean supportsParameter(final ParameterContext p, final ExtensionContext e) {
            return p.getParameter().getType() == String.class;
        }

        @Override
        public Object resolveParameter(final ParameterContext p, final ExtensionContext e) {
            return e.getConfigurationParameter("junit.jupiter.execution.timeout.default").orElse("");
        }
    }

    @Test
    void everyTestHasADefaultTimeout(final String timeout) {
        assertEquals("5 m", timeout.trim(), "junit.jupiter.execution.timeout.default in junit-platform.properties");
    }

    @Test
    void pollFailsNamingWhatItWaitedFor() {
        final AssertionError e = assertThrows(AssertionError.class,
            () -> Poll.until("the impossible", Duration.ofMillis(50), () -> false));
        assertTrue(e.getMessage().startsWith("the impossible: not within 50 ms"), e.getMessage());
    }

    @Test
    void pollReturnsTheFirstAcceptedValue() {
        final int[] n = {0};
        assertEquals(3, Poll.until("three", Duration.ofSeconds(5), () -> ++n[0], v -> v == 3));
    }
}
