package io.jvde.sw.forward;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.frame.EthernetFrame;
import io.jvde.primitives.Mac48;
import io.jvde.sw.vlan.VlanTable;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames of every shape (untagged, 802.1Q, double-tagged, 802.1ad, short, jumbo, oversize) through the forwarding
 * decision, interleaved with VLAN configuration changes. Contract: {@link Forwarder#decide} returns FORWARD or a drop
 * reason and counts exactly that drop; length and tag rules give the documented reasons; a forwarded frame never goes
 * back to its ingress port, only to active ports, once each; a learned source is found on its port afterwards; and
 * the MAC table agrees with a model of what was learned (entry for entry while nothing was evicted).
 */
class ForwardingFuzzTest {
    private static final int PORTS = 8;
    private static final long SECOND = 1_000_000_000L;

    @FuzzTest(maxDuration = "10s")
    void decideKeepsTheTableConsistentWithAModel(final FuzzedDataProvider data) {
        final MacTable macs = new MacTable(16); // small: capacity pressure and eviction are part of the run
        final VlanTable vlans = new VlanTable(macs, data.consumeBoolean(), PORTS);
        final Forwarder forwarder = new Forwarder(macs, vlans);
        final EgressList out = forwarder.newEgressList();
        for (int p = 0; p < PORTS; p++) {
            forwarder.setActive(p, data.consumeBoolean());
        }
        final Map<Long, Integer> model = new HashMap<>(); // (vid << 48 | mac) -> port
        boolean evicted = false;
        long now = 10 * SECOND;
        final ByteBuffer buf = ByteBuffer.allocateDirect(EthernetFrame.MAX_LENGTH + 64);
        for (int step = 0; step < 64 && data.remainingBytes() > 0; step++) {
            final int op = data.consumeInt(0, 9);
            if (op == 0) {
                configure(data, vlans, macs);
                model.clear(); // VLAN changes flush entries; start the model afresh from the table
                macs.forEach(now, (slot, vid, mac, port, age) -> model.put(key(vid, mac), port));
                evicted = false;
                continue;
            }
            now += data.consumeLong(0, SECOND);
            final int ingress = data.consumeInt(0, PORTS - 1);
            final int len = frame(data, buf);
            final long before = totalDrops(forwarder);
            final int result = forwarder.decide(buf, 4, len, ingress, now, out);
            final boolean learnt;
            if (result != Forwarder.FORWARD) {
                final DropReason reason = DropReason.of(result);
                assertEquals(before + 1, totalDrops(forwarder), "one drop counted for " + reason);
                assertEquals(0, out.count(), "a dropped frame goes nowhere");
                if (len < EthernetFrame.MIN_LENGTH) {
                    assertEquals(DropReason.RUNT, reason);
                } else if (len > EthernetFrame.MAX_LENGTH) {
                    assertEquals(DropReason.OVERSIZE, reason);
                }
                // destination drops come after learning (vde_switch's order); every other drop teaches nothing
                learnt = reason == DropReason.SAME_PORT || reason == DropReason.DST_PORT_INACTIVE;
            } else {
                learnt = true;
                assertTrue(len >= EthernetFrame.MIN_LENGTH && len <= EthernetFrame.MAX_LENGTH,
                    "forwarded length " + len);
                final boolean[] seen = new boolean[PORTS];
                for (int i = 0; i < out.count(); i++) {
                    final int p = out.port(i);
                    assertTrue(p != ingress, "sent back to its ingress port " + p);
                    assertTrue(forwarder.isActive(p), "sent to inactive port " + p);
                    assertFalse(seen[p], "sent twice to port " + p);
                    seen[p] = true;
                }
            }
            final long src = EthernetFrame.src(buf, 4);
            if (learnt && !forwarder.hub() && !Mac48.isGroup(src)) {
                final int vid = out.vid();
                final int learned = out.learnResult();
                if (learned == MacTable.EVICTED_OTHER) {
                    evicted = true;
                }
                if (learned != MacTable.HELD) {
                    model.put(key(vid, src), ingress);
                    assertEquals(ingress, macs.lookup(vid, src, now), "source learned on its ingress port");
                }
            }
            assertConsistent(macs, model, evicted, now);
        }
    }

    private static long key(final int vid, final long mac) {
        return ((long) vid << 48) | mac;
    }

    private static long totalDrops(final Forwarder f) {
        long n = 0;
        for (final DropReason r : DropReason.values()) {
            n += f.drops(r);
        }
        return n;
    }

    /** Every table entry is in the model on the same port; without evictions the two are equal. */
    private static void assertConsistent(final MacTable macs, final Map<Long, Integer> model, final boolean evicted,
                                         final long now) {
        final int[] count = {0};
        final int[] perPort = new int[PORTS];
        macs.forEach(now, (slot, vid, mac, port, age) -> {
            count[0]++;
            perPort[port]++;
            final Integer expected = model.get(key(vid, mac));
            if (expected != null) {
                assertEquals(expected.intValue(), port, "table and model disagree on " + Long.toHexString(mac)
                    + " vid " + vid);
            } else {
                model.put(key(vid, mac), port); // learned while HELD elsewhere, or before the model began
            }
        });
        assertTrue(count[0] <= macs.capacity(), "entries " + count[0] + " over capacity " + macs.capacity());
        for (int p = 0; p < PORTS; p++) {
            assertEquals(perPort[p], macs.portEntries(p), "entries counted for port " + p);
        }
        if (!evicted) {
            assertTrue(count[0] <= model.size(), "table has entries the model never saw");
        }
    }

    /** VLAN changes as the console makes them: create, remove, untagged and tagged membership, reset. */
    private static void configure(final FuzzedDataProvider data, final VlanTable vlans, final MacTable macs) {
        final int vid = data.pickValue(new int[] {0, 1, 10, 100, 4094, 4095});
        final int port = data.consumeInt(0, PORTS - 1);
        switch (data.consumeInt(0, 4)) {
            case 0 -> vlans.create(vid);
            case 1 -> vlans.remove(vid);
            case 2 -> vlans.setUntagged(port, vid);
            case 3 -> vlans.addTagged(vid, port);
            default -> vlans.resetPort(port);
        }
    }

    /** Writes one frame at offset 4 of {@code buf}; returns its length. */
    private static int frame(final FuzzedDataProvider data, final ByteBuffer buf) {
        final long[] macs = {0x0200_0000_000AL, 0x0200_0000_000BL, 0x0200_0000_000CL, 0x0200_0000_000DL,
            0xFFFF_FFFF_FFFFL, 0x0100_5E00_0001L, 0x3333_0000_0001L};
        final long dst = data.pickValue(macs);
        final long src = data.consumeBoolean() ? data.pickValue(macs) : data.consumeLong() & 0xFFFF_FFFF_FFFFL;
        final int shape = data.consumeInt(0, 5);
        int len = switch (shape) {
            case 0 -> data.consumeInt(0, 20); // short: runts and tagged runts
            case 4 -> data.consumeInt(EthernetFrame.MAX_LENGTH - 16, EthernetFrame.MAX_LENGTH + 16); // jumbo edge
            default -> data.consumeInt(14, 1600);
        };
        for (int i = 0; i < len; i++) {
            buf.put(4 + i, (byte) i);
        }
        final byte[] head = new byte[22];
        for (int i = 0; i < 6; i++) {
            head[i] = (byte) (dst >>> (40 - 8 * i));
            head[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        final int tci = data.consumeInt(0, 0xFFFF);
        switch (shape) {
            case 1 -> { // 802.1Q
                head[12] = (byte) 0x81;
                head[14] = (byte) (tci >>> 8);
                head[15] = (byte) tci;
                head[16] = 0x08;
            }
            case 2 -> { // double-tagged 802.1Q in 802.1Q, or 802.1ad outside
                head[12] = (byte) (data.consumeBoolean() ? 0x81 : 0x88);
                head[13] = (byte) (head[12] == (byte) 0x88 ? 0xa8 : 0x00);
                head[14] = (byte) (tci >>> 8);
                head[15] = (byte) tci;
                head[16] = (byte) 0x81;
                head[18] = 0x00;
                head[19] = 0x0a;
                head[20] = 0x08;
            }
            default -> head[12] = 0x08;
        }
        for (int i = 0; i < Math.min(len, head.length); i++) {
            buf.put(4 + i, head[i]);
        }
        return len;
    }
}
