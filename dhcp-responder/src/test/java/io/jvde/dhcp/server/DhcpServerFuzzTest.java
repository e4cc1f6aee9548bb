package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.lease.LeaseInfo;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.FuzzFrames;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DHCP messages, options and option 82 through the server path (frame in, replies out, leases kept). Contract:
 * every frame is answered or dropped with exactly one drop counted and nothing sent; every reply parses, goes to the
 * port the request came from and offers only addresses of the scope; no address is ever bound to two clients.
 */
class DhcpServerFuzzTest {
    private static final String[] ADDRESSES = {"192.168.1.100", "192.168.1.150", "192.168.1.199", "192.168.1.254",
        "192.168.1.1", "10.0.0.1", "0.0.0.0", "255.255.255.255"};

    @FuzzTest(maxDuration = "10s")
    void everyFrameIsAnsweredOrCountedAndNoAddressIsBoundTwice(final FuzzedDataProvider data) {
        try (Harness h = Harness.of(Harness.lan().build())) {
            for (int i = 0; i < 16 && data.remainingBytes() > 0; i++) {
                h.advance(data.consumeInt(0, 4000));
                final int port = data.consumeInt(1, 4);
                final byte[] frame = FuzzFrames.next(data, ADDRESSES);
                final long dropsBefore = totalDrops(h);
                final int sentBefore = h.sink.count();
                final int result = h.responder.onFrame(port, 1, io.netty.buffer.Unpooled.wrappedBuffer(frame), 0,
                    frame.length, h.now);
                h.responder.flush();
                if (result != DhcpDropReason.OK) {
                    final DhcpDropReason reason = DhcpDropReason.of(result);
                    assertEquals(dropsBefore + 1, totalDrops(h), "one drop counted for " + reason);
                    assertEquals(sentBefore, h.sink.count(), "nothing sent for a frame dropped as " + reason);
                    continue;
                }
                for (final CapturingSink.Sent s : h.sink.sent().subList(sentBefore, h.sink.count())) {
                    assertEquals(port, s.port(), "a reply goes to the port its request came from");
                    final ReplyView v = s.view(); // parses: headers and options are well-formed
                    assertTrue(v.ipChecksumOk && v.udpChecksumOk, "reply checksums");
                    if (v.udpDst == 68 && v.yiaddr != 0) {
                        assertTrue(Bytes.ip("192.168.1.0") < v.yiaddr && v.yiaddr < Bytes.ip("192.168.1.255"),
                            "yiaddr " + Bytes.ip(v.yiaddr) + " outside the scope");
                    }
                }
                final List<LeaseInfo> leases = h.responder.leases(1, h.now);
                final Set<Integer> bound = new HashSet<>();
                for (final LeaseInfo l : leases) {
                    assertTrue(bound.add(l.address()), "address bound twice: " + leases);
                }
            }
        }
    }

    private static long totalDrops(final Harness h) {
        long n = 0;
        for (final DhcpDropReason r : DhcpDropReason.values()) {
            n += h.responder.counters().drops(r);
        }
        return n;
    }
}
