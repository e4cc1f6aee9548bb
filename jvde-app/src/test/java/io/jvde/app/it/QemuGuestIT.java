package io.jvde.app.it;

import io.jvde.testsupport.Frames;
import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.QemuGuest;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import io.jvde.testsupport.TestResources;
import io.jvde.testsupport.VdePlugPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QEMU with {@code -netdev vde,sock=DIR} (Debian's QEMU on libvdeplug 4) booting the test guest under TCG
 * (issue 2, acceptance 4). Each test is bounded by the guest's own watchdog and QEMU's exit.
 */
@SlowTest
class QemuGuestIT {
    static final String GUEST_MAC = "52:54:00:12:01:01";

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    final TestResources resources = new TestResources();

    @AfterEach
    void stop() throws Exception {
        resources.closeAll(sw);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldDeliverTheGuestsFramesToAVdePlugPeer(final Kind kind) {
        Requirements.requireGuestImage();
        sw = SwitchUnderTest.start(kind, tmp.resolve("sw"));
        final VdePlugPeer peer = resources.track(VdePlugPeer.attach(sw.directory(), VdePlugPeer.ANY_PORT, "observer"));
        final QemuGuest guest = resources.track(QemuGuest.boot(sw.directory(), GUEST_MAC,
            "jvde.mode=beacon", "jvde.ip=10.202.0.2/24", "jvde.ping=10.202.0.1", "jvde.count=3", "jvde.timeout=80"));

        guest.await(QemuGuest.READY, QemuGuest.BOOT_TIMEOUT);
        final long mac = Frames.mac(GUEST_MAC);
        final byte[] arp = peer.receive(f -> Frames.src(f) == mac && Frames.etherType(f) == 0x0806,
            Duration.ofSeconds(30));
        assertNotNull(arp, "no ARP frame from the guest reached the vde_plug peer\n" + guest.console()
            + "\n" + sw.output());
        assertEquals(Frames.BROADCAST, Frames.dst(arp), "the guest's ARP request is broadcast");
        guest.await(QemuGuest.BEACON, Duration.ofSeconds(30));
        assertEquals(0, guest.awaitPowerOff(Duration.ofSeconds(30)), "QEMU exit status\n" + guest.console());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldLetTheGuestPingANamespaceThroughTheSwitch(final Kind kind) {
        Requirements.requireGuestImage();
        Requirements.requireNetns();
        sw = SwitchUnderTest.start(kind, tmp.resolve("sw"));
        final Netns ns = resources.track(Netns.create());
        ns.attachTap(sw.directory(), "tap0", "10.202.0.1/24");
        final QemuGuest guest = resources.track(QemuGuest.boot(sw.directory(), GUEST_MAC,
            "jvde.mode=static", "jvde.ip=10.202.0.2/24", "jvde.ping=10.202.0.1", "jvde.count=3", "jvde.timeout=80"));

        final String result = guest.await(QemuGuest.PING, QemuGuest.BOOT_TIMEOUT).group(1);
        assertEquals("ok", result, "guest ping 10.202.0.1\n" + guest.console() + "\n" + sw.output());
        // The guest stays up only while it pings; the namespace reached it too if it learned the guest's MAC.
        final ManagedProcess.Result neigh = ns.exec(Duration.ofSeconds(5), "ip", "neigh", "show", "10.202.0.2");
        assertTrue(neigh.output().contains(GUEST_MAC), "namespace learned the guest's MAC: " + neigh.output());
        assertEquals(0, guest.awaitPowerOff(Duration.ofSeconds(30)), "QEMU exit status\n" + guest.console());
    }
}
