package io.jvde.dhcp.relay;

import static io.jvde.dhcp.relay.RelayFixture.CLIENT_PORT;
import static io.jvde.dhcp.relay.RelayFixture.T0;
import static io.jvde.dhcp.relay.RelayFixture.UPSTREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvde.dhcp.testsupport.Allocations;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Once every (port, VLAN) has its circuit-id, relaying requests and replies and answering ARP allocates nothing. */
class RelayAllocationTest {
    private static final int CLIENTS = 32;

    @Test
    void shouldRelayWithoutAllocating() {
        final long[] sent = {0};
        final RelayAgent agent = RelayAgent.start(RelayFixture.settings().build(),
            (port, vid, frame, offset, length) -> sent[0]++, null);
        try {
            final ByteBuf arp = Unpooled.wrappedBuffer(RelayFixture.arp(2, RelayFixture.SERVER_MAC, "192.0.2.1",
                RelayFixture.RELAY_MAC, "192.0.2.10", RelayFixture.RELAY_MAC));
            final ByteBuf[] requests = new ByteBuf[CLIENTS];
            final ByteBuf[] replies = new ByteBuf[CLIENTS];
            final long[] now = {T0};
            check(agent.onFrame(1, UPSTREAM, arp, 0, arp.capacity(), now[0]));
            for (int i = 0; i < CLIENTS; i++) {
                final String mac = String.format("52:54:00:aa:00:%02x", i);
                requests[i] = Unpooled.wrappedBuffer(ClientFrame.discover(mac).prl(1, 3, 6).frame());
                // The circuit-id of port i as the relay renders it by default.
                final byte[] circuit = ("sw1 port " + (CLIENT_PORT + i) + " vlan 10").getBytes();
                final byte[] agentOption = new byte[circuit.length + 2 + 5];
                agentOption[0] = 1;
                agentOption[1] = (byte) circuit.length;
                System.arraycopy(circuit, 0, agentOption, 2, circuit.length);
                System.arraycopy(new byte[] {2, 3, 's', 'w', '1'}, 0, agentOption, circuit.length + 2, 5);
                replies[i] = Unpooled.wrappedBuffer(RelayFixture.serverReply(2, "10.10.0.1", agentOption).frame());
            }
            final Runnable round = () -> {
                for (int i = 0; i < CLIENTS; i++) {
                    now[0] += 10;
                    check(agent.onFrame(CLIENT_PORT + i, 10, requests[i], 0, requests[i].capacity(), now[0]));
                    check(agent.onFrame(1, UPSTREAM, replies[i], 0, replies[i].capacity(), now[0]));
                    check(agent.onFrame(1, UPSTREAM, arp, 0, arp.capacity(), now[0]));
                    agent.onTick(now[0]);
                }
            };
            for (int warm = 0; warm < 200; warm++) {
                round.run();
            }
            // As HotPathAllocationTest: the cleanest of three windows, so a late JIT or class load cannot fail it.
            final long[] windows = new long[3];
            for (int w = 0; w < windows.length; w++) {
                final long before = sent[0];
                windows[w] = Allocations.measure(() -> {
                    for (int k = 0; k < 50; k++) {
                        round.run();
                    }
                });
                assertEquals(50L * CLIENTS * 2, sent[0] - before, "every request and reply relayed");
            }
            assertEquals(0, Arrays.stream(windows).min().getAsLong(),
                "bytes allocated per window: " + Arrays.toString(windows));
        } finally {
            agent.close();
        }
    }

    /** The host uplink's agent side: requests to the uplink, replies from {@link RelayAgent#onServerMessage}. */
    @Test
    void shouldRelayThroughTheHostUplinkWithoutAllocating() {
        final long[] sent = {0};
        final long[] uplinked = {0};
        final RelayAgent agent = RelayAgent.start(RelayFixture.settings().hostUplink("192.0.2.10").build(),
            (port, vid, frame, offset, length) -> sent[0]++, (server, dhcp, offset, length) -> ++uplinked[0] > 0,
            null);
        try {
            final ByteBuf[] requests = new ByteBuf[CLIENTS];
            final ByteBuf[] replies = new ByteBuf[CLIENTS];
            final long[] now = {T0};
            final int server = Bytes.ip("192.0.2.1");
            for (int i = 0; i < CLIENTS; i++) {
                final String mac = String.format("52:54:00:aa:00:%02x", i);
                requests[i] = Unpooled.wrappedBuffer(ClientFrame.discover(mac).prl(1, 3, 6).frame());
                final byte[] circuit = ("sw1 port " + (CLIENT_PORT + i) + " vlan 10").getBytes();
                final byte[] agentOption = new byte[circuit.length + 2 + 5];
                agentOption[0] = 1;
                agentOption[1] = (byte) circuit.length;
                System.arraycopy(circuit, 0, agentOption, 2, circuit.length);
                System.arraycopy(new byte[] {2, 3, 's', 'w', '1'}, 0, agentOption, circuit.length + 2, 5);
                replies[i] = Unpooled.wrappedBuffer(RelayFixture.serverReply(2, "10.10.0.1", agentOption).message());
            }
            final Runnable round = () -> {
                for (int i = 0; i < CLIENTS; i++) {
                    now[0] += 10;
                    check(agent.onFrame(CLIENT_PORT + i, 10, requests[i], 0, requests[i].capacity(), now[0]));
                    check(agent.onServerMessage(replies[i], 0, replies[i].capacity(), server, now[0]));
                    agent.onTick(now[0]);
                }
            };
            for (int warm = 0; warm < 200; warm++) {
                round.run();
            }
            final long[] windows = new long[3];
            for (int w = 0; w < windows.length; w++) {
                final long before = sent[0] + uplinked[0];
                windows[w] = Allocations.measure(() -> {
                    for (int k = 0; k < 50; k++) {
                        round.run();
                    }
                });
                assertEquals(50L * CLIENTS * 2, sent[0] + uplinked[0] - before, "every request and reply relayed");
            }
            assertEquals(0, Arrays.stream(windows).min().getAsLong(),
                "bytes allocated per window: " + Arrays.toString(windows));
        } finally {
            agent.close();
        }
    }

    private static void check(final int reason) {
        if (reason != RelayDropReason.OK) {
            throw new AssertionError("dropped: " + RelayDropReason.of(reason));
        }
    }
}
