package io.jvde.app.it;

import io.jvde.testsupport.Poll;
import io.jvde.testsupport.QemuGuest;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import io.jvde.testsupport.TestResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, acceptance 3, with the guests' own kernels: two QEMU guests on default ports each put their address on an
 * 802.1Q sub-interface {@code eth0.100} (Debian's 8021q module, {@code jvde.vlan=100}) and ping each other through
 * jvde in switch mode, not hub mode; {@code hash/print} shows both MACs under VLAN 0100. With {@code --vlan-strict}
 * (vde_switch's rule) the same guests cannot reach each other. This runs where the host kernel itself has no 802.1Q
 * support, which {@link VlanSubinterfaceIT}'s namespace variant needs.
 */
@SlowTest
class VlanGuestIT {
    static final String MAC_A = "52:54:00:12:64:01";
    static final String MAC_B = "52:54:00:12:64:02";

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    final TestResources resources = new TestResources();

    @AfterEach
    void stop() throws Exception {
        resources.closeAll(sw);
    }

    private QemuGuest guest(final String mac, final String ip, final String peer) {
        final QemuGuest g = QemuGuest.boot(sw.directory(), mac, "jvde.mode=static", "jvde.vlan=100",
            "jvde.ip=" + ip + "/24", "jvde.ping=" + peer, "jvde.count=6", "jvde.timeout=100");
        resources.track(g);
        return g;
    }

    @Test
    void shouldCarryGuestTaggedTrafficBetweenDefaultPortsWithLearning() {
        Requirements.requireGuestImage();
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"));
        final QemuGuest a = guest(MAC_A, "10.199.100.1", "10.199.100.2");
        final QemuGuest b = guest(MAC_B, "10.199.100.2", "10.199.100.1");
        a.await(QemuGuest.READY, QemuGuest.BOOT_TIMEOUT);
        b.await(QemuGuest.READY, QemuGuest.BOOT_TIMEOUT);
        // while the guests ping, their MACs must be learned under VID 100 (they power off right after)
        final List<List<String>> table = new java.util.ArrayList<>(List.of(List.of()));
        final boolean learned = Poll.within(Duration.ofSeconds(60), () -> {
            table.set(0, sw.console("hash/print", Duration.ofSeconds(5)));
            return table.get(0).stream().anyMatch(l -> l.contains("Addr: " + MAC_A + " VLAN 0100"))
                && table.get(0).stream().anyMatch(l -> l.contains("Addr: " + MAC_B + " VLAN 0100"));
        });
        assertTrue(learned, "both guests learned under VLAN 0100: " + table.get(0) + "\n" + a.console() + "\n"
            + b.console());
        assertEquals("ok", a.await(QemuGuest.PING, QemuGuest.BOOT_TIMEOUT).group(1), a.console() + "\n" + sw.output());
        assertEquals("ok", b.await(QemuGuest.PING, QemuGuest.BOOT_TIMEOUT).group(1), b.console() + "\n" + sw.output());
        assertTrue(a.console().contains("iface=eth0.100"), "guest used its VLAN sub-interface:\n" + a.console());
    }

    @Test
    void shouldDropGuestTaggedTrafficOnDefaultPortsWhenVlanStrict() {
        Requirements.requireGuestImage();
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "--vlan-strict");
        final QemuGuest a = guest(MAC_A, "10.199.100.1", "10.199.100.2");
        final QemuGuest b = guest(MAC_B, "10.199.100.2", "10.199.100.1");
        assertEquals("fail", a.await(QemuGuest.PING, QemuGuest.BOOT_TIMEOUT).group(1), a.console());
        assertEquals("fail", b.await(QemuGuest.PING, QemuGuest.BOOT_TIMEOUT).group(1), b.console());
    }
}
