package io.jvde.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Preconditions of slow tests (root, commands from Debian packages, network namespaces, the QEMU guest).
 * An unmet requirement skips the test with the reason, except under {@code CI=true}, where it fails it: CI runs
 * {@code bin/test} as root after installing every package, so a missing requirement there is a broken build.
 */
public final class Requirements {
    /** Directories searched after {@code PATH}: a non-root PATH often lacks the sbin directories. */
    private static final List<String> EXTRA_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
        "/usr/bin", "/sbin", "/bin");
    private static final ConcurrentMap<String, Optional<String>> PROBES = new ConcurrentHashMap<>();
    /** Which Debian package (.ci/debian-packages.txt) brings a command, for the skip message. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
        Map.entry("vde_switch", "vde-switch"), Map.entry("vde_plug", "vdeplug"), Map.entry("vde_plug2tap", "vde2"),
        Map.entry("unixterm", "vde2"), Map.entry("unixcmd", "vde2"), Map.entry("vdeterm", "vde2"),
        Map.entry("slirpvde", "vde2"), Map.entry("qemu-system-x86_64", "qemu-system-x86"),
        Map.entry("busybox", "busybox-static"), Map.entry("ip", "iproute2"), Map.entry("ping", "iputils-ping"),
        Map.entry("socat", "socat"), Map.entry("dhclient", "isc-dhcp-client"), Map.entry("udhcpc", "udhcpc"),
        Map.entry("dhcpcd", "dhcpcd-base"), Map.entry("dnsmasq", "dnsmasq-base"),
        Map.entry("kea-dhcp4", "kea-dhcp4-server"), Map.entry("perfdhcp", "kea-admin"), Map.entry("tshark", "tshark"),
        Map.entry("nmap", "nmap"), Map.entry("passt", "passt"));

    private Requirements() {
    }

    /** True when the environment says this is a CI run ({@code CI=true}). */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test with {@code reason}, or fails it under CI. */
    public static void unmet(final String reason) {
        if (isCi()) {
            Assertions.fail("requirement not met under CI=true: " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Skips or fails (see {@link #unmet}) unless {@code condition} holds. */
    public static void require(final boolean condition, final String reason) {
        if (!condition) {
            unmet(reason);
        }
    }

    public static boolean isRoot() {
        return uid() == 0;
    }

    /** The effective uid of this JVM, read from /proc/self/status; -1 if unknown. */
    public static int uid() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public static void requireRoot() {
        require(isRoot(), "needs root (uid 0); running as uid " + uid());
    }

    /** Finds {@code name} on PATH or in the sbin/bin directories; empty when absent. */
    public static Optional<Path> findCommand(final String name) {
        if (name.contains("/")) {
            final Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        final Set<String> dirs = new LinkedHashSet<>();
        final String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_PATH);
        for (final String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            final Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The absolute path of {@code name}, or skip/fail naming the Debian package that provides it. */
    public static Path requireCommand(final String name) {
        final Optional<Path> found = findCommand(name);
        if (found.isEmpty()) {
            unmet("command not found: " + name + packageHint(name) + " (bin/test installs it when run as root)");
        }
        return found.orElseThrow();
    }

    /** Root, {@code ip} and a kernel that lets us create a network namespace (probed once per JVM). */
    public static void requireNetns() {
        requireRoot();
        requireCommand("ip");
        final Optional<String> problem = PROBES.computeIfAbsent("netns", k -> probeNetns());
        problem.ifPresent(p -> unmet("cannot create a network namespace: " + p));
    }

    /**
     * Network namespaces plus kernel 802.1Q support ({@code ip link add ... type vlan}, CONFIG_VLAN_8021Q), probed
     * once per JVM on a veth pair inside a throw-away namespace.
     */
    public static void requireVlanSubinterfaces() {
        requireNetns();
        final Optional<String> problem = PROBES.computeIfAbsent("vlan", k -> probeVlan());
        // Not something bin/test can install: a kernel built without CONFIG_VLAN_8021Q (as on the CI machines)
        // skips even under CI=true; jvde-app's VlanGuestIT proves the same rule with the QEMU guests' kernels.
        problem.ifPresent(p -> org.junit.jupiter.api.Assumptions.abort("the host kernel cannot create 802.1Q "
            + "sub-interfaces (CONFIG_VLAN_8021Q, module 8021q): " + p
            + "; VlanGuestIT covers this with guest kernels"));
    }

    /** Root and /dev/net/tun, for tap devices. */
    public static void requireTun() {
        requireRoot();
        require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing (no tun/tap support)");
    }

    /**
     * The QEMU guest of tests/guest (kernel + initramfs) and {@code qemu-system-x86_64}. The guest directory is
     * {@code $JVDE_GUEST_DIR}, else {@code $JVDE_CACHE/guest}, else {@code <repo>/.cache/guest}; bin/test builds it.
     */
    public static GuestImage requireGuestImage() {
        final Path qemu = requireCommand("qemu-system-x86_64");
        final Path dir = guestDir();
        final Path kernel = dir.resolve("vmlinuz");
        final Path initrd = dir.resolve("initrd.gz");
        if (!Files.isRegularFile(kernel) || !Files.isRegularFile(initrd)) {
            unmet("QEMU guest image not built in " + dir + " (run tests/guest/build.sh, or bin/test as root)");
        }
        return new GuestImage(qemu, kernel, initrd);
    }

    /** Where the guest image is expected (see {@link #requireGuestImage}). */
    public static Path guestDir() {
        final String explicit = System.getenv("JVDE_GUEST_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        final String cache = System.getenv("JVDE_CACHE");
        if (cache != null && !cache.isEmpty()) {
            return Path.of(cache, "guest");
        }
        return RepoRoot.find().resolve(".cache").resolve("guest");
    }

    private static Optional<String> probeNetns() {
        final String name = "jvdet-" + ProcessHandle.current().pid() + "-probe";
        final ManagedProcess.Result add = ManagedProcess.run(Duration.ofSeconds(10), "ip", "netns", "add", name);
        if (add.exitCode() != 0) {
            return Optional.of("ip netns add: " + add.output().strip());
        }
        ManagedProcess.run(Duration.ofSeconds(10), "ip", "netns", "del", name);
        return Optional.empty();
    }

    private static Optional<String> probeVlan() {
        final String name = "jvdet-" + ProcessHandle.current().pid() + "-vlanprobe";
        final ManagedProcess.Result add = ManagedProcess.run(Duration.ofSeconds(10), "ip", "netns", "add", name);
        if (add.exitCode() != 0) {
            return Optional.of("ip netns add: " + add.output().strip());
        }
        try {
            final ManagedProcess.Result veth = ManagedProcess.run(Duration.ofSeconds(10), "ip", "-n", name, "link",
                "add", "p0", "type", "veth", "peer", "name", "p1");
            if (veth.exitCode() != 0) {
                return Optional.of("ip link add type veth: " + veth.output().strip());
            }
            final ManagedProcess.Result vlan = ManagedProcess.run(Duration.ofSeconds(10), "ip", "-n", name, "link",
                "add", "link", "p0", "name", "p0.100", "type", "vlan", "id", "100");
            return vlan.exitCode() == 0 ? Optional.empty()
                : Optional.of("ip link add type vlan: " + vlan.output().strip());
        } finally {
            ManagedProcess.run(Duration.ofSeconds(10), "ip", "netns", "del", name);
        }
    }

    private static String packageHint(final String command) {
        final String pkg = PACKAGES.get(command);
        return pkg == null ? "" : " (Debian package " + pkg + ")";
    }

    /** A built QEMU guest: the emulator, the kernel and the initramfs. */
    public record GuestImage(Path qemu, Path kernel, Path initrd) {
    }
}
