package io.jvde.dhcp.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.FuzzFrames;
import io.jvde.dhcp.testsupport.ReplyView;

/**
 * The relay path (RFC 3046 option 82, RFC 1542 giaddr/hops): client messages from the relayed VLANs and server
 * replies from upstream, with fuzzed BOOTP fields, options and agent options. Contract: a frame is relayed or
 * consumed, or dropped with exactly that reason counted; what goes upstream leaves from the relay with giaddr set;
 * what goes to a client leaves on a relayed VLAN without option 82 (stripped).
 */
class DhcpRelayFuzzTest {
    private static final String[] ADDRESSES = {"10.10.0.1", "10.20.0.1", "10.10.0.50", "192.0.2.10", "192.0.2.1",
        "0.0.0.0", "10.99.0.1"};

    @FuzzTest(maxDuration = "10s")
    void everyFrameIsRelayedOrCountedAndRepliesLoseOption82(final FuzzedDataProvider data) {
        try (RelayFixture f = RelayFixture.resolved()) {
            for (int i = 0; i < 16 && data.remainingBytes() > 0; i++) {
                final boolean fromServer = data.consumeBoolean();
                final byte[] frame;
                final int port;
                final int vid;
                if (fromServer) {
                    final byte[] agent = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 60));
                    frame = RelayFixture.serverReply(data.pickValue(new int[] {2, 5, 6}),
                        data.pickValue(ADDRESSES), agent).frame();
                    port = 1;
                    vid = RelayFixture.UPSTREAM;
                } else {
                    frame = FuzzFrames.next(data, ADDRESSES);
                    port = data.consumeInt(2, 5);
                    vid = data.pickValue(new int[] {10, 20, 30});
                }
                final int sentBefore = f.sink.count();
                final long[] before = new long[RelayDropReason.values().length];
                for (final RelayDropReason r : RelayDropReason.values()) {
                    before[r.ordinal()] = f.agent.counters().count(r);
                }
                final int result = f.send(port, vid, frame, RelayFixture.T0 + i);
                if (result != RelayDropReason.OK) {
                    final RelayDropReason reason = RelayDropReason.of(result);
                    assertEquals(before[reason.ordinal()] + 1, f.agent.counters().count(reason),
                        "one drop counted for " + reason);
                    assertEquals(sentBefore, f.sink.count(), "nothing sent for a frame dropped as " + reason);
                }
                for (final CapturingSink.Sent s : f.sink.sent().subList(sentBefore, f.sink.count())) {
                    final ReplyView v = RelayFixture.view(s);
                    if (v.etherType != 0x0800 || (v.udpDst != 67 && v.udpDst != 68)) {
                        continue; // ARP and ICMP of the relay itself
                    }
                    if (s.vid() == RelayFixture.UPSTREAM) {
                        assertEquals(Bytes.ip("192.0.2.10"), v.ipSrc, "relayed upstream from the relay's address");
                        assertTrue(v.giaddr != 0, "giaddr set upstream");
                    } else {
                        assertTrue(s.vid() == 10 || s.vid() == 20, "to a client on a relayed VLAN: " + s.vid());
                        assertEquals(null, v.option(82), "option 82 stripped towards the client");
                    }
                }
            }
        }
    }
}
