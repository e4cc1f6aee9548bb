package io.jvde.examples;

import io.jvde.examples.embedded.EmbeddedSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the embedding example's main and checks that the frame went from one client to the other. */
@Timeout(60)
class EmbeddedSwitchTest {
    @Test
    @ResourceLock(Resources.SYSTEM_OUT)
    void mainPassesAFrameBetweenTwoClients() throws Exception {
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            EmbeddedSwitch.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s)port \\d+ received 60 bytes from port \\d+ through .*"), text);
    }
}
