package io.jvde.dhcp.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvde.dhcp.testsupport.Allocations;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link DhcpGuard#admit} allocates nothing per frame: for frames that are not DHCP, for DHCP client messages
 * (token buckets, per-MAC table, option walk) and for violations and snooped ACKs. A one-off allocation (a late JIT
 * compilation or class load) can land in any window; an allocation per frame lands in every one, so the steady
 * state is the cleanest of three windows.
 */
class GuardAllocationTest {
    private static final int VID = 1;
    private static final int TRUSTED = 1;
    private static final int PORTS = 16;
    private static final int ROUNDS = 2000;
    private static final int WARM_ROUNDS = 20_000;

    private final long[] reports = new long[1];
    private final DhcpGuard guard = new DhcpGuard(GuardSettings.builder().trustedPort(TRUSTED).build(),
        (reason, port, vid, mac, suppressed) -> reports[0]++);
    private long now = GuardFixture.START;

    GuardAllocationTest() {
        guard.setGuarded(VID, true);
    }

    private static ByteBuf buf(final ClientFrame f) {
        return GuardFrames.buf(f.frame());
    }

    private boolean admit(final int port, final ByteBuf frame) {
        return guard.admit(port, VID, frame, 0, frame.capacity(), now);
    }

    /** The cleanest of three windows of {@code ROUNDS} rounds, after warming up; each round checks its outcome. */
    private static long cleanestWindow(final LongSupplier round, final long expectedPerRound) {
        for (int i = 0; i < WARM_ROUNDS; i++) {
            round.getAsLong();
        }
        final long[] windows = new long[3];
        final long[] outcome = new long[1];
        for (int w = 0; w < windows.length; w++) {
            outcome[0] = 0;
            windows[w] = Allocations.measure(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    outcome[0] += round.getAsLong();
                }
            });
            assertEquals(expectedPerRound * ROUNDS, outcome[0], "frames admitted as expected");
        }
        assertEquals(0, Arrays.stream(windows).min().getAsLong(), "bytes allocated per window: "
            + Arrays.toString(windows));
        return outcome[0];
    }

    @Test
    void admit_nonDhcpFramesAllocateNothing() {
        final ByteBuf arp = GuardFrames.buf(GuardFrames.arp("52:54:00:aa:00:01"));
        final ByteBuf dns = buf(ClientFrame.discover("52:54:00:aa:00:01").ports(5353, 53));
        final ByteBuf tagged = GuardFrames.buf(GuardFrames.tagged(ClientFrame.discover("52:54:00:aa:00:01")
            .ports(40000, 443).frame(), VID));
        cleanestWindow(() -> {
            now++;
            return (admit(3, arp) ? 1 : 0) + (admit(3, dns) ? 1 : 0) + (admit(3, tagged) ? 1 : 0);
        }, 3);
    }

    @Test
    void admit_dhcpClientMessagesAllocateNothing() {
        final ByteBuf[] discovers = new ByteBuf[PORTS];
        final ByteBuf[] requests = new ByteBuf[PORTS];
        for (int i = 0; i < PORTS; i++) {
            final String mac = String.format("52:54:00:aa:00:%02x", i);
            discovers[i] = buf(ClientFrame.discover(mac).prl(1, 3, 6, 15, 119).hostname("vm" + i)
                .clientId(new byte[] {1, 0x52, 0x54, 0, (byte) 0xaa, 0, (byte) i}));
            requests[i] = buf(ClientFrame.request(mac).serverId("192.168.1.254").requestedIp("192.168.1.50"));
        }
        // 16 client ports, each with one client sending 2 messages per 400 ms: within 10/s per MAC
        cleanestWindow(() -> {
            now += 400;
            long admitted = 0;
            for (int i = 0; i < PORTS; i++) {
                admitted += admit(2 + i, discovers[i]) ? 1 : 0;
                admitted += admit(2 + i, requests[i]) ? 1 : 0;
            }
            return admitted;
        }, 2 * PORTS);
    }

    @Test
    void admit_violationsAndSnoopedAcksAllocateNothing() {
        final ByteBuf rogue = buf(GuardFrames.reply(GuardFrames.OFFER, "52:54:00:aa:00:01", "192.168.1.9", 60));
        final ByteBuf spoofed = buf(ClientFrame.discover("52:54:00:aa:00:02").giaddr("10.0.0.1"));
        final ByteBuf ack = buf(GuardFrames.ack("52:54:00:aa:00:01", "192.168.1.50", 3600));
        final ByteBuf flood = buf(ClientFrame.discover("52:54:00:aa:00:03"));
        final long[] flooded = new long[1];
        cleanestWindow(() -> {
            now += 100; // 10 rounds per second: the spoofer stays within its MAC's 10/s, so it is not rate-limited
            long right = 0;
            right += admit(3, rogue) ? 0 : 1;
            right += admit(4, spoofed) ? 0 : 1;
            right += admit(TRUSTED, ack) ? 1 : 0;
            for (int i = 0; i < 3; i++) {
                flooded[0] += admit(5, flood) ? 0 : 1; // 30/s from one MAC: over its 10/s, under the port's 50/s
            }
            return right;
        }, 3);
        assertEquals(flooded[0], guard.counters().drops(GuardDropReason.RATE_LIMIT_MAC));
        assertEquals(1, guard.bindings().size());
        assertEquals(true, flooded[0] > 0);
        assertEquals(true, reports[0] > 0 && guard.counters().suppressed() > 0);
    }
}
