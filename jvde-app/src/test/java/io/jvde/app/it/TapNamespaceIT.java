package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Taps in network namespaces the test creates (issue 2, acceptance 2 and 3): two namespaces attached with
 * {@code vde_plug2tap} ping each other through the switch, and a switch's own {@code -t tap0} inside a namespace
 * reaches a second namespace. Addresses are in 10.201.0.0/24, which exists only inside these namespaces.
 */
@SlowTest
class TapNamespaceIT {
    static final Duration PING_DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    final List<Netns> namespaces = new ArrayList<>();

    @AfterEach
    void stop() {
        // Plugs inside the namespaces go first, then the switch.
        namespaces.forEach(Netns::close);
        if (sw != null) {
            sw.close();
        }
    }

    Netns netns() {
        final Netns ns = Netns.create();
        namespaces.add(ns);
        return ns;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldPingBetweenTwoNamespacesAttachedWithVdePlug2Tap(final Kind kind) {
        Requirements.requireNetns();
        Requirements.requireCommand("vde_plug2tap");
        sw = SwitchUnderTest.start(kind, tmp.resolve("sw"));
        final Netns left = netns();
        final Netns right = netns();
        left.attachTap(sw.directory(), "tap0", "10.201.0.1/24");
        right.attachTap(sw.directory(), "tap0", "10.201.0.2/24");

        final ManagedProcess.Result there = left.ping("10.201.0.2", PING_DEADLINE);
        assertTrue(there.ok(), "ping 10.201.0.2 from " + left + ": " + there.output() + "\n" + sw.output());
        final ManagedProcess.Result back = right.ping("10.201.0.1", PING_DEADLINE);
        assertTrue(back.ok(), "ping 10.201.0.1 from " + right + ": " + back.output() + "\n" + sw.output());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldPingFromTheSwitchTapIntoANamespaceAttachedWithVdePlug2Tap(final Kind kind) {
        Requirements.requireNetns();
        Requirements.requireTun();
        Requirements.requireCommand("vde_plug2tap");
        final Netns switchSide = netns();
        final Netns client = netns();
        sw = SwitchUnderTest.start(kind, tmp.resolve("sw"), switchSide, "-t", "tap0");
        assertTrue(switchSide.awaitLink("tap0", Duration.ofSeconds(10)),
            "the switch did not create tap0 in " + switchSide + "\n" + sw.output());
        switchSide.linkUp("tap0");
        switchSide.addAddress("tap0", "10.201.0.1/24");
        client.attachTap(sw.directory(), "tap0", "10.201.0.2/24");

        final ManagedProcess.Result there = switchSide.ping("10.201.0.2", PING_DEADLINE);
        assertTrue(there.ok(), "ping from the switch's tap: " + there.output() + "\n" + sw.output());
        final ManagedProcess.Result back = client.ping("10.201.0.1", PING_DEADLINE);
        assertTrue(back.ok(), "ping to the switch's tap: " + back.output() + "\n" + sw.output());
    }

    /**
     * A switch's tap that is not up yet (or was set down) refuses frames with EIO. The switch drops them, counted as
     * {@code link down} on the tap's port, and keeps the port and its device: once the interface comes up, traffic
     * flows. (Before, the first flooded frame closed the port and the kernel removed the device.)
     */
    @Test
    void shouldKeepItsTapWhileTheInterfaceIsDownAndCountTheRefusedFramesAsLinkDown() {
        Requirements.requireNetns();
        Requirements.requireTun();
        Requirements.requireCommand("vde_plug2tap");
        final Netns switchSide = netns();
        final Netns client = netns();
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), switchSide, "-t", "tap0");
        assertTrue(switchSide.awaitLink("tap0", Duration.ofSeconds(10)),
            "the switch did not create tap0 in " + switchSide + "\n" + sw.output());
        client.attachTap(sw.directory(), "tap0", "10.201.0.2/24");
        // tap0 is still down: the client's ARP requests are flooded to it and refused
        final ManagedProcess.Result unanswered = client.ping("10.201.0.1", Duration.ofSeconds(3));
        assertTrue(!unanswered.ok(), "nobody can answer yet: " + unanswered.output());
        final String counters = String.join("\n", sw.console("port/counters 1", Duration.ofSeconds(10)));
        assertTrue(counters.contains("drop link_down"), "frames to the down tap counted: " + counters);
        assertTrue(counters.matches("(?s).*Port 0001 IN \\d+ pkts \\d+ bytes OUT 0 pkts 0 bytes.*"),
            "none counted as output: " + counters);
        assertTrue(switchSide.awaitLink("tap0", Duration.ofSeconds(1)), "the device is still there\n" + sw.output());

        switchSide.linkUp("tap0");
        switchSide.addAddress("tap0", "10.201.0.1/24");
        final ManagedProcess.Result there = client.ping("10.201.0.1", PING_DEADLINE);
        assertTrue(there.ok(), "ping the switch's tap once it is up: " + there.output() + "\n" + sw.output());
        assertTrue(!sw.output().contains("tap write"), "the port was never closed: " + sw.output());
    }

    /** Issue 2, must-have 5: without CAP_NET_ADMIN, -t fails at start with an error that says what is missing. */
    @Test
    void shouldRefuseToStartWithAClearErrorWhenCapNetAdminIsMissing() {
        Requirements.requireRoot();
        Requirements.requireCommand("setpriv");
        final Path launcher = io.jvde.testsupport.RepoRoot.find().resolve("bin/jvde");
        // root, but with CAP_NET_ADMIN removed from the bounding set: TUNSETIFF fails with EPERM
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(60), "setpriv", "--inh-caps=-net_admin",
            "--bounding-set=-net_admin", launcher.toString(), "switch", "-s", tmp.resolve("sw").toString(),
            "-t", "jvdecap0", "--nostdin");
        assertEquals(255, r.exitCode(), r.output());
        assertTrue(r.output().contains("tap jvdecap0: TUNSETIFF (needs root or CAP_NET_ADMIN): Operation not permitted"),
            r.output());
        assertTrue(java.nio.file.Files.notExists(tmp.resolve("sw")), "nothing left behind: " + r.output());
    }
}
