package io.jvde.sw.vlan;

import io.jvde.sw.Errno;
import io.jvde.sw.fdb.MacTable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VlanTableTest {
    private static final long NOW = 0;
    private static final long A = 0x0200_0000_000AL;
    private static final long B = 0x0200_0000_000BL;

    private final MacTable macs = new MacTable(256);
    private final VlanTable vlans = new VlanTable(macs, false, 8);

    private static boolean bit(final long[] bits, final int port) {
        return (bits[port >>> 6] & (1L << port)) != 0;
    }

    @Nested
    class DefaultConfiguration {
        @Test
        void shouldDefineOnlyVlanZeroAtStart() {
            assertArrayEquals(new int[] {0}, vlans.definedVlans());
            assertTrue(vlans.isDefined(0));
            assertFalse(vlans.isDefined(1));
        }

        @Test
        void shouldMakeEveryPortAnUntaggedMemberOfVlanZero() {
            for (int port = 0; port < 8; port++) {
                assertEquals(0, vlans.untaggedVlan(port));
                assertTrue(vlans.isMember(0, port));
                assertFalse(vlans.isTaggedMember(0, port));
                assertTrue(bit(vlans.untaggedMembers(0), port));
            }
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, vlans.memberPorts(0));
        }

        @Test
        void shouldGiveNewPortsTheDefaultConfigurationWhenCapacityGrows() {
            vlans.create(10);
            vlans.setUntagged(3, 10);
            vlans.ensurePortCapacity(130);
            assertEquals(130, vlans.portCapacity());
            assertEquals(10, vlans.untaggedVlan(3), "existing configuration kept");
            assertEquals(0, vlans.untaggedVlan(129));
            assertTrue(bit(vlans.members(0), 129));
            assertTrue(bit(vlans.untaggedMembers(0), 129));
            assertTrue(vlans.isTransparent(129));
            assertEquals(3, vlans.members(10).length, "bitsets of every VLAN grow");
        }
    }

    @Nested
    class Create {
        @ParameterizedTest
        @ValueSource(ints = {1, 10, 4093, 4094})
        void shouldCreateVlansOneTo4094(final int vid) {
            assertEquals(Errno.OK, vlans.create(vid));
            assertTrue(vlans.isDefined(vid));
            assertArrayEquals(new int[0], vlans.memberPorts(vid));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 0, 4095, 4096, 65535})
        void shouldRejectVidsOutsideOneTo4094(final int vid) {
            assertEquals(Errno.EINVAL.code(), vlans.create(vid));
        }

        @Test
        void shouldRefuseAnExistingVlan() {
            vlans.create(10);
            assertEquals(Errno.EEXIST.code(), vlans.create(10));
        }

        @Test
        void shouldFlushAddressesLearnedUnderTheVidBeforeItExisted() {
            macs.learn(100, A, 1, NOW); // learned by transparent forwarding
            macs.learn(0, A, 1, NOW);
            vlans.create(100);
            assertEquals(MacTable.MISSING, macs.lookup(100, A, NOW));
            assertEquals(1, macs.lookup(0, A, NOW));
        }
    }

    @Nested
    class Remove {
        @Test
        void shouldRemoveAnUnusedVlan() {
            vlans.create(10);
            assertEquals(Errno.OK, vlans.remove(10));
            assertFalse(vlans.isDefined(10));
            assertNull(vlans.members(10));
        }

        @Test
        void shouldRefuseWhileAPortIsAnUntaggedMember() {
            vlans.create(10);
            vlans.setUntagged(2, 10);
            assertEquals(Errno.EADDRINUSE.code(), vlans.remove(10));
            assertTrue(vlans.isDefined(10));
        }

        @Test
        void shouldRefuseWhileAPortIsATaggedMember() {
            vlans.create(10);
            vlans.addTagged(10, 3);
            assertEquals(Errno.EADDRINUSE.code(), vlans.remove(10));
        }

        @Test
        void shouldReportAnUndefinedVlan() {
            assertEquals(Errno.ENXIO.code(), vlans.remove(20));
        }

        @Test
        void shouldKeepVlanZero() {
            assertEquals(Errno.EINVAL.code(), vlans.remove(0));
            assertEquals(Errno.EINVAL.code(), vlans.remove(4095));
            assertTrue(vlans.isDefined(0));
        }

        @Test
        void shouldFlushTheRemovedVlansAddresses() {
            vlans.create(10);
            macs.learn(10, A, 1, NOW);
            vlans.remove(10);
            assertEquals(MacTable.MISSING, macs.lookup(10, A, NOW));
        }
    }

    @Nested
    class SetUntagged {
        @Test
        void shouldMoveThePortOutOfItsOldUntaggedVlan() {
            vlans.create(10);
            assertEquals(Errno.OK, vlans.setUntagged(2, 10));
            assertEquals(10, vlans.untaggedVlan(2));
            assertFalse(vlans.isMember(0, 2));
            assertTrue(vlans.isMember(10, 2));
            assertFalse(vlans.isTaggedMember(10, 2));
            assertTrue(bit(vlans.untaggedMembers(10), 2));
            assertFalse(bit(vlans.untaggedMembers(0), 2));
        }

        @Test
        void shouldAcceptNoneForNoUntaggedTraffic() {
            assertEquals(Errno.OK, vlans.setUntagged(5, VlanTable.NONE));
            assertEquals(VlanTable.NONE, vlans.untaggedVlan(5));
            assertFalse(vlans.isMember(0, 5));
        }

        @Test
        void shouldTurnATaggedMembershipIntoTheUntaggedOne() {
            vlans.create(10);
            vlans.addTagged(10, 3);
            vlans.setUntagged(3, 10);
            assertTrue(vlans.isMember(10, 3));
            assertFalse(vlans.isTaggedMember(10, 3));
        }

        @Test
        void shouldRequireADefinedVlan() {
            assertEquals(Errno.ENXIO.code(), vlans.setUntagged(1, 10));
            assertEquals(0, vlans.untaggedVlan(1));
        }

        @Test
        void shouldRejectNumbersOutOfRange() {
            assertEquals(Errno.EINVAL.code(), vlans.setUntagged(1, 4096));
            assertEquals(Errno.EINVAL.code(), vlans.setUntagged(1, -1));
            assertEquals(Errno.EINVAL.code(), vlans.setUntagged(8, 0));
            assertEquals(Errno.EINVAL.code(), vlans.setUntagged(-1, 0));
        }

        @Test
        void shouldFlushThePortsAddresses() {
            vlans.create(10);
            macs.learn(0, A, 2, NOW);
            macs.learn(0, B, 3, NOW);
            vlans.setUntagged(2, 10);
            assertEquals(MacTable.MISSING, macs.lookup(0, A, NOW));
            assertEquals(3, macs.lookup(0, B, NOW));
        }
    }

    @Nested
    class TaggedMembership {
        @Test
        void shouldAddATaggedMembership() {
            vlans.create(10);
            assertEquals(Errno.OK, vlans.addTagged(10, 3));
            assertTrue(vlans.isTaggedMember(10, 3));
            assertTrue(bit(vlans.members(10), 3));
            assertFalse(bit(vlans.untaggedMembers(10), 3));
            assertEquals(0, vlans.untaggedVlan(3), "untagged VLAN unchanged");
        }

        @Test
        void shouldAcceptVid4094AndVlanZero() {
            vlans.create(4094);
            assertEquals(Errno.OK, vlans.addTagged(4094, 1));
            vlans.setUntagged(2, VlanTable.NONE);
            assertEquals(Errno.OK, vlans.addTagged(0, 2));
            assertTrue(vlans.isTaggedMember(0, 2));
        }

        @Test
        void shouldRequireADefinedVlanAndValidNumbers() {
            assertEquals(Errno.ENXIO.code(), vlans.addTagged(10, 3));
            assertEquals(Errno.EINVAL.code(), vlans.addTagged(4095, 3));
            assertEquals(Errno.EINVAL.code(), vlans.addTagged(0, 8));
            assertEquals(Errno.ENXIO.code(), vlans.removeTagged(10, 3));
            assertEquals(Errno.EINVAL.code(), vlans.removeTagged(4095, 3));
        }

        @Test
        void shouldRemoveATaggedMembership() {
            vlans.create(10);
            vlans.addTagged(10, 3);
            assertEquals(Errno.OK, vlans.removeTagged(10, 3));
            assertFalse(vlans.isMember(10, 3));
        }

        @Test
        void shouldRefuseToRemoveThePortsUntaggedVlan() {
            vlans.create(10);
            vlans.setUntagged(2, 10);
            assertEquals(Errno.EADDRINUSE.code(), vlans.removeTagged(10, 2));
            assertEquals(Errno.EADDRINUSE.code(), vlans.removeTagged(0, 1));
            assertTrue(vlans.isMember(10, 2));
        }

        @Test
        void shouldFlushThePortsAddressesInTheVlanItLeaves() {
            vlans.create(10);
            vlans.create(20);
            vlans.setUntagged(3, VlanTable.NONE);
            vlans.addTagged(10, 3);
            vlans.addTagged(20, 3);
            macs.learn(10, A, 3, NOW);
            macs.learn(20, A, 3, NOW);
            macs.learn(10, B, 4, NOW);
            vlans.removeTagged(10, 3);
            assertEquals(MacTable.MISSING, macs.lookup(10, A, NOW));
            assertEquals(3, macs.lookup(20, A, NOW));
            assertEquals(4, macs.lookup(10, B, NOW));
        }

        @Test
        void shouldRestoreTheDefaultConfigurationOnReset() {
            vlans.create(10);
            vlans.setUntagged(3, 10);
            vlans.create(20);
            vlans.addTagged(20, 3);
            macs.learn(10, A, 3, NOW);
            assertEquals(Errno.OK, vlans.resetPort(3));
            assertEquals(0, vlans.untaggedVlan(3));
            assertFalse(vlans.isMember(10, 3));
            assertFalse(vlans.isMember(20, 3));
            assertTrue(vlans.isTransparent(3));
            assertEquals(MacTable.MISSING, macs.lookup(10, A, NOW));
            assertEquals(Errno.OK, vlans.remove(10), "no member left");
        }
    }

    @Nested
    class Transparency {
        @Test
        void shouldMakeDefaultPortsTransparent() {
            assertTrue(vlans.isTransparent(0));
            assertTrue(bit(vlans.transparentPorts(), 7));
        }

        @Test
        void shouldEndTransparencyWhenThePortJoinsATaggedVlanAndFlushIt() {
            vlans.create(10);
            macs.learn(100, A, 3, NOW);
            vlans.addTagged(10, 3);
            assertFalse(vlans.isTransparent(3));
            assertEquals(MacTable.MISSING, macs.lookup(100, A, NOW));
            vlans.removeTagged(10, 3);
            assertTrue(vlans.isTransparent(3), "back to the default configuration");
        }

        @Test
        void shouldEndTransparencyWhenTheUntaggedVlanChanges() {
            vlans.setUntagged(4, VlanTable.NONE);
            assertFalse(vlans.isTransparent(4));
            vlans.setUntagged(4, 0);
            assertTrue(vlans.isTransparent(4));
        }

        @Test
        void shouldHaveNoTransparentPortsWhenStrict() {
            final VlanTable strict = new VlanTable(macs, true, 8);
            assertTrue(strict.strict());
            for (int port = 0; port < 8; port++) {
                assertFalse(strict.isTransparent(port));
            }
            strict.ensurePortCapacity(70);
            assertFalse(strict.isTransparent(69));
        }

        @Test
        void shouldSwitchModesAtRunTimeClearingTheMacTable() {
            macs.learn(100, A, 1, NOW);
            vlans.strict(true);
            assertFalse(vlans.isTransparent(1));
            assertEquals(0, macs.size());
            vlans.strict(false);
            assertTrue(vlans.isTransparent(1));
        }
    }
}
