package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PXE end to end from jvde alone (issue 12): a diskless QEMU guest under TCG ({@code -boot n}, Debian's iPXE ROM
 * for virtio-net, the BIOS path) gets a lease and, being iPXE, the {@code boot.ipxe} script instead of the BIOS boot
 * file (the chain-loading loop broken by {@code boot.ipxe}), fetches the test kernel and initramfs over jvde's TFTP
 * with iPXE's block size, boots them, gets its lease again from the guest's udhcpc and reports it on the serial
 * console. No other server runs.
 */
@Tag("slow")
@Timeout(420)
class PxeBootIT {
    static final String ROM = "/usr/lib/ipxe/qemu/pxe-virtio.rom";
    static final String MAC = "52:54:00:01:01:05";
    static final Duration BOOT = Duration.ofSeconds(300);

    @TempDir
    Path tmp;
    @RegisterExtension
    final DhcpLab lab = new DhcpLab();

    @Test
    void disklessGuestPxeBootsTheTestKernelOverTftpFromJvdeAlone() throws Exception {
        final Requirements.GuestImage image = Requirements.requireGuestImage();
        Requirements.require(Files.isReadable(Path.of(ROM)), "no iPXE ROM at " + ROM + " (Debian package ipxe-qemu)");
        final Path root = Files.createDirectories(tmp.resolve("tftp"));
        Files.copy(image.kernel(), root.resolve("vmlinuz"));
        Files.copy(image.initrd(), root.resolve("initrd.gz"));
        Files.writeString(root.resolve("boot.ipxe"), String.join("\n",
            "#!ipxe",
            "echo JVDE-PXE script from ${next-server} for ${net0/ip}",
            "kernel tftp://${next-server}/vmlinuz console=ttyS0 quiet panic=-1 jvde.mode=dhcp jvde.timeout=120",
            "initrd tftp://${next-server}/initrd.gz",
            "boot", ""));
        final Path yaml = tmp.resolve("pxe.yaml");
        Files.writeString(yaml, String.join("\n",
            "scopes:",
            "  - cidr: 10.86.68.0/24",
            "    pool: {start: 10.86.68.10, end: 10.86.68.20}",
            "    reservations:",
            "      - {mac: \"" + MAC + "\", ip: 10.86.68.5, hostname: pxe-1}",
            "    boot:",
            "      file: undionly.kpxe",
            "      ipxe: boot.ipxe",
            "      tftpRoot: tftp", ""));
        final SwitchUnderTest sw = lab.startForGuests("--dhcp-config", yaml.toString());
        final ManagedProcess qemu = lab.track(ManagedProcess.builder(List.of(image.qemu().toString(),
            "-machine", "pc,accel=tcg", "-m", "256", "-smp", "1", "-nodefaults", "-no-user-config",
            "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot", "-boot", "n",
            // the ROM's PCI ID is the modern virtio-net's (1af4:1041); SeaBIOS runs a NIC's ROM only when the IDs
            // match, and the default transitional device is 1af4:1000, so the device is modern-only
            "-device", "virtio-net-pci,disable-legacy=on,netdev=n0,mac=" + MAC + ",romfile=" + ROM,
            "-netdev", "vde,id=n0,sock=" + sw.directory())).name("qemu-pxe").start());
        final String lease;
        try {
            lease = qemu.waitForLine(Pattern.compile("JVDE-LEASE ip=10\\.86\\.68\\.5 "), BOOT);
        } catch (final AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + sw.output(), e);
        }
        assertNotNull(lease);
        final String out = sw.output();
        assertTrue(out.contains("boot.ipxe"), "iPXE got the script: " + out);
        final String print = String.join("\n", lab.console("tftp/print"));
        assertTrue(print.contains("completed 3"), "boot.ipxe, vmlinuz and initrd.gz over TFTP: " + print);
    }
}
