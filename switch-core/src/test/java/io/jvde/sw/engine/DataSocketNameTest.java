package io.jvde.sw.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The data socket names a handshake binds are vde_switch's {@code %03d.%d} (docs/protocol.md), without a formatter. */
@Timeout(10)
class DataSocketNameTest {
    @Test
    void shouldPadThePortToThreeDigitsLikePrintf() {
        for (final int port : new int[] {1, 9, 10, 99, 100, 999, 1000, 4095, 65535}) {
            for (final int id : new int[] {0, 1, 12, 1234567}) {
                assertEquals(String.format("%03d.%d", port, id), ControlAcceptor.dataSocketName(port, id));
            }
        }
    }
}
