package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The bench the DHCP ITs share: one jvde (through bin/jvde), namespaces attached to it with {@code vde_plug2tap},
 * and the real DHCP clients run inside them. Registered as {@code @RegisterExtension final DhcpLab lab = new
 * DhcpLab();}: each test gets a fresh lab in a directory of its own; after it, everything started here is ended by
 * {@link #close()} (newest first, by PID), namespaces included, and the directory removed. Every client is bounded
 * by its own retries and {@link #CLIENT_TIMEOUT}.
 */
final class DhcpLab implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);
    static final Duration CONSOLE = Duration.ofSeconds(10);
    private static final Pattern ADDRESS = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");

    private Path tmp;
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private SwitchUnderTest sw;

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException {
        tmp = Files.createTempDirectory("jvde-dhcplab-");
    }

    @Override
    public void afterEach(final ExtensionContext context) throws Exception {
        try {
            close();
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }


    /** jvde through bin/jvde with {@code options}; skips (fails under CI) without namespaces or vde_plug2tap. */
    SwitchUnderTest start(final String... options) {
        Requirements.requireNetns();
        Requirements.requireCommand("vde_plug2tap");
        requireCli();
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), options);
        return sw;
    }

    /** jvde alone, for QEMU guests (no namespaces needed). */
    SwitchUnderTest startForGuests(final String... options) {
        requireCli();
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), options);
        return sw;
    }

    /** jvde with {@code yaml} as its {@code --dhcp-config} file. */
    SwitchUnderTest startWithConfig(final String yaml) {
        final Path config = tmp.resolve("dhcp.yaml");
        try {
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return start("--dhcp-config", config.toString());
    }

    /** The engine launcher (jvde.launcher=engine) has no DHCP: these tests need the command line. */
    static void requireCli() {
        if ("engine".equals(System.getProperty("jvde.launcher", System.getenv("jvde.launcher")))) {
            Requirements.unmet("jvde.launcher=engine runs the bare engine, which has no DHCP server or relay");
        }
    }

    SwitchUnderTest sw() {
        return sw;
    }

    /** The lab's own directory (the switch directory is {@code sw} inside it). */
    Path tmp() {
        return tmp;
    }

    /** A namespace with tap0 on the switch, {@code mac} (null: the kernel's) and {@code cidr} (null: none). */
    Netns host(final String mac, final String cidr) {
        final Netns ns = Netns.create();
        namespaces.add(ns);
        ns.attachTap(sw.directory(), "tap0", null);
        if (mac != null) {
            ns.run("ip", "link", "set", "dev", "tap0", "down");
            ns.run("ip", "link", "set", "dev", "tap0", "address", mac);
            ns.run("ip", "link", "set", "dev", "tap0", "up");
        }
        if (cidr != null) {
            ns.addAddress("tap0", cidr);
        }
        return ns;
    }

    /** As {@link #host(String, String)}, on an access port of {@code vlan}. */
    Netns host(final int vlan, final String mac, final String cidr) {
        final Netns ns = host(mac, cidr);
        assertEquals("1000 Success", last(console("port/setvlan " + portOf(ns) + " " + vlan)));
        return ns;
    }

    /** The switch port the namespace's vde_plug2tap got. */
    int portOf(final Netns ns) {
        return SwitchPorts.portOf(sw, ns, CONSOLE);
    }

    List<String> console(final String command) {
        return sw.console(command, CONSOLE);
    }

    String[] udhcpc() {
        return new String[] {Requirements.requireCommand("udhcpc").toString(), "-i", "tap0", "-n", "-q", "-t", "5",
            "-T", "2"};
    }

    String[] dhclient(final String name) {
        return new String[] {Requirements.requireCommand("dhclient").toString(), "-1", "-v", "-lf",
            tmp.resolve(name + ".leases").toString(), "-pf", tmp.resolve(name + ".pid").toString(), "tap0"};
    }

    String[] dhcpcd() {
        return new String[] {Requirements.requireCommand("dhcpcd").toString(), "-B", "-1", "-4", "-t", "30",
            "tap0"};
    }

    /** The IPv4 address on tap0, or null. */
    static String address(final Netns ns) {
        final Matcher m = ADDRESS.matcher(ns.run("ip", "-4", "addr", "show", "dev", "tap0"));
        return m.find() ? m.group(1) : null;
    }

    /** Runs a client to completion (it exits once configured) and returns the address it configured. */
    String lease(final Netns ns, final String... command) {
        final ManagedProcess.Result r = ns.exec(CLIENT_TIMEOUT, command);
        final String ip = address(ns);
        assertNotNull(ip, command[0] + " in " + ns + " got no address: " + r.output() + "\n" + sw.output());
        return ip;
    }

    <T extends AutoCloseable> T track(final T resource) {
        resources.add(resource);
        return resource;
    }

    /** Waits (bounded) until {@code file} contains {@code text}; fails with the process output if it never does. */
    static void awaitFile(final Path file, final String text, final ManagedProcess p) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (read(file).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + file + ": " + read(file) + "\n" + p.output());
    }

    static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String last(final List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
        namespaces.forEach(Netns::close);
        namespaces.clear();
        if (sw != null) {
            sw.close();
            sw = null;
        }
    }
}
