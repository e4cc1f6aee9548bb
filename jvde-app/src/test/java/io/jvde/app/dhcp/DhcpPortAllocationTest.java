package io.jvde.app.dhcp;

import io.jvde.app.console.ConsoleSession;
import io.jvde.app.console.DebugBus;
import io.jvde.app.dhcp.RelayGlue.RecordingContext;
import io.jvde.app.observe.Event;
import io.jvde.app.observe.EventHub;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.guard.DhcpGuard;
import io.jvde.dhcp.guard.GuardSettings;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.relay.RelayAgent;
import io.jvde.dhcp.relay.RelayListener;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.port.LocalPortContext;
import io.jvde.testsupport.Allocations;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The glue's per-frame path allocates nothing: reading the VID, wrapping the engine's buffer, answering (ARP for
 * the server address, through FrameSink, tagging, injection), ignoring flooded traffic, the ingress filter
 * ({@link DhcpPort#admit}) and the relay path both ways (a client's request to the server, the server's reply to the
 * client's port through injectTo, snooped into the guard).
 */
class DhcpPortAllocationTest {
    static final long NOW = 1_700_000_000_000L;
    static final int PORT = 1;

    /** Records what was injected without keeping it (the engine copies the bytes). */
    static final class CountingContext implements LocalPortContext {
        int injected;
        int lastLength;
        int lastTpid;
        int lastVid;

        @Override
        public int port() {
            return PORT;
        }

        @Override
        public boolean inject(final ByteBuffer frame, final int offset, final int length) {
            injected++;
            lastLength = length;
            lastTpid = frame.getShort(offset + 12) & 0xFFFF;
            lastVid = frame.getShort(offset + 14) & 0x0FFF;
            return true;
        }

        int injectedTo;
        int lastEgress = -1;

        @Override
        public boolean injectTo(final int egressPort, final ByteBuffer frame, final int offset, final int length) {
            injectedTo++;
            lastEgress = egressPort;
            lastLength = length;
            lastTpid = frame.getShort(offset + 12) & 0xFFFF;
            lastVid = frame.getShort(offset + 14) & 0x0FFF;
            return true;
        }
    }

    static DhcpPort port() {
        final DhcpSettings settings = DhcpSettings.builder()
            .scope(Scope.builder(0, "10.86.68.0/24").range("10.86.68.10", "10.86.68.20").build())
            .scope(Scope.builder(10, "10.86.10.0/24").range("10.86.10.10", "10.86.10.20").build())
            .build();
        final DhcpPort port = new DhcpPort(line -> { }, 0, () -> NOW);
        port.bind(DhcpResponder.start(settings, LeaseJournal.inMemory(), port, port, NOW));
        return port;
    }

    /** An ARP request "who has {@code target}" from 52:54:00:12:34:56, tagged with {@code vid} unless 0. */
    static ByteBuffer arp(final String target, final int vid) {
        final ByteBuffer f = ByteBuffer.allocateDirect(2048);
        int p = 0;
        for (int i = 0; i < 6; i++) {
            f.put(p++, (byte) 0xFF);
        }
        final byte[] mac = Bytes.hex("525400123456");
        for (final byte b : mac) {
            f.put(p++, b);
        }
        if (vid != 0) {
            f.putShort(p, (short) 0x8100).putShort(p + 2, (short) vid);
            p += 4;
        }
        f.putShort(p, (short) 0x0806);
        p += 2;
        final byte[] body = Bytes.hex("0001080006040001525400123456" + "00000000" + "000000000000");
        for (final byte b : body) {
            f.put(p++, b);
        }
        f.putInt(p, Bytes.ip(target));
        p += 4;
        f.limit(Math.max(p, vid != 0 ? 64 : 60));
        return f;
    }

    @Test
    void shouldAnswerArpOnTheUntaggedVlanWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final DhcpPort port = port();
        final CountingContext ctx = new CountingContext();
        final ByteBuffer f = arp("10.86.68.254", 0);
        final int length = f.limit();
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> {
            port.onFrame(f, 0, length, 2, ctx);
            port.onBatchEnd(ctx);
        });
        assertEquals(0, bytes, "bytes allocated per ARP answered");
        assertEquals(0x0806, ctx.lastTpid, "untagged reply on VLAN 0");
        assertEquals(2, ctx.lastEgress, "to the asking port alone");
    }

    @Test
    void shouldReadTheTagAndTagTheReplyWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final DhcpPort port = port();
        final CountingContext ctx = new CountingContext();
        final ByteBuffer f = arp("10.86.10.254", 10);
        final int length = f.limit();
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> {
            port.onFrame(f, 0, length, 2, ctx);
            port.onBatchEnd(ctx);
        });
        assertEquals(0, bytes, "bytes allocated per tagged ARP answered");
        assertEquals(0x8100, ctx.lastTpid, "the reply carries the 802.1Q tag");
        assertEquals(10, ctx.lastVid, "of the frame's VLAN");
    }

    @Test
    void shouldIgnoreFloodedTrafficWithoutAllocatingOrAnswering() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final DhcpPort port = port();
        final CountingContext ctx = new CountingContext();
        final ByteBuffer f = arp("10.86.68.77", 0); // someone else's address
        final int length = f.limit();
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> {
            port.onFrame(f, 0, length, 2, ctx);
            port.onBatchEnd(ctx);
        });
        assertEquals(0, bytes, "bytes allocated per ignored frame");
        assertEquals(0, ctx.injected + ctx.injectedTo, "nothing answered");
    }

    /**
     * The port wired as the extension wires it, with a relay for VLAN 20 and a guard on VLANs 0 and 20. The relay
     * tests pass {@link RelayListener#NONE}: the extension makes the port the relay's listener, whose
     * {@link DhcpPort#onRelayed} writes one log line per relayed message by design (about 600 bytes of text each);
     * what is measured is everything else, the per-frame work (dispatch, relay, sink, snooping, tagging, injection).
     */
    static DhcpPort relayingPort(final GuardSettings guardSettings, final RelayListener relayListener) {
        final DhcpPort port = new DhcpPort(line -> { }, 0, () -> NOW);
        final DhcpResponder responder = DhcpResponder.start(RelayGlue.server(), LeaseJournal.inMemory(), port, port,
            NOW);
        final RelayAgent relay = RelayAgent.start(RelayGlue.relay(), port.relaySink(),
            relayListener == null ? port : relayListener);
        final DhcpGuard guard = new DhcpGuard(guardSettings, null);
        guard.setGuarded(RelayGlue.SERVED, true);
        guard.setGuarded(RelayGlue.RELAYED, true);
        port.bind(responder, relay, guard);
        return port;
    }

    @Test
    void shouldAdmitANonDhcpFrameOnAGuardedVlanWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final DhcpPort port = relayingPort(GuardSettings.builder().build(), null);
        final ByteBuffer f = arp("10.86.68.254", 0);
        final int length = f.limit();
        final int[] calls = new int[2];
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> {
            calls[0]++;
            if (port.admit(f, 0, length, 2, RelayGlue.SERVED)) {
                calls[1]++;
            }
        });
        assertEquals(0, bytes, "bytes allocated per non-DHCP frame judged");
        assertEquals(calls[0], calls[1], "every ARP frame passed");
    }

    @Test
    void shouldAdmitADhcpClientFrameWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        // no rate limits: with the loop turn's time fixed every call takes the whole client-message path
        final DhcpPort port = relayingPort(GuardSettings.builder().portRate(0).portBurst(0).macRate(0).macBurst(0)
            .build(), null);
        final byte[] discover = ClientFrame.discover("52:54:00:12:34:56").frame();
        final ByteBuffer f = RelayGlue.direct(discover);
        final int[] calls = new int[2];
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> {
            calls[0]++;
            if (port.admit(f, 0, discover.length, 2, RelayGlue.SERVED)) {
                calls[1]++;
            }
        });
        assertEquals(0, bytes, "bytes allocated per DHCP client message judged");
        assertEquals(calls[0], calls[1], "every DISCOVER passed");
        assertEquals(calls[0], port.guard().counters().clientMessages(), "each was inspected as a client message");
    }

    /** The relay's next hop resolved; returns the option 82 the relay puts into a request from PORT + 2. */
    static byte[] resolveAndLearnAgentOption(final DhcpPort port, final byte[] tenDiscover) {
        final RecordingContext rec = new RecordingContext(40);
        final ByteBuffer d = RelayGlue.direct(tenDiscover);
        port.onFrame(d, 0, tenDiscover.length, CLIENT_PORT, rec);
        final byte[] arpReply = RelayGlue.tagged(RelayGlue.serverArpReply(), RelayGlue.UPSTREAM);
        port.onFrame(RelayGlue.direct(arpReply), 0, arpReply.length, 7, rec);
        return new ReplyView(rec.last().untaggedFrame()).option(82);
    }

    static final int CLIENT_PORT = 3;

    @Test
    void shouldRelayAClientRequestWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final DhcpPort port = relayingPort(GuardSettings.builder().build(), RelayListener.NONE);
        final byte[] discover = RelayGlue.tagged(ClientFrame.discover(RelayGlue.CLIENT_MAC).frame(),
            RelayGlue.RELAYED);
        resolveAndLearnAgentOption(port, discover);
        final CountingContext ctx = new CountingContext();
        final ByteBuffer f = RelayGlue.direct(discover);
        final int[] calls = new int[1];
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> {
            calls[0]++;
            port.onFrame(f, 0, discover.length, CLIENT_PORT, ctx);
            port.onBatchEnd(ctx);
        });
        assertEquals(0, bytes, "bytes allocated per client request relayed");
        assertEquals(calls[0], ctx.injected, "each request went to the server");
        assertEquals(RelayGlue.UPSTREAM, ctx.lastVid, "on the upstream VLAN");
    }

    @Test
    void shouldRelayAServerReplyToTheClientPortWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final DhcpPort port = relayingPort(GuardSettings.builder().build(), RelayListener.NONE);
        final byte[] agent = resolveAndLearnAgentOption(port, RelayGlue.tagged(ClientFrame.discover(
            RelayGlue.CLIENT_MAC).frame(), RelayGlue.RELAYED));
        final byte[] ack = RelayGlue.tagged(RelayGlue.serverReply(5, RelayGlue.CLIENT_MAC, 0x1234, agent).frame(),
            RelayGlue.UPSTREAM);
        final CountingContext ctx = new CountingContext();
        final ByteBuffer f = RelayGlue.direct(ack);
        final int[] calls = new int[1];
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> {
            calls[0]++;
            port.onFrame(f, 0, ack.length, 7, ctx);
            port.onBatchEnd(ctx);
        });
        assertEquals(0, bytes, "bytes allocated per server reply relayed and snooped");
        assertEquals(calls[0], ctx.injectedTo, "each reply went to the client's port alone");
        assertEquals(0, ctx.injected, "none flooded");
        assertEquals(CLIENT_PORT, ctx.lastEgress);
        assertEquals(RelayGlue.RELAYED, ctx.lastVid, "tagged for the client's VLAN");
        assertTrue(port.guard().bindings().lookup(RelayGlue.RELAYED, Bytes.mac(RelayGlue.CLIENT_MAC), NOW) >= 0,
            "the ACK bound");
    }

    /** A log that takes a turn's lines as {@link io.jvde.app.ConsoleLog} does (copied out, nothing kept). */
    static final class CopyingLog implements io.jvde.sw.engine.SwitchLog {
        final char[] copy = new char[64 * 1024];
        int length;
        long lines;
        long batches;

        @Override
        public void log(final String line) {
            throw new AssertionError("a line of its own, not an exchange's: " + line);
        }

        @Override
        public void logLines(final CharSequence text) {
            batches++;
            length = text.length();
            for (int i = 0; i < length; i++) {
                copy[i] = text.charAt(i);
                if (copy[i] == '\n') {
                    lines++;
                }
            }
        }

        String last() {
            return new String(copy, 0, length);
        }
    }

    /** One event-loop turn: {@code frame} copied into the engine's buffer, delivered, then the batch end. */
    static void deliver(final DhcpPort port, final ByteBuffer engine, final byte[] frame, final LocalPortContext ctx) {
        engine.clear();
        engine.put(frame);
        port.onFrame(engine, 0, frame.length, 2, ctx);
        port.onBatchEnd(ctx);
    }

    /** A port serving VLAN 0 that logs to {@code log}, and {@code clients} DORAs' frames (the MACs bound once). */
    record Doras(DhcpPort port, byte[][] discovers, byte[][] requests) {
        static Doras of(final CopyingLog log, final int clients, final boolean hostnames,
                        final io.jvde.app.dhcp.DhcpObserver observer) {
            final DhcpPort port = new DhcpPort(log, 0, () -> NOW);
            port.bind(DhcpResponder.start(DhcpSettings.builder()
                .scope(Scope.builder(0, "10.86.68.0/24").range("10.86.68.10", "10.86.68.20").build()).build(),
                LeaseJournal.inMemory(), port, port, NOW));
            port.observer(observer);
            final byte[][] discovers = new byte[clients][];
            final byte[][] requests = new byte[clients][];
            final ByteBuffer engine = ByteBuffer.allocateDirect(2048);
            for (int i = 0; i < clients; i++) {
                final String mac = String.format("52:54:00:12:35:%02x", i);
                final ClientFrame discover = ClientFrame.discover(mac);
                discovers[i] = (hostnames ? discover.hostname("web-" + i) : discover).frame();
                deliver(port, engine, discovers[i], new CountingContext());
                final int address = port.responder().leaseTable(0).address(port.responder().leaseTable(0)
                    .lookup(Bytes.mac(mac)));
                final ClientFrame request = ClientFrame.request(mac).serverId("10.86.68.254")
                    .requestedIp(Bytes.ip(address));
                requests[i] = (hostnames ? request.hostname("web-" + i) : request).frame();
                deliver(port, engine, requests[i], new CountingContext());
            }
            return new Doras(port, discovers, requests);
        }

        /** Every client's DISCOVER and REQUEST again, each in a turn of its own through {@code engine}. */
        void replay(final ByteBuffer engine, final LocalPortContext ctx) {
            for (int i = 0; i < discovers.length; i++) {
                deliver(port, engine, discovers[i], ctx);
                deliver(port, engine, requests[i], ctx);
            }
        }
    }

    /**
     * A DORA's two log lines ({@code dhcp: DHCPOFFER ...}, {@code dhcp: DHCPACK ...}) are formatted into the port's
     * reused builder and handed to the log once per turn: nothing is allocated per message once warm.
     */
    @Test
    void shouldFormatADorasLogLinesWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final CopyingLog log = new CopyingLog();
        final int clients = 8;
        final Doras doras = Doras.of(log, clients, false, null);
        final CountingContext ctx = new CountingContext();
        final ByteBuffer engine = ByteBuffer.allocateDirect(2048); // the engine hands every frame in one buffer
        final long linesBefore = log.lines;
        final long bytes = Allocations.bytesAfterWarmUp(2_000, () -> doras.replay(engine, ctx));
        assertEquals(0, bytes, "bytes allocated per " + clients + " DORAs with their log lines");
        assertTrue(log.lines - linesBefore >= 2L * clients * 2_000, "two lines per DORA: " + log.lines);
        assertTrue(log.last().startsWith("dhcp: DHCPACK 10.86.68.") && log.last().contains(" to 52:54:00:12:35:07 ")
            && log.last().endsWith("\n"), "the ACK's line, as before: " + log.last());
        assertEquals(log.lines, log.batches, "one line per turn here: one DHCP message each");
    }

    /**
     * With nobody listening to the event stream (no subscriber, waiter, listener or debug category), the hub keeps a
     * DORA's lease change as its MAC's compact row: for MACs already bound, an OFFER and an ACK (with a host name,
     * unchanged) allocate nothing once warm. A MAC's first ACK may allocate (the rows grow by doubling, the index
     * rehashes, the host name's text is kept once). The event is built only when asked: a later listener's
     * snapshot tells each lease with the fields its live event carries.
     */
    @Test
    void shouldRecordADorasLeaseInAnUnwatchedEventHubWithoutAllocating() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final DebugBus bus = new DebugBus();
        bus.join(new ConsoleSession(ConsoleSession.Kind.MGMT)); // a console connection that asked for no debug lines
        final EventHub hub = new EventHub(bus);
        final int clients = 8;
        final Doras doras = Doras.of(new CopyingLog(), clients, true, hub);
        final CountingContext ctx = new CountingContext();
        final ByteBuffer engine = ByteBuffer.allocateDirect(2048);
        final long bytes = Allocations.bytesAfterWarmUp(2_000, () -> doras.replay(engine, ctx));
        assertEquals(0, bytes, "bytes allocated per " + clients + " DORAs through the event hub");

        final List<Event> events = new ArrayList<>();
        hub.listen(events::add, NO_PORTS);
        assertEquals(clients, events.size(), "a snapshot event per bound MAC: " + events);
        final Event snapshot = events.stream().filter(e -> "52:54:00:12:35:03".equals(e.field("mac"))).findFirst()
            .orElseThrow();
        deliver(doras.port(), engine, doras.requests()[3], ctx); // now someone listens: a live event
        final Event live = events.get(events.size() - 1);
        assertEquals("lease.bound", live.type(), live.json());
        assertEquals("web-3", live.field("hostname"), live.json());
        assertEquals("2", live.field("port"), live.json());
        final Map<String, Object> expected = new LinkedHashMap<>(live.fields());
        expected.put("snapshot", true);
        assertEquals("lease.bound", snapshot.type());
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(snapshot.fields().entrySet()),
            "the snapshot tells the lease as the live event does, same fields in the same order");
        assertEquals(live.seq(), snapshot.seq() + 1, "the snapshot is not numbered; the live event is the next");
        final byte[] release = ClientFrame.of(7, "52:54:00:12:35:03").ciaddr(live.field("ip"))
            .serverId("10.86.68.254").frame();
        deliver(doras.port(), engine, release, ctx);
        assertEquals("lease.released", events.get(events.size() - 1).type());
        assertEquals(null, hub.await(NO_PORTS, e -> "52:54:00:12:35:03".equals(e.field("mac")),
            new java.util.concurrent.CompletableFuture<>()), "a released lease leaves the snapshot");
        assertTrue(hub.await(NO_PORTS, e -> "52:54:00:12:35:04".equals(e.field("mac")),
            new java.util.concurrent.CompletableFuture<>()) != null, "the others stay");
    }

    /** A switch without ports: a snapshot holds only the leases. */
    static final SwitchControl NO_PORTS = (SwitchControl) Proxy.newProxyInstance(
        DhcpPortAllocationTest.class.getClassLoader(), new Class<?>[] {SwitchControl.class},
        (proxy, method, args) -> method.getName().equals("portCount") ? 0 : null);
}
