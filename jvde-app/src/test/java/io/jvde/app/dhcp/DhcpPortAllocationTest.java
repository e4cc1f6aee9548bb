package io.jvde.app.dhcp;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.sw.port.LocalPortContext;
import io.jvde.testsupport.Allocations;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The glue's per-frame path allocates nothing: reading the VID, wrapping the engine's buffer, answering (ARP for
 * the server address, through FrameSink, tagging, injection) and ignoring flooded traffic.
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
        assertEquals(0, ctx.injected, "nothing answered");
    }
}
