package io.jvde.sw.forward;

import io.jvde.sw.Errno;
import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.frame.EtherTypes;
import io.jvde.sw.frame.VlanTagging;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.testsupport.Frames;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.jvde.testsupport.Frames.BROADCAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwarderTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long A = 0x0200_0000_000AL;
    private static final long B = 0x0200_0000_000BL;
    private static final long C = 0x0200_0000_000CL;
    private static final int PORTS = 8;
    private static final int FORWARD = Forwarder.FORWARD;

    private MacTable macs;
    private VlanTable vlans;
    private Forwarder forwarder;
    private EgressList out;
    private ByteBuffer lastBuffer;
    private int lastLength;
    private long now = 42 * SECOND;

    /** A switch with ports 0..7, all in the default configuration, the given ones active. */
    private void build(final boolean strict, final int... activePorts) {
        macs = new MacTable(1024);
        vlans = new VlanTable(macs, strict, PORTS);
        forwarder = new Forwarder(macs, vlans);
        out = forwarder.newEgressList();
        for (final int port : activePorts) {
            forwarder.setActive(port, true);
        }
    }

    /** Receives {@code frame} on {@code port} at buffer offset 4 (behind the headroom), as the engine does. */
    private int receive(final int port, final byte[] frame) {
        lastBuffer = Frames.direct(frame, 4, frame.length + 8);
        lastLength = frame.length;
        return forwarder.decide(lastBuffer, 4, frame.length, port, now, out);
    }

    /** The egress list as {@code "port ACTION[ mirror]"} entries in list order. */
    private List<String> egress() {
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < out.count(); i++) {
            list.add(out.port(i) + " " + EgressAction.name(out.action(i)) + (out.mirror(i) ? " mirror" : ""));
        }
        return list;
    }

    /** The bytes entry {@code i} puts on the wire. */
    private String wire(final int i) {
        final ByteBuffer copy = ByteBuffer.allocateDirect(lastLength + 4);
        final int len = VlanTagging.copyVariant(lastBuffer, 4, lastLength, out.action(i), out.tci(), copy, 0);
        return Frames.hex(Frames.bytes(copy, 0, len));
    }

    private static byte[] untagged(final long dst, final long src) {
        return Frames.untagged(dst, src, EtherTypes.IPV4, 60);
    }

    private static byte[] tagged(final long dst, final long src, final int tci) {
        return Frames.tagged(dst, src, tci, EtherTypes.IPV4, 64);
    }

    private static int drop(final DropReason reason) {
        return reason.id();
    }

    /**
     * docs/protocol.md §5.1 "Measured VLAN matrix", one test per row: a switch with VLAN 10; port 2 untagged in 10;
     * port 3 untagged 0 and tagged 10; port 5 untagged NONE; ports 1 and 4 default; ports 1..5 active. Every row
     * holds in strict and in transparent mode (no row sends an undefined VID from a default port).
     */
    @Nested
    class MeasuredVlanMatrix {
        private void matrix(final boolean strict) {
            build(strict, 1, 2, 3, 4, 5);
            assertEquals(Errno.OK, vlans.create(10));
            assertEquals(Errno.OK, vlans.setUntagged(2, 10));
            assertEquals(Errno.OK, vlans.addTagged(10, 3));
            assertEquals(Errno.OK, vlans.setUntagged(5, VlanTable.NONE));
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void untaggedBroadcastFromVlan0PortReachesPorts3And4Untagged(final boolean strict) {
            matrix(strict);
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, A)));
            assertEquals(List.of("3 AS_IS", "4 AS_IS"), egress());
            assertTrue(out.flood());
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void untaggedBroadcastFromAccessPortReachesTrunkTaggedWithTci000a(final boolean strict) {
            matrix(strict);
            assertEquals(FORWARD, receive(2, untagged(BROADCAST, A)));
            assertEquals(List.of("3 PUSH_TAG"), egress());
            assertEquals(0x000A, out.tci());
            final String wire = wire(0);
            assertEquals(64 * 2, wire.length(), "60 bytes + 4-byte tag");
            assertEquals("8100000a0800", wire.substring(24, 36));
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void taggedVlan10WithPcp5FromTrunkReachesAccessPortUntagged(final boolean strict) {
            matrix(strict);
            final byte[] frame = tagged(BROADCAST, A, 0xA00A);
            assertEquals(FORWARD, receive(3, frame));
            assertEquals(List.of("2 POP_TAG"), egress());
            assertEquals(Frames.hex(Frames.untagged(BROADCAST, A, EtherTypes.IPV4, 14))
                + Frames.hex(frame).substring(36), wire(0));
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void taggedUndefinedVlan20FromTrunkIsDropped(final boolean strict) {
            matrix(strict);
            assertEquals(drop(DropReason.VLAN_UNDEFINED), receive(3, tagged(BROADCAST, A, 20)));
            assertEquals(0, out.count());
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void taggedVlan10FromNonMemberIsDropped(final boolean strict) {
            matrix(strict);
            assertEquals(drop(DropReason.VLAN_NOT_MEMBER), receive(1, tagged(BROADCAST, A, 10)));
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void priorityTaggedFromVlan0PortReachesPorts3And4Untagged(final boolean strict) {
            matrix(strict);
            assertEquals(FORWARD, receive(1, tagged(BROADCAST, A, 0x6000))); // PCP 3, VID 0
            assertEquals(List.of("3 POP_TAG", "4 POP_TAG"), egress());
            assertEquals(0, out.vid());
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void priorityTaggedFromAccessPortOfVlan10IsDropped(final boolean strict) {
            matrix(strict);
            assertEquals(drop(DropReason.VLAN_NOT_MEMBER), receive(2, tagged(BROADCAST, A, 0)));
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void untaggedFromPortWithoutUntaggedVlanIsDropped(final boolean strict) {
            matrix(strict);
            assertEquals(drop(DropReason.NO_UNTAGGED_VLAN), receive(5, untagged(BROADCAST, A)));
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void qinqFrameIsFloodedUnchangedAsUntaggedPayload(final boolean strict) {
            matrix(strict);
            assertEquals(FORWARD, receive(1, Frames.untagged(BROADCAST, A, EtherTypes.QINQ, 64)));
            assertEquals(List.of("3 AS_IS", "4 AS_IS"), egress());
        }

        @ParameterizedTest(name = "strict={0}")
        @ValueSource(booleans = {false, true})
        void taggedVid4095IsDropped(final boolean strict) {
            matrix(strict);
            assertEquals(drop(DropReason.VID_4095), receive(3, tagged(BROADCAST, A, 0x0FFF)));
        }
    }

    @Nested
    class Switching {
        @Test
        void shouldSendToTheLearnedPortOnlyOnceTheDestinationIsKnown() {
            build(false, 1, 2, 3, 4);
            receive(1, untagged(BROADCAST, A));
            assertEquals(MacTable.LEARNED, out.learnResult());
            assertEquals(FORWARD, receive(2, untagged(A, B)));
            assertEquals(List.of("1 AS_IS"), egress());
            assertFalse(out.flood());
        }

        @Test
        void shouldFloodUnknownUnicastToEveryOtherActiveMember() {
            build(false, 1, 2, 3, 4);
            assertEquals(FORWARD, receive(2, untagged(C, B)));
            assertEquals(List.of("1 AS_IS", "3 AS_IS", "4 AS_IS"), egress());
            assertTrue(out.flood());
        }

        @Test
        void shouldFloodBroadcastToPortZeroButNotToInactivePorts() {
            build(false, 0, 1, 2, 5);
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, A)));
            assertEquals(List.of("0 AS_IS", "2 AS_IS", "5 AS_IS"), egress());
        }

        @Test
        void shouldCountFloodsPerVlanAndNotKnownUnicast() {
            build(false, 1, 2, 3);
            vlans.create(10);
            vlans.addTagged(10, 1);
            vlans.addTagged(10, 2);
            receive(1, untagged(BROADCAST, A));
            receive(2, untagged(BROADCAST, B));
            receive(3, untagged(C, 0x0200_0000_000DL)); // unknown unicast floods too
            receive(1, tagged(BROADCAST, A, 10));
            assertEquals(3, forwarder.floods(0));
            assertEquals(1, forwarder.floods(10));
            receive(2, untagged(A, B)); // known: not a flood
            assertEquals(3, forwarder.floods(0));
            assertEquals(0, forwarder.floods(20));
            assertEquals(0, forwarder.floods(-1));
        }

        @Test
        void shouldFloodMulticastLikeBroadcast() {
            build(false, 1, 2, 3);
            receive(2, untagged(0x0100_5E00_0001L, B));
            receive(3, untagged(0x0100_5E00_0001L, C));
            assertEquals(List.of("1 AS_IS", "2 AS_IS"), egress());
        }

        @Test
        void shouldNeverSendBackToTheIngressPort() {
            build(false, 1, 2, 3);
            receive(1, untagged(BROADCAST, A));
            assertEquals(drop(DropReason.SAME_PORT), receive(1, untagged(A, B)));
            assertEquals(0, out.count());
            assertEquals(1, macs.lookup(0, B, now), "the source is learned before the destination check");
            assertEquals(1, forwarder.drops(DropReason.SAME_PORT));
        }

        @Test
        void shouldNotLearnGroupSourceAddresses() {
            build(false, 1, 2);
            receive(1, untagged(BROADCAST, 0x0300_0000_0001L));
            assertEquals(0, macs.size());
            assertEquals(-1, out.learnResult());
        }

        @Test
        void shouldNotLearnFromFramesItDrops() {
            build(false, 1, 2);
            vlans.create(10);
            assertEquals(drop(DropReason.VLAN_NOT_MEMBER), receive(1, tagged(BROADCAST, A, 10)));
            assertEquals(0, macs.size());
        }

        @Test
        void shouldLearnPerVlan() {
            build(false, 1, 2, 3);
            vlans.create(10);
            vlans.addTagged(10, 1);
            vlans.addTagged(10, 2);
            receive(1, tagged(BROADCAST, A, 10));
            assertEquals(1, macs.lookup(10, A, now));
            assertEquals(MacTable.MISSING, macs.lookup(0, A, now));
            assertEquals(FORWARD, receive(3, untagged(A, B)));
            assertEquals(List.of("1 AS_IS", "2 AS_IS"), egress(), "unknown in VLAN 0: flooded there");
        }

        @Test
        void shouldReportAMoveWithThePreviousPort() {
            build(false, 1, 2);
            receive(1, untagged(BROADCAST, A));
            now += 4 * SECOND;
            receive(2, untagged(BROADCAST, A));
            assertEquals(MacTable.MOVED, out.learnResult());
            assertEquals(1, out.previousPort());
            assertEquals(2, macs.lookup(0, A, now));
        }

        @Test
        void shouldDropUnicastToALearnedPortWithoutEndpoints() {
            build(false, 1, 2);
            receive(3, untagged(BROADCAST, C)); // port 3 inactive: learned, then unreachable
            assertEquals(drop(DropReason.DST_PORT_INACTIVE), receive(1, untagged(C, A)));
        }

        @Test
        void shouldForgetAPortsAddressesWhenItBecomesInactive() {
            build(false, 1, 2, 3);
            receive(1, untagged(BROADCAST, A));
            forwarder.setActive(1, false);
            assertEquals(MacTable.MISSING, macs.lookup(0, A, now));
            receive(2, untagged(A, B));
            assertEquals(List.of("3 AS_IS"), egress());
        }

        @Test
        void shouldFloodWhenTheLearnedPortIsNoLongerAMember() {
            build(false, 1, 2, 3, 4);
            vlans.create(10);
            vlans.addTagged(10, 1);
            vlans.addTagged(10, 2);
            macs.learn(10, A, 4, now); // stale: port 4 is not in VLAN 10
            receive(1, tagged(A, B, 10));
            assertEquals(List.of("2 AS_IS"), egress());
            assertTrue(out.flood());
        }

        @Test
        void shouldDropRuntsAndCountThem() {
            build(false, 1, 2);
            assertEquals(drop(DropReason.RUNT), receive(1, Arrays.copyOf(untagged(BROADCAST, A), 13)));
            assertEquals(FORWARD, receive(1, Frames.untagged(BROADCAST, A, EtherTypes.IPV4, 14)));
            assertEquals(drop(DropReason.TAGGED_RUNT), receive(1, Frames.untagged(BROADCAST, A, 0x8100, 17)));
            assertEquals(FORWARD, receive(1, Frames.tagged(BROADCAST, A, 0, EtherTypes.IPV4, 18)));
            assertEquals(1, forwarder.drops(DropReason.RUNT));
            assertEquals(1, forwarder.drops(DropReason.TAGGED_RUNT));
        }

        @Test
        void shouldDropOversizeFrames() {
            build(false, 1, 2);
            assertEquals(FORWARD, receive(1, Frames.untagged(BROADCAST, A, EtherTypes.IPV4, 9234)));
            assertEquals(drop(DropReason.OVERSIZE), receive(1, Frames.untagged(BROADCAST, A, EtherTypes.IPV4, 9235)));
        }

        @Test
        void shouldDecideFramesAtAnyOffsetOfASharedBuffer() {
            build(false, 1, 2, 3);
            final ByteBuffer buf = ByteBuffer.allocateDirect(4096);
            buf.put(4, untagged(BROADCAST, A));
            buf.put(2052, untagged(A, B));
            assertEquals(FORWARD, forwarder.decide(buf, 4, 60, 1, now, out));
            assertEquals(FORWARD, forwarder.decide(buf, 2052, 60, 2, now, out));
            assertEquals(List.of("1 AS_IS"), egress());
        }
    }

    @Test
    void shouldRefuseAnEgressListSmallerThanThePortCount() {
        build(false, 1, 2);
        final EgressList small = new EgressList(PORTS - 1);
        final ByteBuffer buf = Frames.direct(untagged(BROADCAST, A), 4, 72);
        assertEquals("egress list capacity: 7 (expected: >= port capacity 8)",
            assertThrows(IllegalArgumentException.class, () -> forwarder.decide(buf, 4, 60, 1, now, small))
                .getMessage());
    }

    @Nested
    class HubMode {
        @Test
        void shouldSendToEveryOtherActivePortIncludingPortZero() {
            build(false, 0, 1, 2, 4);
            forwarder.hub(true);
            assertEquals(FORWARD, receive(2, untagged(A, B)));
            assertEquals(List.of("0 AS_IS", "1 AS_IS", "4 AS_IS"), egress());
            assertTrue(out.flood());
            assertEquals(-1, out.vid());
        }

        @Test
        void shouldNeitherLearnNorApplyVlans() {
            build(true, 1, 2, 3);
            vlans.create(10);
            vlans.setUntagged(3, 10);
            forwarder.hub(true);
            assertEquals(FORWARD, receive(1, tagged(BROADCAST, A, 20)));
            assertEquals(List.of("2 AS_IS", "3 AS_IS"), egress());
            assertEquals(0, macs.size());
        }

        @Test
        void shouldStillDropRunts() {
            build(false, 1, 2);
            forwarder.hub(true);
            assertEquals(drop(DropReason.RUNT), receive(1, new byte[10]));
        }
    }

    /** jvde's transparent mode: see {@link VlanTable}. Ports 1, 2, 5 default; 3 a trunk; 4 an access port. */
    @Nested
    class TransparentMode {
        private void transparentSwitch(final boolean strict) {
            build(strict, 1, 2, 3, 4, 5);
            vlans.create(10);
            vlans.addTagged(10, 3);
            vlans.setUntagged(4, 10);
            forwarder.setActive(5, false);
        }

        @Test
        void shouldLetTwoDefaultPortsExchangeFramesOfAnUndefinedVid() {
            transparentSwitch(false);
            final byte[] request = tagged(BROADCAST, A, 0xA064); // VID 100, PCP 5
            assertEquals(FORWARD, receive(1, request));
            assertEquals(List.of("2 AS_IS"), egress(), "only the other active transparent port");
            assertEquals(Frames.hex(request), wire(0), "unchanged: still tagged, PCP kept");
            assertEquals(1, macs.lookup(100, A, now));

            assertEquals(FORWARD, receive(2, tagged(A, B, 100)));
            assertEquals(List.of("1 AS_IS"), egress());
            assertFalse(out.flood());
            assertEquals(2, macs.lookup(100, B, now));
            assertEquals(100, out.vid());
        }

        @Test
        void shouldDropTheSameFramesInStrictMode() {
            transparentSwitch(true);
            assertEquals(drop(DropReason.VLAN_UNDEFINED), receive(1, tagged(BROADCAST, A, 100)));
            assertEquals(0, macs.size());
        }

        @Test
        void shouldDropUndefinedVidsFromPortsThatAreNotDefault() {
            transparentSwitch(false);
            assertEquals(drop(DropReason.VLAN_UNDEFINED), receive(3, tagged(BROADCAST, A, 100)));
            assertEquals(drop(DropReason.VLAN_UNDEFINED), receive(4, tagged(BROADCAST, A, 100)));
        }

        @Test
        void shouldApplyStrictRulesOnceTheVidIsDefined() {
            transparentSwitch(false);
            receive(1, tagged(BROADCAST, A, 100));
            vlans.create(100);
            assertEquals(MacTable.MISSING, macs.lookup(100, A, now), "creating the VLAN flushed its entries");
            assertEquals(drop(DropReason.VLAN_NOT_MEMBER), receive(1, tagged(BROADCAST, A, 100)));
        }

        @Test
        void shouldKeepUntaggedTrafficInVlanZero() {
            transparentSwitch(false);
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, A)));
            assertEquals(List.of("2 AS_IS", "3 AS_IS"), egress(), "port 3 is untagged in VLAN 0 too");
        }
    }

    @Nested
    class Mirroring {
        /** Ports 1..4 in VLAN 0, port 6 an access port of VLAN 10 so that it sees nothing by itself. */
        private void mirrorSwitch() {
            build(false, 1, 2, 3, 4, 6);
            vlans.create(10);
            vlans.setUntagged(6, 10);
        }

        @Test
        void shouldCopyFramesReceivedOnTheMirroredPort() {
            mirrorSwitch();
            assertEquals(Errno.OK, forwarder.setMirror(1, 6));
            receive(1, untagged(BROADCAST, A));
            assertEquals(List.of("2 AS_IS", "3 AS_IS", "4 AS_IS", "6 AS_IS mirror"), egress());
        }

        @Test
        void shouldCopyFramesSentToTheMirroredPort() {
            mirrorSwitch();
            receive(1, untagged(BROADCAST, A));
            forwarder.setMirror(1, 6);
            receive(2, untagged(A, B));
            assertEquals(List.of("1 AS_IS", "6 AS_IS mirror"), egress());
            assertFalse(out.flood());
        }

        @Test
        void shouldMirrorAsTheMirroredPortSeesTheFrame() {
            build(false, 1, 2, 6);
            vlans.create(10);
            vlans.create(20);
            vlans.setUntagged(2, 10);
            vlans.addTagged(10, 1);
            vlans.setUntagged(6, 20);
            forwarder.setMirror(1, 6);
            receive(2, untagged(BROADCAST, B));
            assertEquals(List.of("1 PUSH_TAG", "6 PUSH_TAG mirror"), egress());
            assertEquals(10, out.tci());
        }

        @Test
        void shouldNotDuplicateAPortThatAlreadyGetsTheFrame() {
            mirrorSwitch();
            forwarder.setMirror(1, 2);
            receive(1, untagged(BROADCAST, A));
            assertEquals(List.of("2 AS_IS", "3 AS_IS", "4 AS_IS"), egress());
        }

        @Test
        void shouldSendOneCopyWhenTwoMirroredPortsShareADestination() {
            mirrorSwitch();
            receive(2, untagged(BROADCAST, B));
            forwarder.setMirror(1, 6);
            forwarder.setMirror(2, 6);
            receive(1, untagged(B, A));
            assertEquals(List.of("2 AS_IS", "6 AS_IS mirror"), egress());
        }

        @Test
        void shouldNeverMirrorBackToTheIngressPort() {
            mirrorSwitch();
            forwarder.setMirror(2, 1);
            receive(1, untagged(BROADCAST, A));
            assertEquals(List.of("2 AS_IS", "3 AS_IS", "4 AS_IS"), egress());
        }

        @Test
        void shouldSkipAnInactiveDestination() {
            mirrorSwitch();
            forwarder.setMirror(1, 7);
            receive(1, untagged(BROADCAST, A));
            assertEquals(List.of("2 AS_IS", "3 AS_IS", "4 AS_IS"), egress());
        }

        @Test
        void shouldStopWhenCleared() {
            mirrorSwitch();
            forwarder.setMirror(1, 6);
            forwarder.clearMirror(1);
            assertEquals(-1, forwarder.mirror(1));
            receive(1, untagged(BROADCAST, A));
            assertEquals(List.of("2 AS_IS", "3 AS_IS", "4 AS_IS"), egress());
        }

        @Test
        void shouldRejectInvalidMirrors() {
            mirrorSwitch();
            assertEquals(Errno.EINVAL.code(), forwarder.setMirror(1, 1));
            assertEquals(Errno.EINVAL.code(), forwarder.setMirror(1, PORTS));
            assertEquals(Errno.EINVAL.code(), forwarder.setMirror(-1, 2));
        }
    }

    /** The ingress filter: after classification, before learning, only for frames from clients. */
    @Nested
    class IngressFiltering {
        private final List<String> seen = new ArrayList<>();

        /** The matrix switch (VLAN 10: port 2 access, port 3 trunk) with a filter refusing source C. */
        private void filteredSwitch() {
            build(false, 1, 2, 3, 4);
            vlans.create(10);
            vlans.setUntagged(2, 10);
            vlans.addTagged(10, 3);
            forwarder.ingressFilter((frame, offset, length, ingressPort, vid) -> {
                seen.add(ingressPort + " vlan " + vid + " " + length + " bytes");
                return io.jvde.sw.frame.EthernetFrame.src(frame, offset) != C;
            });
        }

        @Test
        void shouldSeeTheClassifiedVlanOfUntaggedAndTaggedFrames() {
            filteredSwitch();
            assertEquals(FORWARD, receive(2, untagged(BROADCAST, A)));
            assertEquals(FORWARD, receive(3, tagged(BROADCAST, B, 0xA00A)));
            assertEquals(FORWARD, receive(3, untagged(BROADCAST, B)));
            assertEquals(List.of("2 vlan 10 60 bytes", "3 vlan 10 64 bytes", "3 vlan 0 60 bytes"), seen);
        }

        @Test
        void shouldNotLearnARefusedFrameAndCountIt() {
            filteredSwitch();
            assertEquals(drop(DropReason.FILTERED), receive(1, untagged(BROADCAST, C)));
            assertEquals(MacTable.MISSING, macs.lookup(0, C, now));
            assertEquals(0, out.count());
            assertEquals(1, forwarder.drops(DropReason.FILTERED));
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, A)));
            assertEquals(1, macs.lookup(0, A, now));
        }

        @Test
        void shouldNotSeeFramesClassificationDrops() {
            filteredSwitch();
            assertEquals(drop(DropReason.VLAN_NOT_MEMBER), receive(1, tagged(BROADCAST, A, 10)));
            assertEquals(drop(DropReason.RUNT), receive(1, new byte[13]));
            assertEquals(List.of(), seen);
        }

        @Test
        void shouldSkipTheFilterForInjectedFrames() {
            filteredSwitch();
            final byte[] frame = untagged(BROADCAST, C);
            final ByteBuffer buf = Frames.direct(frame, 4, frame.length + 8);
            assertEquals(FORWARD, forwarder.decide(buf, 4, frame.length, 1, now, out, false));
            assertEquals(List.of(), seen);
            assertEquals(1, macs.lookup(0, C, now), "an injected frame is learned as before");
        }

        @Test
        void shouldFilterInHubModeWithVlanZero() {
            filteredSwitch();
            forwarder.hub(true);
            assertEquals(drop(DropReason.FILTERED), receive(3, tagged(BROADCAST, C, 10)));
            assertEquals(List.of("3 vlan 0 64 bytes"), seen);
        }

        @Test
        void shouldTreatAThrowingFilterAsARefusal() {
            build(false, 1, 2);
            forwarder.ingressFilter((frame, offset, length, ingressPort, vid) -> {
                throw new IllegalStateException("broken");
            });
            assertEquals(drop(DropReason.FILTERED), receive(1, untagged(BROADCAST, A)));
            assertEquals(1, forwarder.filterFailures());
            assertEquals("broken", forwarder.lastFilterFailure().getMessage());
        }

        @Test
        void shouldForwardAsBeforeOnceRemoved() {
            filteredSwitch();
            forwarder.ingressFilter(null);
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, C)));
            assertEquals(List.of(), seen);
        }
    }

    /** Port security in the decision: a new source beyond the port's limit is dropped before it is learned. */
    @Nested
    class MacLimit {
        @Test
        void shouldDropANewSourceBeyondTheLimitAndKeepForwardingKnownOnes() {
            build(false, 1, 2);
            macs.portLimit(1, 1);
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, A)));
            assertEquals(drop(DropReason.MAC_LIMIT), receive(1, untagged(BROADCAST, B)));
            assertEquals(0, out.count(), "nothing is sent");
            assertEquals(MacTable.MISSING, macs.lookup(0, B, now));
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, A)));
            assertEquals(List.of("2 AS_IS"), egress());
            assertEquals(FORWARD, receive(1, untagged(BROADCAST, 0x0300_0000_0001L)),
                "a group source is never learned, so never limited");
            assertEquals(1, forwarder.drops(DropReason.MAC_LIMIT));
        }
    }

    /** Frames an in-process port addresses to one port ({@code LocalPortContext.injectTo}). */
    @Nested
    class Directed {
        /** VLAN 10: port 2 access, port 3 trunk; port 4 default; port 5 untagged NONE; port 6 defined, inactive. */
        private void directedSwitch() {
            build(false, 1, 2, 3, 4, 5);
            vlans.create(10);
            vlans.setUntagged(2, 10);
            vlans.addTagged(10, 3);
            vlans.setUntagged(5, VlanTable.NONE);
        }

        private int direct(final int from, final int to, final byte[] frame) {
            lastBuffer = Frames.direct(frame, 4, frame.length + 8);
            lastLength = frame.length;
            return forwarder.decideDirected(lastBuffer, 4, frame.length, from, to, now, out);
        }

        @Test
        void shouldSendAnUntaggedFrameOfTheLocalPortsVlanToOnePortOnly() {
            directedSwitch();
            assertEquals(FORWARD, direct(1, 4, untagged(BROADCAST, A)));
            assertEquals(List.of("4 AS_IS"), egress());
            assertEquals(1, macs.lookup(0, A, now),
                "the local port's source is learned, so unicast to it is not flooded");
        }

        @Test
        void shouldNotMoveASourceAnotherPortHolds() {
            directedSwitch();
            assertEquals(FORWARD, receive(4, untagged(BROADCAST, A)));
            assertEquals(FORWARD, direct(1, 4, untagged(BROADCAST, A)));
            assertEquals(4, macs.lookup(0, A, now), "a local port never moves a host's entry");
        }

        @Test
        void shouldPopTheTagForAnAccessPortAndKeepItForATrunk() {
            directedSwitch();
            final byte[] frame = tagged(A, B, 0xA00A);
            assertEquals(FORWARD, direct(1, 2, frame));
            assertEquals(List.of("2 POP_TAG"), egress());
            assertEquals(Frames.hex(Frames.untagged(A, B, EtherTypes.IPV4, 14)) + Frames.hex(frame).substring(36),
                wire(0));
            assertEquals(FORWARD, direct(1, 3, frame));
            assertEquals(List.of("3 AS_IS"), egress());
            assertEquals(Frames.hex(frame), wire(0));
        }

        @Test
        void shouldPushTheTagForATrunkThatCarriesTheLocalPortsUntaggedVlanTagged() {
            directedSwitch();
            vlans.setUntagged(1, 10);
            assertEquals(FORWARD, direct(1, 3, untagged(A, B)));
            assertEquals(List.of("3 PUSH_TAG"), egress());
            assertEquals("8100000a0800", wire(0).substring(24, 36));
        }

        @Test
        void shouldRefuseAPortThatIsNotAMemberOrNotThere() {
            directedSwitch();
            assertEquals(drop(DropReason.VLAN_NOT_MEMBER), direct(1, 4, tagged(A, B, 10)));
            assertEquals(drop(DropReason.VLAN_NOT_MEMBER), direct(1, 2, untagged(A, B)));
            assertEquals(drop(DropReason.DST_PORT_INACTIVE), direct(1, 6, untagged(A, B)));
            assertEquals(drop(DropReason.DST_PORT_INACTIVE), direct(1, PORTS + 10, untagged(A, B)));
            assertEquals(drop(DropReason.VLAN_UNDEFINED), direct(1, 3, tagged(A, B, 20)));
            assertEquals(drop(DropReason.NO_UNTAGGED_VLAN), direct(5, 4, untagged(A, B)));
            assertEquals(0, out.count());
            assertEquals(FORWARD, forwarder.checkDirected(lastBuffer, 4, lastLength, 1, 4));
        }

        @Test
        void shouldAlsoCopyToTheMirrorOfTheTargetPort() {
            directedSwitch();
            forwarder.setActive(6, true);
            forwarder.setMirror(4, 6);
            assertEquals(FORWARD, direct(1, 4, untagged(A, B)));
            assertEquals(List.of("4 AS_IS", "6 AS_IS mirror"), egress());
        }
    }

    @Nested
    class Capacity {
        @Test
        void shouldForwardToPortsAddedAtRunTime() {
            build(false, 1);
            forwarder.ensurePortCapacity(200);
            out.ensureCapacity(200);
            forwarder.setActive(199, true);
            forwarder.setActive(64, true);
            assertEquals(FORWARD, receive(199, untagged(BROADCAST, A)));
            assertEquals(List.of("1 AS_IS", "64 AS_IS"), egress());
            assertEquals(FORWARD, receive(1, untagged(A, B)));
            assertEquals(List.of("199 AS_IS"), egress());
        }
    }
}
