package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.guard.GuardSettings;
import io.jvde.sw.engine.SwitchStartException;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.sw.vlan.VlanTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jvde.app.dhcp.RelayGlue.RELAYED;
import static io.jvde.app.dhcp.RelayGlue.SERVED;
import static io.jvde.app.dhcp.RelayGlue.UPSTREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DhcpExtension#start} on a real in-process switch with {@code -n 8}: the served, relayed and upstream VLANs
 * exist with the DHCP port a tagged member, the guard is the ingress filter, security.macLimits reach the ports,
 * and a limit for a port the switch does not have stops start-up naming security.macLimits.
 */
class DhcpExtensionTest {
    static final long NOW = 1_700_000_000_000L;
    static final int NUM_PORTS = 8;

    @TempDir
    Path tmp;
    VdeSwitch sw;
    AutoCloseable dhcp;
    final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (dhcp != null) {
            dhcp.close();
        }
        if (sw != null) {
            sw.close();
        }
    }

    boolean check(final java.util.function.Function<io.jvde.sw.engine.SwitchControl, Boolean> f) {
        return sw.call(f);
    }

    DhcpExtension start(final Map<Integer, Integer> macLimits) throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).numPorts(NUM_PORTS).build(), log::add);
        final DhcpExtension ext = new DhcpExtension(RelayGlue.config(GuardSettings.builder().build(), macLimits),
            LeaseFile.memoryOnly(), () -> NOW);
        dhcp = ext.start(RunningSwitch.of(sw), new CommandRegistry(), log::add);
        return ext;
    }

    @Test
    void theServersTrustedPortsAreTheGuardsAndTheRelaysToo() throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).numPorts(NUM_PORTS).build(), log::add);
        final DhcpSettings server = DhcpSettings.builder().scope(RelayGlue.server().scopes().get(0)).trustedPort(5)
            .build();
        final DhcpExtension ext = new DhcpExtension(new DhcpConfig(server, RelayGlue.relay(),
            GuardSettings.builder().trustedPort(6).build(), Map.of()), LeaseFile.memoryOnly(), () -> NOW);
        dhcp = ext.start(RunningSwitch.of(sw), new CommandRegistry(), log::add);
        assertTrue(check(c -> ext.attached().guard().trusted(5) && ext.attached().guard().trusted(6)));
        assertTrue(check(c -> ext.attached().relay().trusted(5) && ext.attached().relay().trusted(6)));
        assertTrue(check(c -> !ext.attached().guard().trusted(4)));
    }

    @Test
    void theServedRelayedAndUpstreamVlansExistWithTheDhcpPortATaggedMember() throws Exception {
        final DhcpExtension ext = start(Map.of());
        final int n = ext.port();
        assertEquals(NUM_PORTS, n, "the DHCP port: the first free port from -n up");
        for (final int vid : new int[] {RELAYED, UPSTREAM}) {
            assertTrue(check(c -> c.vlanTable().isDefined(vid)), "vlan " + vid + " exists");
            assertTrue(check(c -> c.vlanTable().isTaggedMember(vid, n)), "the DHCP port is a tagged member of "
                + vid);
        }
        assertEquals(VlanTable.DEFAULT_VLAN, SERVED);
        assertEquals(SERVED, (int) sw.call(c -> c.vlanTable().untaggedVlan(n)), "VLAN 0 reaches it untagged");
        assertNotNull(sw.call(c -> c.ingressFilter()), "the guard is the switch's ingress filter");
        assertTrue(log.contains("dhcp relay: " + DhcpSecurityCommands.describe(RelayGlue.relay())), log.toString());
    }

    @Test
    void securityMacLimitsReachThePorts() throws Exception {
        start(Map.of(1, 2, 5, 1));
        assertEquals(2, (int) sw.call(c -> c.macLimit(1)));
        assertEquals(1, (int) sw.call(c -> c.macLimit(5)));
        assertEquals(0, (int) sw.call(c -> c.macLimit(2)), "other ports stay unlimited");
    }

    @Test
    void aMacLimitForAPortBeyondMinusNStopsStartUpNamingSecurityMacLimits() throws Exception {
        final SwitchStartException e = assertThrows(SwitchStartException.class, () -> start(Map.of(100, 1)));
        assertEquals("dhcp: security.macLimits: port 100: cannot set limit 1 (expected: a"
            + " port below -n, " + NUM_PORTS + ")", e.getMessage());
        assertFalse(check(c -> c.ingressFilter() != null), "no filter installed by a failed start");
    }

    @Test
    void aMacLimitForTheDhcpPortItselfStopsStartUp() throws Exception {
        final SwitchStartException e = assertThrows(SwitchStartException.class,
            () -> start(Map.of(NUM_PORTS, 1)));
        assertEquals("dhcp: security.macLimits: port " + NUM_PORTS + ": cannot set limit 1 (expected: a port below"
            + " -n, " + NUM_PORTS + ")", e.getMessage());
        assertEquals(0, (int) sw.call(c -> c.macLimit(NUM_PORTS)), "the DHCP port got no limit");
    }
}
