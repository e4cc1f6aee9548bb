package io.jvde.app;

import io.jvde.testsupport.Frames;
import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Poll;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.VdePlugPeer;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * bin/vde_switch and bin/jvde as the test frameworks run them (docs/protocol.md §5.9, §6.1). Needs the shaded jar
 * (failsafe runs after {@code package}) and a working engine.
 */
@SlowTest
class VdeSwitchLauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("jvde.root",
            Path.of(System.getProperty("user.dir")).getParent().toString())).toAbsolutePath().normalize();
    private static final Path VDE_SWITCH = ROOT.resolve("bin/vde_switch");
    private static final Path JVDE = ROOT.resolve("bin/jvde");

    @TempDir
    Path tmp;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() {
        for (final ProcessHandle p : started) {
            p.destroyForcibly();
        }
    }

    private Process start(final List<String> command) throws IOException {
        final Process p = new ProcessBuilder(command).redirectError(tmp.resolve("stderr").toFile()).start();
        started.add(p.toHandle());
        return p;
    }

    private String stderr() throws IOException {
        return Files.readString(tmp.resolve("stderr"));
    }

    private static List<String> cmd(final Object... words) {
        final List<String> list = new ArrayList<>();
        for (final Object w : words) {
            list.add(w.toString());
        }
        return list;
    }

    private static int run(final List<String> command, final StringBuilder out) throws Exception {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        final CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (final IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish");
        }
        out.append(text.get(10, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private static void requireTool(final String tool) {
        final boolean present = Files.isExecutable(Path.of("/usr/bin", tool))
                || Files.isExecutable(Path.of("/bin", tool));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(tool + " is missing (install the Debian package); required under CI=true");
        }
        Assumptions.assumeTrue(present, tool + " is not installed (apt-get install vde2 socat)");
    }

    private static boolean accepts(final Path socket) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "hub={0}")
    @ValueSource(booleans = {true, false})
    void shouldPassTheNixosTestDriverSequence(final boolean hub) throws Exception {
        final Path dir = tmp.resolve("vde1.ctl");
        final List<String> command = cmd(VDE_SWITCH, "--sock", dir, "--dirmode", "0700");
        if (hub) {
            command.add("--hub");
        }
        final Process p = start(command);
        final OutputStream stdin = p.getOutputStream();
        stdin.write("showinfo\n".getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        // The driver reads stdout lines for up to 5 s until one contains "1000 Success".
        final BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        final CompletableFuture<Boolean> success = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = stdout.readLine()) != null) {
                    if (line.contains("1000 Success")) {
                        return true;
                    }
                }
                return false;
            } catch (final IOException e) {
                return false;
            }
        });
        assertTrue(success.get(5, TimeUnit.SECONDS), "no '1000 Success' on stdout; stderr: " + stderr());
        assertTrue(Files.exists(dir.resolve("ctl")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        // Stop: close stdin; the switch must exit 0 within 1 s and remove its directory.
        stdin.close();
        assertTrue(p.waitFor(1, TimeUnit.SECONDS), "no exit within 1 s of stdin EOF");
        assertEquals(0, p.exitValue());
        assertFalse(Files.exists(dir));
        assertTrue(stderr().contains("vde_switch: EOF on stdin, cleaning up and exiting"), stderr());
    }

    @Test
    void shouldReturnFromDaemonModeOnlyOnceCtlAcceptsConnections() throws Exception {
        final Path dir = tmp.resolve("sw");
        final Path pidFile = tmp.resolve("sw.pid");
        final Path mgmt = tmp.resolve("sw.mgmt");
        final StringBuilder out = new StringBuilder();
        assertEquals(0, run(cmd(VDE_SWITCH, "-d", "-sock", dir, "-p", pidFile, "-M", mgmt), out), out.toString());
        final ProcessHandle daemon = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                .orElseThrow();
        started.add(daemon);
        assertTrue(accepts(dir.resolve("ctl")), "ctl must accept connections when -d returns");
        assertTrue(accepts(mgmt));
        daemon.destroy(); // SIGTERM
        assertTrue(daemon.onExit().get(10, TimeUnit.SECONDS) != null);
        assertFalse(Files.exists(pidFile));
        assertFalse(Files.exists(mgmt));
        assertFalse(Files.exists(dir));
    }

    @Test
    void shouldReportTheDaemonsStartFailureAndExit255() throws Exception {
        final StringBuilder out = new StringBuilder();
        assertEquals(255, run(cmd(VDE_SWITCH, "-d", "-s", "/proc/nonexistent/sw"), out));
        assertTrue(out.toString().contains("vde_switch: "), out.toString());
    }

    @Test
    void shouldCleanUpAndExitZeroOnSigterm() throws Exception {
        final Path dir = tmp.resolve("sw");
        final Path pidFile = tmp.resolve("sw.pid");
        final Process p = start(cmd(VDE_SWITCH, "-s", dir, "--nostdin", "-pidfile", pidFile));
        Poll.within(Duration.ofSeconds(30), () -> accepts(dir.resolve("ctl")) || !p.isAlive());
        assertTrue(accepts(dir.resolve("ctl")), "switch did not start: " + stderr());
        assertEquals(p.pid() + "\n", Files.readString(pidFile));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(pidFile));
        assertTrue(stderr().contains("Caught signal 15, cleaning up and exiting"), stderr());
    }

    @Test
    void shouldRefuseToStartWhereAnotherSwitchAnswers() throws Exception {
        final Path dir = tmp.resolve("sw");
        final Process first = start(cmd(VDE_SWITCH, "-s", dir, "--nostdin"));
        Poll.within(Duration.ofSeconds(30), () -> accepts(dir.resolve("ctl")) || !first.isAlive());
        final StringBuilder out = new StringBuilder();
        assertEquals(255, run(cmd(VDE_SWITCH, "-s", dir, "--nostdin"), out));
        assertTrue(out.toString().contains("Address already in use"), out.toString());
        assertTrue(accepts(dir.resolve("ctl")), "the first switch must keep running");
    }

    @Test
    void shouldRunTheOpenqaSequenceThroughJvdeCtl() throws Exception {
        final Path dir = tmp.resolve("sw");
        final Path mgmt = tmp.resolve("sw.mgmt");
        final StringBuilder out = new StringBuilder();
        assertEquals(0, run(cmd(VDE_SWITCH, "-d", "-s", dir, "-M", mgmt, "-p", tmp.resolve("pid")), out),
                out.toString());
        started.add(ProcessHandle.of(Long.parseLong(Files.readString(tmp.resolve("pid")).strip())).orElseThrow());
        final Manager ctl = command -> {
            final List<String> words = cmd(JVDE, "ctl", "-s", mgmt);
            words.addAll(List.of(command.split(" ")));
            final StringBuilder o = new StringBuilder();
            return new Answer(run(words, o), o.toString());
        };
        // os-autoinst removes the port first and ignores the answer (here: not allocated yet).
        final Answer remove = ctl.run("port/remove 16");
        assertEquals(ExitCodes.COMMAND_FAILED, remove.exit(), remove.output());
        assertTrue(remove.output().contains("1006 No such device or address"), remove.output());
        for (final String command : List.of("port/create 16", "vlan/create 2", "port/setvlan 16 2")) {
            final Answer a = ctl.run(command);
            assertEquals(ExitCodes.OK, a.exit(), command + ": " + a.output());
        }
        final Answer print = ctl.run("port/allprint 16");
        assertEquals(ExitCodes.OK, print.exit(), print.output());
        assertTrue(print.output().startsWith("Port 0016 untagged_vlan=0002 "), print.output());
        final Answer again = ctl.run("port/create 16");
        assertEquals(ExitCodes.COMMAND_FAILED, again.exit());
        assertTrue(again.output().contains("1017 File exists"), again.output());
        attachSlirpvdeOnPort17InVlan2(dir, ctl);
        assertEquals(ExitCodes.OK, ctl.run("shutdown").exit());
    }

    @Test
    void shouldSpeakTheConsoleProtocolToSocat() throws Exception {
        requireTool("socat");
        final Path dir = tmp.resolve("sw");
        final Path mgmt = tmp.resolve("sw.mgmt");
        final StringBuilder out = new StringBuilder();
        assertEquals(0, run(cmd(VDE_SWITCH, "-d", "-s", dir, "-M", mgmt, "-p", tmp.resolve("pid")), out),
                out.toString());
        started.add(ProcessHandle.of(Long.parseLong(Files.readString(tmp.resolve("pid")).strip())).orElseThrow());
        final Path input = tmp.resolve("input");
        Files.writeString(input, "ds/showinfo\nlogout\n");
        final StringBuilder session = new StringBuilder();
        run(cmd("sh", "-c", "socat - UNIX-CONNECT:" + mgmt + " < " + input), session);
        assertEquals("VDE switch V.2.3.3\n(C) Virtual Square Team (coord. R. Davoli) 2005,2006,2007 - GPLv2\n"
                + "\nvde$ 0000 DATA END WITH '.'\nctl dir " + dir + "\nstd mode 0600\n.\n1000 Success\n"
                + "\nvde$ 9999 END OF SESSION", session.toString());
    }

    /**
     * Golden output of the commands clients parse (docs/protocol.md §5.7), over {@code -M} with socat, one command
     * per write as vde_switch needs: the same template must match jvde and Debian's vde_switch byte for byte, with
     * only the values that differ per run left open (uptime, ages, endpoint ids, which vde_switch takes from its
     * file descriptors) and the version line, which is 2.3.3 for jvde and 2.3.2 for Debian's build.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jvde", "vde_switch"})
    void shouldPrintPortVlanHashAndShowinfoInVdeSwitchsExactFormat(final String which) throws Exception {
        requireTool("socat");
        requireTool("vde_plug");
        final boolean jvde = "jvde".equals(which);
        if (!jvde) {
            requireTool("vde_switch");
        }
        final Path dir = tmp.resolve("sw");
        final Path mgmt = tmp.resolve("sw.mgmt");
        final Path rc = Files.write(tmp.resolve("rc"), List.of("vlan/create 10", "port/create 3", "port/setvlan 3 10",
                "port/create 4", "vlan/addport 10 4"));
        final StringBuilder out = new StringBuilder();
        assertEquals(0, run(cmd(jvde ? VDE_SWITCH : Path.of("/usr/bin/vde_switch"), "-d", "-s", dir, "-M", mgmt,
                "-p", tmp.resolve("pid"), "-f", rc, "--macaddr", "00:ff:11:22:33:44"), out), out.toString());
        // vde_switch -d writes its pidfile from the daemon child, possibly after the parent returned: wait for it
        final Path pidFile = tmp.resolve("pid");
        final long pidDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Files.notExists(pidFile) || Files.readString(pidFile).isBlank()) {
            assertTrue(System.nanoTime() < pidDeadline, "no pidfile from " + which + " within 5 s\n" + out);
            Thread.sleep(10);
        }
        final long pid = Long.parseLong(Files.readString(pidFile).strip());
        started.add(ProcessHandle.of(pid).orElseThrow());
        final String session;
        final List<Long> plugs = new ArrayList<>();
        try (VdePlugPeer access = VdePlugPeer.attach(dir, 3, "golden-access");
             VdePlugPeer trunk = VdePlugPeer.attach(dir, 4, "golden-trunk");
             VdePlugPeer plain = VdePlugPeer.attach(dir, VdePlugPeer.ANY_PORT, "golden-plain")) {
            access.send(Frames.broadcast(0x0200_0000_000AL, 64));
            trunk.receive(Duration.ofSeconds(3));
            trunk.send(Frames.tagged(Frames.BROADCAST, 0x0200_0000_000BL, 10, 0x88B5, 68));
            access.receive(Duration.ofSeconds(3));
            plain.send(Frames.broadcast(0x5254_0012_0101L, 64));
            trunk.receive(Duration.ofSeconds(3));
            for (final VdePlugPeer p : List.of(plain, access, trunk)) {
                plugs.add(p.process().pid());
            }
            final StringBuilder script = new StringBuilder("(");
            for (final String command : List.of("port/print", "vlan/print", "hash/print", "showinfo", "logout")) {
                script.append("printf '").append(command).append("\\n'; sleep 0.3; ");
            }
            script.append(") | socat - UNIX-CONNECT:").append(mgmt);
            final StringBuilder transcript = new StringBuilder();
            run(cmd("sh", "-c", script), transcript);
            session = transcript.toString();
        }
        final String user = System.getProperty("user.name");
        final String port = " Current User: " + user + " Access Control: (User: NONE - Group: NONE)\n";
        final String banner = "VDE switch V." + (jvde ? "2.3.3" : "2.3.2") + "\n"
                + "(C) Virtual Square Team (coord. R. Davoli) 2005,2006,2007 - GPLv2\n";
        final String expected = banner + "\nvde$ "
                + "0000 DATA END WITH '.'\n"
                + "Port 0001 untagged_vlan=0000 ACTIVE - Unnamed Allocatable\n" + port
                + " IN:  pkts          1          bytes                   64\n"
                + " OUT: pkts          0          bytes                    0\n"
                + "  -- endpoint ID {N} module unix prog   : golden-plain user=" + user + " pid=" + plugs.get(0) + "\n"
                + "Port 0003 untagged_vlan=0010 ACTIVE - NOT Unnamed Allocatable\n" + port
                + " IN:  pkts          1          bytes                   64\n"
                + " OUT: pkts          1          bytes                   64\n"
                + "  -- endpoint ID {N} module unix prog   : golden-access user=" + user + " pid=" + plugs.get(1) + "\n"
                + "Port 0004 untagged_vlan=0000 ACTIVE - NOT Unnamed Allocatable\n" + port
                + " IN:  pkts          1          bytes                   68\n"
                + " OUT: pkts          2          bytes                  132\n"
                + "  -- endpoint ID {N} module unix prog   : golden-trunk user=" + user + " pid=" + plugs.get(2) + "\n"
                + ".\n1000 Success\n\nvde$ "
                + "0000 DATA END WITH '.'\n"
                + "VLAN 0000\n"
                + " -- Port 0001 tagged=0 active=1 status=Forwarding\n"
                + " -- Port 0004 tagged=0 active=1 status=Forwarding\n"
                + "VLAN 0010\n"
                + " -- Port 0003 tagged=0 active=1 status=Forwarding\n"
                + " -- Port 0004 tagged=1 active=1 status=Forwarding\n"
                + ".\n1000 Success\n\nvde$ "
                // vde_switch's bucket numbers for a 128-bucket table, in bucket order (measured on 2.3.2).
                + "0000 DATA END WITH '.'\n"
                + "Hash: 0032 Addr: 02:00:00:00:00:0b VLAN 0010 to port: 004  age {N} secs\n"
                + "Hash: 0063 Addr: 02:00:00:00:00:0a VLAN 0010 to port: 003  age {N} secs\n"
                + "Hash: 0080 Addr: 52:54:00:12:01:01 VLAN 0000 to port: 001  age {N} secs\n"
                + ".\n1000 Success\n\nvde$ "
                + "0000 DATA END WITH '.'\n" + banner + "\n"
                + "pid " + pid + " MAC 00:ff:11:22:33:44 uptime {N}\n"
                + "mgmt " + mgmt + " perm 0600\n"
                + ".\n1000 Success\n\nvde$ 9999 END OF SESSION";
        assertTrue(session.matches(template(expected)), "expected (" + which + "):\n" + expected + "\n\ngot:\n"
                + session);
    }

    /** A regex matching {@code text} literally, except that each {@code {N}} stands for a decimal number. */
    private static String template(final String text) {
        final StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf("{N}"); at >= 0; at = text.indexOf("{N}", from)) {
            regex.append(java.util.regex.Pattern.quote(text.substring(from, at))).append("\\d+");
            from = at + 3;
        }
        return regex.append(java.util.regex.Pattern.quote(text.substring(from))).toString();
    }

    @Test
    void shouldRunTheOpenqaSequenceThroughUnixcmdAndServeUnixterm() throws Exception {
        requireTool("unixcmd");
        requireTool("unixterm");
        final Path rc = Path.of("/etc/vde2/vdecmd");
        Assumptions.assumeTrue(Files.isReadable(rc), "vde2's /etc/vde2/vdecmd parse machine is missing");
        final Path dir = tmp.resolve("sw");
        final Path mgmt = tmp.resolve("sw.mgmt");
        final StringBuilder out = new StringBuilder();
        assertEquals(0, run(cmd(VDE_SWITCH, "-d", "-s", dir, "-M", mgmt, "-p", tmp.resolve("pid")), out),
                out.toString());
        started.add(ProcessHandle.of(Long.parseLong(Files.readString(tmp.resolve("pid")).strip())).orElseThrow());
        // unixcmd's exit status is 255 even against vde_switch 2.3.2, so judge it by the effect. vdecmd ends every
        // output line with a NUL, which is not part of the answer.
        final Manager unixcmd = command -> {
            final List<String> words = cmd("unixcmd", "-f", rc, "-s", mgmt);
            words.addAll(List.of(command.split(" ")));
            final StringBuilder o = new StringBuilder();
            return new Answer(run(words, o), o.toString().replace("\0", ""));
        };
        for (final String command : List.of("port/remove 16", "port/create 16", "vlan/create 2", "port/setvlan 16 2")) {
            unixcmd.run(command);
        }
        final Path input = tmp.resolve("input");
        Files.writeString(input, "port/allprint 16\n");
        final StringBuilder session = new StringBuilder();
        // unixterm quits at end of input without waiting for the answer: keep its stdin open a moment.
        run(cmd("sh", "-c", "(cat " + input + "; sleep 1) | unixterm " + mgmt), session);
        assertTrue(session.toString().startsWith("VDE switch V.2.3.3\n"), session.toString());
        assertTrue(session.toString().contains("\nPort 0016 untagged_vlan=0002 "), session.toString());
        assertTrue(session.toString().contains("\n1000 Success\n"), session.toString());
        attachSlirpvdeOnPort17InVlan2(dir, unixcmd);
    }

    /** One management command through a vdecmd-like tool: its exit status and output. */
    private record Answer(int exit, String output) {
    }

    @FunctionalInterface
    private interface Manager {
        Answer run(String command) throws Exception;
    }

    /**
     * How os-autoinst's backend/qemu.pm ends the sequence with VDE_USE_SLIRP: start {@code slirpvde --dhcp -s DIR
     * --port 17}, then {@code port/setvlan 17 2}; QEMU attaches to port 16 (a vde_plug stands in for it). An ARP
     * request from port 16 for slirp's router 10.0.2.2 must be answered through VLAN 2, and port/print and
     * vlan/print must show both ports in VLAN 2. Nothing leaves the switch: slirp answers ARP itself.
     */
    private void attachSlirpvdeOnPort17InVlan2(final Path dir, final Manager manager) throws Exception {
        requireTool("slirpvde");
        requireTool("vde_plug");
        try (ManagedProcess slirpvde = ManagedProcess.start("slirpvde", "--dhcp", "-s", dir.toString(),
                "--port", "17")) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (VdePlugPeer.dataSockets(dir).stream().noneMatch(n -> n.startsWith("017."))) {
                assertTrue(slirpvde.isAlive() && System.nanoTime() < deadline,
                        "slirpvde did not attach to port 17:\n" + slirpvde.output());
                Thread.sleep(20);
            }
            manager.run("port/setvlan 17 2");
            try (VdePlugPeer qemu = VdePlugPeer.attach(dir, 16, "qemu")) {
                final long guestMac = 0x5254_0012_0002L;
                qemu.send(Frames.arpRequest(guestMac, 0x0A00_020F, 0x0A00_0202));
                final byte[] reply = qemu.receive(f -> Frames.etherType(f) == 0x0806 && Frames.dst(f) == guestMac,
                        Duration.ofSeconds(5));
                assertTrue(reply != null, "no ARP reply from slirpvde through VLAN 2:\n" + slirpvde.output());

                final String ports = manager.run("port/print").output();
                assertTrue(ports.contains("Port 0016 untagged_vlan=0002 ACTIVE - NOT Unnamed Allocatable\n"), ports);
                assertTrue(ports.contains("Port 0017 untagged_vlan=0002 ACTIVE - Unnamed Allocatable\n"), ports);
                assertTrue(ports.matches("(?s).*\n  -- endpoint ID \\d{4} module unix prog   : slirpvde: user=\\S+ pid="
                        + slirpvde.pid() + "\n.*"), "slirpvde's endpoint on port 17: " + ports);
                final String vlans = manager.run("vlan/print").output();
                assertTrue(vlans.contains("VLAN 0002\n -- Port 0016 tagged=0 active=1 status=Forwarding\n"
                        + " -- Port 0017 tagged=0 active=1 status=Forwarding\n"), vlans);
            }
        }
    }

    /**
     * A start maps its classes from the class-data archive the package step made (docs/architecture.md §7): the
     * launcher's own training and dump, not the JDK's default archive. Were the archive missing or refused, the
     * switch would still start, only slower (BENCHMARKS.md, start-up), so this looks at where the classes came from.
     * The start (DHCP on, stdin console, one client's handshake) and the stop link no lambda or method reference of
     * jvde's: each would cost a bootstrap on the main thread (docs/architecture.md §7).
     */
    @Test
    void shouldStartWithItsClassesFromTheClassDataArchive() throws Exception {
        final Path dir = tmp.resolve("sw");
        final Path log = tmp.resolve("classes.log");
        final ProcessBuilder pb = new ProcessBuilder(cmd(JVDE, "switch", "-s", dir))
            .redirectError(tmp.resolve("stderr").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        final Process p = pb.start(); // stdin stays an open pipe: the stdin console runs until the switch stops
        started.add(p.toHandle());
        Poll.within(Duration.ofSeconds(30), () -> accepts(dir.resolve("ctl")) || !p.isAlive());
        assertTrue(accepts(dir.resolve("ctl")), "switch did not start: " + stderr());
        try (VdeClient client = VdeClient.connect(dir, "launcher-it")) {
            Poll.within(Duration.ofSeconds(10), () -> stderr().contains(" attached: ") || !p.isAlive());
            assertTrue(stderr().contains(" attached: "), "no client attached: " + stderr());
        }
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        final List<String> lines = Files.readAllLines(log);
        for (final String c : List.of("io.jvde.app.cli.JvdeMain", "io.jvde.app.cli.SwitchLauncher",
                "io.jvde.sw.engine.VdeSwitch", "io.jvde.dhcp.server.DhcpResponder", "io.netty.buffer.Unpooled",
                "picocli.CommandLine$Model$CommandSpec", "java.util.logging.LogManager")) {
            final String line = lines.stream().filter(l -> l.contains(" " + c + " ")).findFirst().orElse(null);
            assertTrue(line != null && line.contains("source: shared objects file"), c + ": " + line);
        }
        final long fromElsewhere = lines.stream().filter(l -> l.contains(" source: ")
            && !l.contains("source: shared objects file")).count();
        // a few are never archived: JFR event classes, classes spun at run time (BENCHMARKS.md, start-up round 6)
        assertTrue(fromElsewhere < 40, fromElsewhere + " classes not from the archive");
        final List<String> lambdas = new ArrayList<>();
        for (final String l : lines) {
            for (final String word : l.split(" ")) {
                if (word.startsWith("io.jvde.") && word.contains("$$Lambda")) {
                    lambdas.add(word);
                }
            }
        }
        assertTrue(lambdas.isEmpty(), "jvde lambda or method-reference classes loaded in a start and stop (use a "
            + "class: docs/architecture.md §7): " + lambdas);
    }

    /**
     * A JDK updated in place (same path, a new build) would silently start without an archive made by the old one:
     * the launcher compares the build the archive names (the JDK's release file) and makes a new archive.
     */
    @Test
    void shouldRemakeTheClassDataArchiveWhenTheJdkBuildChanges() throws Exception {
        final Path install = tmp.resolve("install");
        Files.createDirectories(install.resolve("lib"));
        Files.createDirectories(install.resolve("bin"));
        final Path launcher = Files.copy(JVDE, install.resolve("bin/jvde"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(ROOT.resolve("jvde-app/target/jvde.jar"), install.resolve("lib/jvde.jar"));
        final StringBuilder out = new StringBuilder();
        assertEquals(0, run(cmd(launcher, "--build-cds"), out), out.toString());
        final Path archive = Files.exists(install.resolve("lib/jvde.aot")) ? install.resolve("lib/jvde.aot")
            : install.resolve("lib/jvde.jsa");
        final Path madeBy = Path.of(archive + ".java");
        assertTrue(Files.exists(archive), out.toString());
        final String id = Files.readString(madeBy).strip();
        final String javaPath = id.substring(0, id.indexOf(' '));
        assertTrue(id.length() > javaPath.length() + 3, "the archive names its JDK's build: " + id);
        Files.writeString(madeBy, javaPath + " \"0.0.1+1-before-the-update\"\n");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(
            Files.getLastModifiedTime(archive).toMillis() - 60_000));
        final long before = Files.getLastModifiedTime(archive).toMillis();
        out.setLength(0);
        assertEquals(0, run(cmd(launcher, "version"), out), out.toString());
        assertEquals(id, Files.readString(madeBy).strip(), "the archive names the running JDK's build again");
        assertTrue(Files.getLastModifiedTime(archive).toMillis() > before, "a new archive was made");
    }

    @Test
    void shouldRunFromASymlinkAndFromPath() throws Exception {
        final Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("vde_switch"), VDE_SWITCH);
        final StringBuilder viaLink = new StringBuilder();
        assertEquals(0, run(cmd(bin.resolve("vde_switch"), "-v"), viaLink));
        assertTrue(viaLink.toString().startsWith("VDE 2.3.3\n"), viaLink.toString());
        final StringBuilder viaPath = new StringBuilder();
        assertEquals(0, run(cmd("env", "PATH=" + bin + ":" + System.getenv("PATH"), "vde_switch", "-version"),
                viaPath));
        assertTrue(viaPath.toString().startsWith("VDE 2.3.3\n"), viaPath.toString());
    }

    @Test
    void shouldWarnAboutAnUnknownOptionAndStillServe() throws Exception {
        final Path dir = tmp.resolve("sw");
        final Process p = start(cmd(VDE_SWITCH, "--bogus", "-s", dir));
        p.getOutputStream().write("ds/showinfo\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("0000 DATA END WITH '.'\nctl dir " + dir + "\nstd mode 0600\n.\n1000 Success\n", out);
        assertTrue(stderr().startsWith("vde_switch: unrecognized option '--bogus'\n"), stderr());
    }
}
