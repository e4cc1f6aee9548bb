package io.jvde.dhcp.server;

import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.netty.buffer.Unpooled;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the group-commit tests share: numbered REQUESTs and a bounded flush loop. */
final class CommitFixtures {
    private CommitFixtures() {
    }

    /** REQUEST number {@code i} from MAC 52:54:00:{@code macByte}:i for 192.168.1.(100 + i % 100). */
    static void request(final DhcpResponder r, final int macByte, final int i) {
        final byte[] f = ClientFrame.request(String.format("52:54:00:%02x:%02x:%02x", macByte, i >>> 8, i & 0xFF))
            .requestedIp("192.168.1." + (100 + i % 100)).frame();
        r.onFrame(Harness.PORT, 1, Unpooled.wrappedBuffer(f), 0, f.length, Harness.START);
    }

    /** Flushes the responder every millisecond until {@code condition}, for at most 10 s. */
    static boolean flushUntil(final DhcpResponder r, final BooleanSupplier condition) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            r.flush();
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }
}
