package io.jvde.dist;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release artifacts of {@code mvn package}, installed where no checkout and no Maven are: the tarball unpacked
 * into a fresh directory, the .deb extracted with {@code dpkg-deb -x} and, as root, installed and removed again with
 * {@code dpkg -i}/{@code dpkg --purge}. Each runs {@code jvde switch} until its console answers.
 */
@Timeout(300)
class DistributionIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static Path tarball;
    private static Path deb;
    private static String name;

    @TempDir
    Path tmp;

    @BeforeAll
    static void artifacts() {
        tarball = Path.of(System.getProperty("jvde.dist.tarball"));
        deb = Path.of(System.getProperty("jvde.dist.deb"));
        name = System.getProperty("jvde.dist.name");
        assertTrue(Files.isRegularFile(tarball), "mvn package made " + tarball);
        assertTrue(Files.isRegularFile(deb), "mvn package made " + deb);
    }

    @Test
    void tarballHoldsTheLauncherTheJarTheManPagesAndTheCompletion() throws IOException {
        final Path home = unpack();
        for (final String f : List.of("bin/jvde", "bin/vde_switch")) {
            assertTrue(Files.isExecutable(home.resolve(f)), f);
        }
        for (final String f : List.of("lib/jvde.jar", "README.md", "share/man/man1/jvde.1",
            "share/man/man1/jvde-switch.1", "share/man/man1/vde_switch.1", "share/bash-completion/completions/jvde",
            "share/doc/jvde/architecture.md")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f);
        }
    }

    @Test
    void tarballShipsTheApacheLicenceItsNoticeAndTheThirdPartyList() throws IOException {
        final Path home = unpack();
        final String licence = Files.readString(home.resolve("LICENSE"));
        assertTrue(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"),
            "LICENSE is the Apache License 2.0");
        assertTrue(Files.readString(home.resolve("NOTICE")).contains("Apache License, Version 2.0"));
        final String thirdParty = Files.readString(home.resolve("THIRD-PARTY"));
        for (final String lib : List.of("jffi", "netty-buffer", "picocli", "jackson-databind", "snakeyaml",
            "prometheus-metrics")) {
            assertTrue(thirdParty.contains(lib), "THIRD-PARTY names " + lib);
        }
    }

    /** Debian policy 12.5: /usr/share/doc/PACKAGE/copyright, in the machine-readable format (DEP-5). */
    @Test
    void debianPackageShipsAMachineReadableCopyrightFile() throws IOException {
        final Path dpkgDeb = Requirements.requireCommand("dpkg-deb");
        final Path root = Files.createDirectories(tmp.resolve("copyright-root"));
        final ManagedProcess.Result x = ManagedProcess.run(Duration.ofSeconds(60), dpkgDeb.toString(), "-x",
            deb.toString(), root.toString());
        assertEquals(0, x.exitCode(), x.output());
        final String copyright = Files.readString(root.resolve("usr/share/doc/jvde/copyright"));
        assertTrue(copyright.startsWith(
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"), copyright);
        assertTrue(copyright.contains("\nFiles: *\n"), copyright);
        assertTrue(copyright.contains("\nLicense: Apache-2.0\n"), "a stand-alone Apache-2.0 licence paragraph");
        assertTrue(copyright.contains("/usr/share/common-licenses/Apache-2.0"), copyright);
        assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/jvde/THIRD-PARTY")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/jvde/NOTICE")));
    }

    @Test
    void jvdeSwitchRunsFromTheUnpackedTarball() throws IOException {
        final Path home = unpack();
        runSwitch(home.resolve("bin/jvde"));
    }

    @Test
    void vdeSwitchHelpPrintsVdeSwitchsUsage() throws IOException {
        final Path home = unpack();
        final ManagedProcess.Result r = ManagedProcess.run(START, home.resolve("bin/vde_switch").toString(), "--help");
        assertEquals(1, r.exitCode(), "vde_switch --help exits 1, as vde_switch does\n" + r.output());
        assertTrue(r.output().contains("Usage: vde_switch"), r.output());
        assertTrue(r.output().contains("--sock"), r.output());
        assertFalse(r.output().contains("building it"), "no Maven at run time\n" + r.output());
    }

    @Test
    void manShowsTheGeneratedPages() throws IOException {
        final Path man = Requirements.requireCommand("man");
        final Path home = unpack();
        final ManagedProcess.Result top = ManagedProcess.run(START, man.toString(), "-l", "-P", "cat",
            home.resolve("share/man/man1/jvde.1").toString());
        assertEquals(0, top.exitCode(), top.output());
        assertTrue(Pattern.compile("jvde\\s+-\\s+A pure-Java virtual Ethernet switch").matcher(top.output()).find(),
            top.output());
        assertTrue(top.output().contains("switch"), top.output());
        final ManagedProcess.Result sw = ManagedProcess.run(START, man.toString(), "-l", "-P", "cat",
            home.resolve("share/man/man1/jvde-switch.1").toString());
        assertEquals(0, sw.exitCode(), sw.output());
        assertTrue(sw.output().contains("--dhcp-range"), "options come from the picocli model\n" + sw.output());
    }

    @Test
    void bashCompletesJvdeSwToSwitch() throws IOException {
        final Path bash = Requirements.requireCommand("bash");
        final Path home = unpack();
        final String script = "source \"$1\"\n"
            + "fn=$(complete -p jvde | sed 's/.* -F \\([^ ]*\\) .*/\\1/')\n"
            + "COMP_WORDS=(jvde sw); COMP_CWORD=1; COMP_LINE='jvde sw'; COMP_POINT=${#COMP_LINE}\n"
            + "\"$fn\" jvde sw jvde\n"
            + "printf 'reply:%s\\n' \"${COMPREPLY[@]}\"\n";
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(30), bash.toString(), "-c", script,
            "complete", home.resolve("share/bash-completion/completions/jvde").toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("reply:switch"), r.output().lines().filter(l -> l.startsWith("reply:")).toList(),
            r.output());
    }

    @Test
    void debianPackageExtractedRunsJvdeSwitch() throws IOException {
        final Path dpkgDeb = Requirements.requireCommand("dpkg-deb");
        final ManagedProcess.Result fields = ManagedProcess.run(Duration.ofSeconds(30), dpkgDeb.toString(), "-f",
            deb.toString(), "Package", "Depends");
        assertTrue(fields.output().contains("Package: jvde"), fields.output());
        final Path root = Files.createDirectories(tmp.resolve("root"));
        final ManagedProcess.Result x = ManagedProcess.run(Duration.ofSeconds(60), dpkgDeb.toString(), "-x",
            deb.toString(), root.toString());
        assertEquals(0, x.exitCode(), x.output());
        assertTrue(Files.isSymbolicLink(root.resolve("usr/bin/jvde")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/jvde/lib/jvde.jar")));
        assertFalse(Files.exists(root.resolve("usr/bin/vde_switch")), "vde_switch belongs to Debian's vde-switch");
        runSwitch(root.resolve("usr/bin/jvde"));
    }

    /** One real install and removal; the package is removed in finally whatever happens. */
    @Test
    @Tag("slow")
    void debianPackageInstallsRunsAndRemoves() throws IOException {
        Requirements.requireRoot();
        final Path dpkg = Requirements.requireCommand("dpkg");
        final ManagedProcess.Result before = ManagedProcess.run(Duration.ofSeconds(30), "dpkg-query", "-W",
            "-f=${db:Status-Abbrev}", "jvde");
        Requirements.require(!before.output().startsWith("ii"), "a jvde package is installed; the test leaves it be");
        try {
            final ManagedProcess.Result in = dpkgWithLockRetry(dpkg, "-i", deb.toString());
            assertEquals(0, in.exitCode(), in.output());
            assertTrue(Files.isRegularFile(Path.of("/usr/share/jvde/lib/jvde.jar")));
            runSwitch(Path.of("/usr/bin/jvde"));
        } finally {
            final ManagedProcess.Result out = dpkgWithLockRetry(dpkg, "--purge", "jvde");
            assertEquals(0, out.exitCode(), out.output());
        }
        assertFalse(Files.exists(Path.of("/usr/bin/jvde")));
        assertFalse(Files.exists(Path.of("/usr/share/jvde")), "postrm removed the class-data archive too");
        final ManagedProcess.Result after = ManagedProcess.run(Duration.ofSeconds(30), "dpkg-query", "-W",
            "-f=${db:Status-Abbrev}", "jvde");
        assertFalse(after.output().startsWith("i") || after.output().startsWith("r"), "purged: " + after.output());
    }

    /** dpkg refuses while another dpkg or apt runs (another test run installing packages): retry, bounded. */
    private static ManagedProcess.Result dpkgWithLockRetry(final Path dpkg, final String... args) {
        final List<String> command = new java.util.ArrayList<>();
        command.add(dpkg.toString());
        command.addAll(List.of(args));
        ManagedProcess.Result r = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            r = ManagedProcess.run(Duration.ofSeconds(120), command);
            if (r.exitCode() == 0 || !r.output().contains("lock")) {
                return r;
            }
            sleep(2000);
        }
        return r;
    }

    /** {@code jvde switch} from {@code launcher} until its stdin console answers showinfo; then stdin EOF ends it. */
    private void runSwitch(final Path launcher) throws IOException {
        final Path dir = tmp.resolve("sw");
        try (ManagedProcess sw = ManagedProcess.builder(launcher.toString(), "switch", "-s", dir.toString(),
            "--dhcp-lease-file", "memory").start()) {
            sw.write("showinfo\n");
            sw.waitForLine(Pattern.compile("1000 Success"), START);
            assertTrue(Files.exists(dir.resolve("ctl")), "ctl exists while the switch runs");
            assertTrue(sw.output().contains("VDE switch"), sw.output());
            assertFalse(sw.output().contains("building it"), "no Maven at run time\n" + sw.output());
            sw.closeStdin();
            assertEquals(0, sw.exitCode(Duration.ofSeconds(30)), sw.output());
        }
        assertFalse(Files.exists(dir.resolve("ctl")), "the switch removed its sockets");
    }

    private Path unpack() throws IOException {
        final Path into = Files.createDirectories(tmp.resolve("install"));
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(60), "tar", "-xzf", tarball.toString(),
            "-C", into.toString());
        assertEquals(0, r.exitCode(), r.output());
        return into.resolve(name);
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
