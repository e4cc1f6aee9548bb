package io.jvde.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A network namespace of the test's own, named {@code jvdet-<jvm pid>-<n>}. Commands run inside it with
 * {@code ip netns exec}; {@link #close()} ends what was started in it (by PID), then deletes it, which also removes
 * every interface inside. Nothing here touches the host's interfaces, nor its /etc/resolv.conf (see
 * {@link #privateResolvConf()}).
 */
public final class Netns implements AutoCloseable {
    public static final String PREFIX = "jvdet-";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private boolean closed;

    private Netns(final String name) {
        this.name = name;
    }

    /** Creates a namespace with loopback up; skips (or fails under CI) without root or namespace support. */
    public static Netns create() {
        Requirements.requireNetns();
        final String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        final ManagedProcess.Result r = ManagedProcess.run(COMMAND_TIMEOUT, "ip", "netns", "add", name);
        if (!r.ok()) {
            throw new IllegalStateException("ip netns add " + name + " failed: " + r.output());
        }
        final Netns ns = new Netns(name);
        try {
            ns.privateResolvConf();
            ns.run("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * DHCP clients (dhcpcd, dhclient-script, udhcpc's script) rewrite /etc/resolv.conf, which a namespace shares
     * with the host: a client in the test would take the machine's DNS away. {@code ip netns exec} bind-mounts
     * /etc/netns/NAME/resolv.conf over it for every process run inside, so each namespace writes its own copy.
     */
    private void privateResolvConf() {
        final Path dir = etcDir();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("resolv.conf"), "# jvde test namespace " + name + "\n");
        } catch (final IOException e) {
            throw new IllegalStateException("cannot create " + dir + " (keeps DHCP clients off the host's "
                + "/etc/resolv.conf): " + e.getMessage(), e);
        }
    }

    private Path etcDir() {
        return Path.of("/etc/netns", name);
    }

    public String name() {
        return name;
    }

    /** The command line that runs {@code command} inside this namespace. */
    public List<String> wrap(final List<String> command) {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Runs {@code command} inside, to completion or {@code timeout}; returns exit code and output. */
    public ManagedProcess.Result exec(final Duration timeout, final String... command) {
        return ManagedProcess.run(timeout, wrap(List.of(command)));
    }

    /** Runs {@code command} inside and throws with its output unless it exits 0 within 30 s. */
    public String run(final String... command) {
        final ManagedProcess.Result r = exec(COMMAND_TIMEOUT, command);
        if (!r.ok()) {
            throw new IllegalStateException(name + ": " + String.join(" ", command) + " failed (exit "
                + r.exitCode() + (r.timedOut() ? ", timed out" : "") + "): " + r.output());
        }
        return r.output();
    }

    /** Starts a long-running {@code command} inside; it is ended by {@link #close()} at the latest. */
    public ManagedProcess start(final String... command) {
        return start(ManagedProcess.builder(wrap(List.of(command))).name(Path.of(command[0]).getFileName()
            + "@" + name));
    }

    /** Starts a process from a builder whose command already runs inside (see {@link #wrap}). */
    public ManagedProcess start(final ManagedProcess.Builder builder) {
        final ManagedProcess p = builder.start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    public void linkUp(final String dev) {
        run("ip", "link", "set", dev, "up");
    }

    /** Adds {@code cidr} (e.g. {@code 10.0.0.1/24}) to {@code dev}. */
    public void addAddress(final String dev, final String cidr) {
        run("ip", "addr", "add", cidr, "dev", dev);
    }

    /**
     * Creates the 802.1Q sub-interface {@code dev.vid} of {@code dev} ({@code ip link add link DEV name DEV.VID
     * type vlan id VID}) and brings it up; returns its name. Needs {@link Requirements#requireVlanSubinterfaces()}.
     */
    public String addVlan(final String dev, final int vid) {
        final String sub = dev + "." + vid;
        run("ip", "link", "add", "link", dev, "name", sub, "type", "vlan", "id", Integer.toString(vid));
        linkUp(sub);
        return sub;
    }

    /** Waits until interface {@code dev} exists inside; false after {@code timeout}. */
    public boolean awaitLink(final String dev, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (exec(COMMAND_TIMEOUT, "ip", "link", "show", "dev", dev).ok()) {
                return true;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /**
     * Attaches this namespace to a switch with {@code vde_plug2tap -s DIR TAP}, brings the tap up with {@code cidr}
     * (null: no address) and returns the plug process.
     */
    public ManagedProcess attachTap(final Path switchDir, final String tap, final String cidr) {
        final Path plug2tap = Requirements.requireCommand("vde_plug2tap");
        final ManagedProcess p = start(plug2tap.toString(), "-s", switchDir.toString(), tap);
        if (!awaitLink(tap, Duration.ofSeconds(10))) {
            throw new IllegalStateException("vde_plug2tap did not create " + tap + " in " + name + ": " + p.output());
        }
        linkUp(tap);
        if (cidr != null) {
            addAddress(tap, cidr);
        }
        return p;
    }

    /**
     * Pings {@code target} from inside until one reply arrives or {@code timeout} passes; the first pings may be
     * lost while neighbours resolve and the switch learns. Returns the last ping's result.
     */
    public ManagedProcess.Result ping(final String target, final Duration timeout) {
        Requirements.requireCommand("ping");
        final long deadline = System.nanoTime() + timeout.toNanos();
        ManagedProcess.Result r;
        do {
            r = exec(Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", target);
            if (r.ok()) {
                return r;
            }
        } while (System.nanoTime() < deadline);
        return r;
    }

    /** MAC address of {@code dev} inside, as {@code aa:bb:cc:dd:ee:ff}. */
    public String macOf(final String dev) {
        final String out = run("cat", "/sys/class/net/" + dev + "/address");
        final java.util.regex.Matcher m = Pattern.compile("([0-9a-f]{2}(:[0-9a-f]{2}){5})").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no MAC for " + dev + " in " + name + ": " + out);
        }
        return m.group(1);
    }

    /**
     * Creates a veth pair between two test namespaces: {@code devHere} in this one, {@code devThere} in
     * {@code other}. Both ends live only inside the namespaces and vanish with them.
     */
    public void vethTo(final String devHere, final Netns other, final String devThere) {
        run("ip", "link", "add", devHere, "type", "veth", "peer", "name", devThere, "netns", other.name);
    }

    /** PIDs of every process currently inside this namespace. */
    public List<Long> pids() {
        final ManagedProcess.Result r = ManagedProcess.run(COMMAND_TIMEOUT, "ip", "netns", "pids", name);
        final List<Long> pids = new ArrayList<>();
        for (final String line : r.output().split("\n")) {
            final String t = line.trim();
            if (t.matches("\\d+")) {
                pids.add(Long.parseLong(t));
            }
        }
        return pids;
    }

    /**
     * Ends the processes started here (by PID, newest first), then any process still inside this namespace —
     * only the test can have put one there, e.g. a DHCP client that daemonised — and deletes the namespace.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final List<ManagedProcess> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        for (final long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        final ManagedProcess.Result r = ManagedProcess.run(COMMAND_TIMEOUT, "ip", "netns", "del", name);
        if (!r.ok()) {
            System.err.println("Netns: could not delete " + name + ": " + r.output());
        }
        try (var files = Files.exists(etcDir()) ? Files.walk(etcDir()) : java.util.stream.Stream.<Path>empty()) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (final IOException | UncheckedIOException e) {
            System.err.println("Netns: could not delete " + etcDir() + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
