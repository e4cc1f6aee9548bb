package io.jvde.testsupport;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Two vde_plug peers on the switch under test whose traffic a test checks keeps flowing through whatever it does to
 * the switch.
 */
public record VdePlugPair(VdePlugPeer a, VdePlugPeer b) {
    /** Attaches {@code pair-a} and {@code pair-b} to {@code sw} on automatic ports, kept in {@code resources}. */
    public static VdePlugPair attach(final SwitchUnderTest sw, final TestResources resources) {
        return new VdePlugPair(resources.track(VdePlugPeer.attach(sw.directory(), VdePlugPeer.ANY_PORT, "pair-a")),
            resources.track(VdePlugPeer.attach(sw.directory(), VdePlugPeer.ANY_PORT, "pair-b")));
    }

    /**
     * Sends {@code ab} from a and then {@code ba} from b, and asserts that each reaches the other peer unchanged
     * within {@code wait} (failure messages carry the switch's output).
     */
    public void assertForwards(final SwitchUnderTest sw, final byte[] ab, final byte[] ba, final Duration wait) {
        a.send(ab);
        assertNotNull(b.receive(f -> Arrays.equals(f, ab), wait), "pair a -> b forwards\n" + sw.output());
        b.send(ba);
        assertNotNull(a.receive(f -> Arrays.equals(f, ba), wait), "pair b -> a forwards\n" + sw.output());
    }
}
