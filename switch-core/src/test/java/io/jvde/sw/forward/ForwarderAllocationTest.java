package io.jvde.sw.forward;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.frame.EtherTypes;
import io.jvde.sw.frame.VlanTagging;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.testsupport.Allocations;
import io.jvde.testsupport.Frames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.jvde.testsupport.Frames.BROADCAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forwarding path allocates nothing per frame once warm (docs/architecture.md §2). */
class ForwarderAllocationTest {
    private static final long A = 0x0200_0000_000AL;
    private static final long B = 0x0200_0000_000BL;
    private static final int SLOT = 2048;
    private static final int DECISIONS = 10_000;

    private final MacTable macs = new MacTable(4096);
    private final VlanTable vlans = new VlanTable(macs, false, 64);
    private final Forwarder forwarder = new Forwarder(macs, vlans);
    private final EgressList out = forwarder.newEgressList();
    private final ByteBuffer rx = ByteBuffer.allocateDirect(8 * SLOT);
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SLOT);
    private final int[] ingress = new int[8];
    private final int[] length = new int[8];
    private int frames;
    private long now = 1_000_000_000L;

    /**
     * Port 1, 4, 5 default; port 2 access in VLAN 10; port 3 trunk (untagged 0, tagged 10); port 6 mirrors port 4.
     * The frames cover a learned unicast, a broadcast flood, untagged-to-tagged (push), tagged-to-untagged (pop),
     * a transparent undefined VID, a priority tag and a runt.
     */
    @BeforeEach
    void buildSwitch() {
        for (int port = 1; port <= 6; port++) {
            forwarder.setActive(port, true);
        }
        vlans.create(10);
        vlans.setUntagged(2, 10);
        vlans.addTagged(10, 3);
        vlans.create(20);
        vlans.setUntagged(6, 20);
        forwarder.setMirror(4, 6);
        add(4, Frames.untagged(BROADCAST, A, EtherTypes.ARP, 60));     // teaches A on port 4
        add(1, Frames.untagged(A, B, EtherTypes.IPV4, 1514));          // learned unicast, mirrored
        add(1, Frames.untagged(BROADCAST, B, EtherTypes.ARP, 60));     // flood in VLAN 0
        add(2, Frames.untagged(BROADCAST, B, EtherTypes.IPV4, 60));    // push to the trunk
        add(3, Frames.tagged(BROADCAST, B, 0xA00A, EtherTypes.IPV4, 64)); // pop to the access port
        add(1, Frames.tagged(BROADCAST, B, 100, EtherTypes.IPV4, 64)); // transparent VID 100
        add(5, Frames.tagged(A, B, 0x6000, EtherTypes.IPV4, 64));      // priority tag, unicast
        add(1, new byte[13]);                                           // runt
    }

    private void add(final int port, final byte[] frame) {
        rx.put(frames * SLOT + 4, frame);
        ingress[frames] = port;
        length[frames] = frame.length;
        frames++;
    }

    private void decideAll() {
        for (int i = 0; i < DECISIONS; i++) {
            final int f = i % frames;
            now += 1000;
            forwarder.decide(rx, f * SLOT + 4, length[f], ingress[f], now, out);
            macs.sweep(now, 8);
        }
    }

    @Test
    void shouldExerciseEveryCaseItMeasures() {
        int pushes = 0;
        int pops = 0;
        int unicasts = 0;
        int drops = 0;
        for (int f = 0; f < frames; f++) {
            if (forwarder.decide(rx, f * SLOT + 4, length[f], ingress[f], now, out) != Forwarder.FORWARD) {
                drops++;
                continue;
            }
            unicasts += out.flood() ? 0 : 1;
            for (int i = 0; i < out.count(); i++) {
                pushes += out.action(i) == EgressAction.PUSH_TAG ? 1 : 0;
                pops += out.action(i) == EgressAction.POP_TAG ? 1 : 0;
            }
        }
        assertTrue(pushes > 0 && pops > 0 && unicasts > 0 && drops > 0,
            "push " + pushes + ", pop " + pops + ", unicast " + unicasts + ", drop " + drops);
    }

    @Test
    void shouldDecideTenThousandFramesWithoutAllocating() {
        final Runnable burst = this::decideAll;
        assertEquals(0, Allocations.bytesAfterWarmUp(5, burst));
    }

    /**
     * The same frames with an ingress filter installed (admitting all, counting calls) and MAC limits: port 1 is
     * full, so its frames are dropped as MAC_LIMIT; port 2 learns below its limit; the rest are unlimited.
     */
    @Test
    void shouldFilterAndEnforceMacLimitsWithoutAllocating() {
        final long[] calls = new long[1];
        forwarder.ingressFilter((frame, offset, len, port, vid) -> {
            calls[0]++;
            return true;
        });
        macs.portLimit(1, 1);
        macs.learn(0, 0x0200_0000_00C1L, 1, now); // port 1 already holds its one address
        macs.portLimit(2, 4);
        final Runnable burst = this::decideAll;
        assertEquals(0, Allocations.bytesAfterWarmUp(5, burst));
        assertTrue(calls[0] > 0, "the filter ran");
        assertTrue(forwarder.drops(DropReason.MAC_LIMIT) > 0, "the limit refused frames");
        assertEquals(1, macs.portEntries(1));
    }

    @Test
    void shouldCopyAndRetagWithoutAllocating() {
        final Runnable burst = () -> {
            for (int i = 0; i < DECISIONS; i++) {
                final int f = i % frames;
                if (forwarder.decide(rx, f * SLOT + 4, length[f], ingress[f], now, out) == Forwarder.FORWARD) {
                    for (int e = 0; e < out.count(); e++) {
                        VlanTagging.copyVariant(rx, f * SLOT + 4, length[f], out.action(e), out.tci(), scratch, 4);
                    }
                    if (out.count() > 0) {
                        // in place on the scratch copy, as the engine does for in-process ports
                        VlanTagging.copyVariant(rx, f * SLOT + 4, length[f], EgressAction.AS_IS, 0, scratch, 4);
                        VlanTagging.applyInPlace(scratch, 4, length[f], out.action(0), out.tci());
                    }
                }
            }
        };
        assertEquals(0, Allocations.bytesAfterWarmUp(5, burst));
    }

    @Test
    void shouldShowThatTheMeterSeesAllocations() {
        final Object[] sink = new Object[1];
        final Runnable allocating = () -> {
            for (int i = 0; i < 100; i++) {
                sink[0] = new long[16];
            }
        };
        assertTrue(Allocations.bytesAfterWarmUp(1, allocating) >= 100 * 16 * Long.BYTES);
    }
}
