package io.jvde.junit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JvdeExtension#shared}: every class registering the same key gets the one switch of the run. */
@Timeout(60)
class SharedJvdeTest {
    static final Set<Jvde> SEEN = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    @RegisterExtension
    static final JvdeExtension JVDE = JvdeExtension.shared("jvde-junit-shared", Jvde.builder().log(line -> { }));

    @Test
    void outerClassSeesTheSharedSwitch() {
        SEEN.add(JVDE.jvde());
        assertEquals(1, SEEN.size());
        assertTrue(Files.exists(JVDE.socketPath().resolve("ctl")));
    }

    @Nested
    class Other {
        @RegisterExtension
        final JvdeExtension again = JvdeExtension.shared("jvde-junit-shared", Jvde.builder().log(line -> { }));

        @Test
        void anotherRegistrationOfTheKeyGetsTheSameSwitch() {
            SEEN.add(again.jvde());
            SEEN.add(JVDE.jvde());
            assertEquals(1, SEEN.size(), "one switch per key and run");
        }
    }
}
