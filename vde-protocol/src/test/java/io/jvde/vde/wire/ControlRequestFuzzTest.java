package io.jvde.vde.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VDE control request parser (vde-protocol.md, docs/: §2.3) on arbitrary bytes. Contract: {@link ControlRequest#check}
 * answers every prefix without throwing; a refusal is final (once a present field is wrong, no longer prefix makes the
 * request acceptable); an accepted request decodes, and encoding what was decoded gives a request that is accepted
 * and decodes to the same kind, port, client path and description.
 */
class ControlRequestFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void checkRefusesOrAcceptsAndRoundTrips(final byte[] data) {
        final ByteBuffer buf = ByteBuffer.allocate(data.length + 3).order(ByteOrder.BIG_ENDIAN);
        buf.position(3); // an offset inside the buffer, as the acceptor's reassembly buffer has
        buf.put(data);
        ControlRequest.Check refused = null;
        for (int length = 0; length <= data.length; length++) {
            final ControlRequest.Check c = ControlRequest.check(buf, 3, length);
            if (refused != null) {
                assertTrue(c != ControlRequest.Check.OK && c != ControlRequest.Check.INCOMPLETE,
                    "refused at a shorter length (" + refused + ") but " + c + " at " + length);
            } else if (c != ControlRequest.Check.OK && c != ControlRequest.Check.INCOMPLETE) {
                refused = c;
            }
        }
        final ControlRequest.Check whole = ControlRequest.check(buf, 3, data.length);
        if (data.length > ControlRequest.MAX_LENGTH) {
            assertEquals(ControlRequest.Check.TOO_LONG, whole);
        }
        if (whole != ControlRequest.Check.OK) {
            return;
        }
        final int kind = ControlRequest.kind(buf, 3);
        final int port = ControlRequest.port(buf, 3);
        final String path = ControlRequest.clientPath(buf, 3);
        final String description = ControlRequest.description(buf, 3, data.length);
        final ByteBuffer again = ByteBuffer.allocate(ControlRequest.MAX_LENGTH + 16);
        // a decoded path with bytes that are not UTF-8 can grow past the field when re-encoded: round-trip the others
        final boolean pathFits = path.getBytes(StandardCharsets.UTF_8).length < 108;
        final int n = ControlRequest.encode(again, 5, kind, port, pathFits ? path : "/p", description);
        assertEquals(ControlRequest.Check.OK, ControlRequest.check(again, 5, n), "re-encoded request accepted");
        assertEquals(kind, ControlRequest.kind(again, 5));
        assertEquals(port, ControlRequest.port(again, 5));
        if (pathFits && !path.contains("\uFFFD")) {
            assertEquals(path, ControlRequest.clientPath(again, 5));
        }
        if (description.getBytes(StandardCharsets.UTF_8).length <= ControlRequest.MAX_DESCRIPTION_LENGTH) {
            assertEquals(description, ControlRequest.description(again, 5, n));
        }
    }
}
