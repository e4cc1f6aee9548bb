package io.jvde.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU VM (TCG, no KVM) booting the test guest of tests/guest with one virtio-net NIC on
 * {@code -netdev vde,sock=DIR}. The guest's /init does what {@code jvde.*} kernel arguments ask and reports on the
 * serial console (captured as the process's stdout) with lines such as:
 * <pre>
 * JVDE-READY mac=52:54:00:12:01:01 mode=dhcp
 * JVDE-LEASE ip=192.168.1.1 mask=24 router=... server=... lease=... mac=52:54:00:12:01:01
 * JVDE-PING ok target=10.0.0.1 mac=...
 * JVDE-BEACON sent=3 mac=...
 * JVDE-DONE
 * </pre>
 * then powers off. The guest also powers itself off after {@code jvde.timeout} seconds (default 90).
 */
public final class QemuGuest implements AutoCloseable {
    /** Boot to eth0 up takes about 7 s under TCG when the machine is idle; allow for a busy one. */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    public static final Pattern READY = Pattern.compile("JVDE-READY mac=(\\S+)");
    public static final Pattern LEASE = Pattern.compile("JVDE-LEASE ip=(\\S+) .*mac=(\\S+)");
    public static final Pattern LEASE_FAIL = Pattern.compile("JVDE-LEASE-FAIL");
    public static final Pattern PING = Pattern.compile("JVDE-PING (ok|fail)");
    public static final Pattern BEACON = Pattern.compile("JVDE-BEACON sent=(\\d+)");
    public static final Pattern DONE = Pattern.compile("JVDE-DONE");

    private final ManagedProcess process;
    private final String mac;

    private QemuGuest(final ManagedProcess process, final String mac) {
        this.process = process;
        this.mac = mac;
    }

    /**
     * Boots the guest on the switch in {@code switchDir} with NIC address {@code mac} (e.g.
     * {@code 52:54:00:12:01:01}) and guest arguments such as {@code "jvde.mode=dhcp"}; skips (or fails under CI)
     * without QEMU or the guest image.
     */
    public static QemuGuest boot(final Path switchDir, final String mac, final String... guestArgs) {
        return bootWithNetdev("vde,id=n0,sock=" + switchDir, mac, guestArgs);
    }

    /**
     * As {@link #boot}, with the NIC on {@code -netdev NETDEV} (its id must be {@code n0}), e.g.
     * {@code stream,id=n0,server=off,addr.type=unix,addr.path=PATH} or {@code dgram,id=n0,...}.
     */
    public static QemuGuest bootWithNetdev(final String netdev, final String mac, final String... guestArgs) {
        final Requirements.GuestImage image = Requirements.requireGuestImage();
        final List<String> cmd = new ArrayList<>(List.of(image.qemu().toString(),
            "-machine", "pc,accel=tcg", "-m", "192", "-smp", "1",
            "-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none", "-serial", "stdio",
            "-no-reboot",
            "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
            "-append", "console=ttyS0 quiet panic=-1 " + String.join(" ", guestArgs),
            "-device", "virtio-net-pci,netdev=n0,mac=" + mac,
            "-netdev", netdev));
        final ManagedProcess p = ManagedProcess.builder(cmd).name("qemu-" + mac.replace(":", "")).start();
        return new QemuGuest(p, mac);
    }

    public String mac() {
        return mac;
    }

    public ManagedProcess process() {
        return process;
    }

    /** Waits for a console line matching {@code pattern} and returns its match. */
    public Matcher await(final Pattern pattern, final Duration timeout) {
        final String line = process.waitForLine(pattern, timeout);
        final Matcher m = pattern.matcher(line);
        if (!m.find()) {
            throw new AssertionError("line no longer matches /" + pattern + "/: " + line);
        }
        return m;
    }

    /** The lease the guest's udhcpc obtained ({@code jvde.mode=dhcp}): its IPv4 address. */
    public String awaitLease(final Duration timeout) {
        return await(LEASE, timeout).group(1);
    }

    /** Waits for the guest to power off; returns QEMU's exit status. */
    public int awaitPowerOff(final Duration timeout) {
        return process.exitCode(timeout);
    }

    /** The serial console so far. */
    public String console() {
        return process.text();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "qemu[" + mac + ", pid " + process.pid() + "]";
    }
}
