package io.jvde.examples;

import io.jvde.junit.Jvde;
import io.jvde.junit.JvdeEvent;
import io.jvde.junit.JvdeExtension;
import io.jvde.junit.Lease;
import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Requirements;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example of the README's Embedding section: a JUnit test that gets a switch with DHCP on VLAN 10 from
 * {@link JvdeExtension}, boots a QEMU guest (the project's test guest, which asks for a lease) on an access port of
 * that VLAN, and waits for the switch to have acknowledged its lease.
 */
@Tag("slow")
@Timeout(180)
class QemuGuestLeaseExampleTest {
    private static final String MAC = "52:54:00:0a:00:01";

    @RegisterExtension
    static final JvdeExtension JVDE = JvdeExtension.perClass(Jvde.builder()
        .dhcp("""
            scopes:
              - vlan: 10
                cidr: 10.10.0.0/24
                pool: {start: 10.10.0.100, end: 10.10.0.199}
                reservations:
                  - {mac: "52:54:00:0a:00:01", ip: 10.10.0.7, hostname: guest-1}
            """)
        .vlans(10));

    @Test
    void guestOnVlan10GetsItsReservedAddress() {
        final Requirements.GuestImage image = Requirements.requireGuestImage();
        final List<String> qemu = new ArrayList<>(List.of(image.qemu().toString(),
            "-machine", "pc,accel=tcg", "-m", "192", "-smp", "1", "-nodefaults", "-no-user-config",
            "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
            "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
            "-append", "console=ttyS0 quiet panic=-1 jvde.mode=dhcp",
            "-device", "virtio-net-pci,netdev=" + Jvde.netdevId(2) + ",mac=" + MAC));
        qemu.addAll(JVDE.qemuNetdevArgs(2, 10));
        try (ManagedProcess guest = ManagedProcess.builder(qemu).name("qemu-example").start()) {
            final Lease lease = JVDE.awaitLease(MAC, Duration.ofSeconds(150));
            assertEquals("10.10.0.7", lease.ip());
            assertEquals(10, lease.vlan());
            // the guest saw the same answer
            final String line = guest.waitForLine(Pattern.compile("JVDE-LEASE ip="), Duration.ofSeconds(60));
            final Matcher m = Pattern.compile("ip=(\\S+)").matcher(line);
            assertTrue(m.find(), line);
            assertEquals("10.10.0.7", m.group(1));
            // the switch's event stream told it too, with the port the guest is on
            final JvdeEvent bound = JVDE.awaitEvent(e -> e.is("lease.bound") && MAC.equals(e.mac()),
                Duration.ofSeconds(10));
            assertEquals("10.10.0.7", bound.ip());
            assertEquals(2, bound.port());
        }
    }
}
