package io.jvde.junit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One switch for the class: started before the first test, the same in every test, parameters resolved. */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JvdeExtensionTest {
    @RegisterExtension
    static final JvdeExtension JVDE = JvdeExtension.perClass(Jvde.builder().log(line -> { }).vlans(10));

    private static Jvde first;

    @Test
    @Order(1)
    void theSwitchRunsBeforeTheFirstTest(final Jvde jvde) {
        first = jvde;
        assertSame(JVDE.jvde(), jvde);
        assertTrue(Files.exists(JVDE.socketPath().resolve("ctl")));
        JVDE.console("port/create 5");
    }

    @Test
    @Order(2)
    void laterTestsSeeTheSameSwitchAndItsState(final Jvde jvde) {
        assertSame(first, jvde);
        final String port = String.join("\n", JVDE.console("port/allprint 5"));
        assertTrue(port.contains("Port 0005"), port);
        assertTrue(String.join("\n", JVDE.console("vlan/allprint 10")).contains("VLAN 0010"));
        assertEquals(0, JVDE.leases().size());
        final Path dir = JVDE.socketPath();
        assertTrue(dir.isAbsolute(), dir.toString());
    }
}
