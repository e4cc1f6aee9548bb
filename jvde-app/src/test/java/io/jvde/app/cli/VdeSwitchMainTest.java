package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.sw.engine.SwitchSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vde_switch's command line (docs/protocol.md §5.9, §5.10) through the compatibility entry point. */
class VdeSwitchMainTest {
    private final CliFixture cli = new CliFixture();

    private SwitchSettings sw() {
        return cli.settings.switchSettings();
    }

    private void run(final String spelling) {
        assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch(spelling.split(" ")), cli.err());
        assertEquals("", cli.err());
    }

    @Nested
    class EverySpelling {
        @ParameterizedTest
        @ValueSource(strings = {"-s /tmp/d", "--sock /tmp/d", "--vdesock /tmp/d", "--unix /tmp/d", "-sock /tmp/d",
            "-vdesock /tmp/d", "-unix /tmp/d", "--sock=/tmp/d", "-sock=/tmp/d", "-s/tmp/d", "--so /tmp/d"})
        void shouldSetTheSwitchDirectory(final String spelling) {
            run(spelling);
            assertEquals(Path.of("/tmp/d"), sw().directory());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-n 8", "--numports 8", "-numports 8", "-n8", "--numports=8", "-numports=8"})
        void shouldSetTheNumberOfPorts(final String spelling) {
            run(spelling);
            assertEquals(8, sw().numPorts());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-x", "--hub", "-hub"})
        void shouldSelectHubMode(final String spelling) {
            run(spelling);
            assertTrue(sw().hub());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-m 0666", "--mode 0666", "--mod 0666", "-mode 0666", "-mod=0666", "-m666",
            "--mode=666"})
        void shouldReadTheSocketModeInOctal(final String spelling) {
            run(spelling);
            assertEquals(0666, sw().ctlMode());
        }

        @ParameterizedTest
        @ValueSource(strings = {"--dirmode 02770", "-dirmode 02770", "--dirmode=2770"})
        void shouldReadTheDirectoryModeInOctal(final String spelling) {
            run(spelling);
            assertEquals(02770, sw().dirMode());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-g kvm", "--group kvm", "-group kvm", "--group=kvm"})
        void shouldSetTheGroup(final String spelling) {
            run(spelling);
            assertEquals("kvm", sw().group());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-d", "--daemon", "-daemon"})
        void shouldSelectDaemonModeWithoutStdinConsole(final String spelling) {
            run(spelling);
            assertTrue(cli.settings.daemon());
            assertFalse(cli.settings.stdinConsole());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-p sw.pid", "--pidfile sw.pid", "-pidfile sw.pid", "--pidfile=sw.pid"})
        void shouldResolveThePidfileAgainstTheStartDirectory(final String spelling) {
            run(spelling);
            assertEquals(Path.of("sw.pid").toAbsolutePath(), cli.settings.pidFile());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-f /etc/x.rc", "--rcfile /etc/x.rc", "-rcfile /etc/x.rc"})
        void shouldSetTheRcFile(final String spelling) {
            run(spelling);
            assertEquals(Path.of("/etc/x.rc"), cli.settings.rcFile());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-M /tmp/m --mgmtmode 0660 --mgmtgroup kvm",
            "--mgmt /tmp/m -mgmtmode 0660 -mgmtgroup kvm", "-mgmt=/tmp/m --mgmtmode=660 --mgmtgroup=kvm"})
        void shouldConfigureTheManagementSocket(final String spelling) {
            run(spelling);
            assertEquals(Path.of("/tmp/m"), cli.settings.mgmtPath());
            assertEquals(0660, cli.settings.mgmtMode());
            assertEquals("kvm", cli.settings.mgmtGroup());
            // REQ_NEW_PORT0 data sockets follow the management socket's mode and group.
            assertEquals(0660, sw().port0Mode());
            assertEquals("kvm", sw().port0Group());
        }

        @ParameterizedTest
        @ValueSource(strings = {"--macaddr 02:11:22:33:44:55", "-macaddr 02.11.22.33.44.55",
            "--macaddr=2:11:22:33:44:55"})
        void shouldReadTheMacWithEitherSeparator(final String spelling) {
            run(spelling);
            assertEquals(0x021122334455L, sw().switchMac());
        }

        @ParameterizedTest
        @ValueSource(strings = {"--priority 4096", "-priority 4096"})
        void shouldKeepTheFstpPriorityForShowinfo(final String spelling) {
            run(spelling);
            assertEquals(4096, cli.settings.priority());
        }

        @ParameterizedTest
        @ValueSource(strings = {"--nostdin", "-nostdin"})
        void shouldTurnTheStdinConsoleOff(final String spelling) {
            run(spelling);
            assertFalse(cli.settings.stdinConsole());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-D 4", "--debugclients 4", "-debugclients 4"})
        void shouldAcceptAndIgnoreDebugClients(final String spelling) {
            run(spelling);
            assertEquals(1, cli.runs);
        }

        @Test
        void shouldCollectEveryTap() {
            run("-t tap0 --tap tap1 -tap tap2 --tap=tap3");
            assertEquals(List.of("tap0", "tap1", "tap2", "tap3"), sw().taps());
        }

        @Test
        void shouldAcceptTheNixosDriverCommandLine() {
            run("--sock /tmp/vde1.ctl --dirmode 0700 --hub");
            assertEquals(Path.of("/tmp/vde1.ctl"), sw().directory());
            assertEquals(0700, sw().dirMode());
            assertTrue(sw().hub());
            assertTrue(cli.settings.stdinConsole());
            assertEquals("vde_switch", cli.settings.program());
        }

        @Test
        void shouldAcceptTheSingleDashFormsTogether() {
            run("-sock /tmp/d -hub -daemon -numports 8");
            assertEquals(Path.of("/tmp/d"), sw().directory());
            assertTrue(sw().hub());
            assertTrue(cli.settings.daemon());
            assertEquals(8, sw().numPorts());
        }

        @Test
        void shouldLetTheLastOfARepeatedOptionWin() {
            run("-s /tmp/a -s /tmp/b");
            assertEquals(Path.of("/tmp/b"), sw().directory());
        }
    }

    @Nested
    class Defaults {
        @TempDir
        Path home;

        @Test
        void shouldUseVdeSwitchDefaults() {
            run("-x");
            assertEquals(Path.of("/tmp/vde.ctl"), sw().directory());
            assertEquals(SwitchSettings.DEFAULT_NUM_PORTS, sw().numPorts());
            assertEquals(-1, sw().ctlMode());
            assertEquals(SwitchSettings.DEFAULT_HASH_SIZE, sw().hashSize());
            assertEquals(0x00FF_0000_0000L, sw().switchMac() & 0xFFFF_0000_0000L);
            assertNull(cli.settings.mgmtPath());
            assertNull(cli.settings.pidFile());
            assertFalse(sw().vlanStrict());
            assertTrue(cli.settings.stdinConsole());
        }

        @Test
        void shouldUseVarRunAsRoot() {
            cli.root = true;
            run("-x");
            assertEquals(Path.of("/var/run/vde.ctl"), sw().directory());
        }

        @Test
        void shouldFindTheRcFileInHome() throws IOException {
            final Path rc = home.resolve(".vde2/vde_switch.rc");
            Files.createDirectories(rc.getParent());
            Files.writeString(rc, "vlan/create 10\n");
            cli.env.put("HOME", home.toString());
            run("-x");
            assertEquals(rc, cli.settings.rcFile());
        }

        @Test
        void shouldPreferAnExplicitRcFile() throws IOException {
            final Path rc = home.resolve(".vde2/vde_switch.rc");
            Files.createDirectories(rc.getParent());
            Files.writeString(rc, "");
            cli.env.put("HOME", home.toString());
            run("-f /srv/other.rc");
            assertEquals(Path.of("/srv/other.rc"), cli.settings.rcFile());
        }
    }

    @Nested
    class ExitCodesAndMessages {
        @ParameterizedTest
        @ValueSource(strings = {"-h", "--help", "-help"})
        void shouldPrintUsageAndExitOne(final String spelling) {
            assertEquals(ExitCodes.USAGE, cli.vdeSwitch(spelling));
            assertTrue(cli.out().startsWith("Usage: vde_switch "), cli.out());
            assertTrue(cli.out().contains("--vdesock"), cli.out());
            assertEquals(0, cli.runs);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-v", "--version", "-version"})
        void shouldPrintTheVdeVersionAndExitZero(final String spelling) {
            assertEquals(ExitCodes.OK, cli.vdeSwitch(spelling));
            assertTrue(cli.out().startsWith("VDE 2.3.3\n"), cli.out());
            assertEquals(0, cli.runs);
        }

        @Test
        void shouldPrintUsageAndExitOneForAnExtraArgument() {
            assertEquals(ExitCodes.USAGE, cli.vdeSwitch("-s", "/tmp/d", "extra"));
            assertEquals("vde_switch: unexpected argument 'extra'\n", cli.err());
            assertTrue(cli.out().startsWith("Usage: vde_switch "));
            assertEquals(0, cli.runs);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-3"})
        void shouldRefuseFewerThanOnePort(final String n) {
            assertEquals(ExitCodes.USAGE, cli.vdeSwitch("-n", n));
            assertEquals("vde_switch: The switch must have at least 1 port\n", cli.err());
            assertEquals(0, cli.runs);
        }

        @Test
        void shouldWarnAndIgnoreAnUnknownOptionLikeGetopt() {
            // Measured on vde_switch 2.3.2: the same three lines for these words.
            assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch("--bogus", "-s", "/tmp/d", "-q", "-xq"));
            assertEquals("vde_switch: unrecognized option '--bogus'\nvde_switch: unrecognized option '-q'\n"
                    + "vde_switch: invalid option -- 'q'\n", cli.err());
            assertEquals(Path.of("/tmp/d"), sw().directory());
        }

        @Test
        void shouldWarnAndIgnoreAMissingArgument() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch("-x", "-s"));
            assertEquals("vde_switch: option requires an argument -- 's'\n", cli.err());
            assertEquals(Path.of("/tmp/vde.ctl"), sw().directory());
        }

        @Test
        void shouldRoundTheHashSizeUpWithVdeSwitchsWarning() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch("--hashsize", "100"));
            assertEquals("vde_switch: Hash size must be a power of 2. 100 rounded to 128\n", cli.err());
            assertEquals(128, sw().hashSize());
        }

        @Test
        void shouldKeepAHashSizeThatIsAPowerOfTwo() {
            run("--hashsize 256");
            assertEquals(256, sw().hashSize());
        }

        @Test
        void shouldWarnThatFstpIsNotSupported() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.vdeSwitch("-F"));
            assertEquals("vde_switch: FSTP is not supported by jvde; running without it\n", cli.err());
        }

        @Test
        void shouldNotWarnAboutFstpInHubMode() {
            run("-x -F");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-m 0999", "--dirmode rw", "--mgmtmode 077777", "--macaddr 00:11:22",
            "--macaddr 00:11.22:33:44:55", "--hashsize 0", "-n eight", "--priority 70000"})
        void shouldRefuseBadValuesWithExitOne(final String spelling) {
            assertEquals(ExitCodes.USAGE, cli.vdeSwitch(spelling.split(" ")));
            assertTrue(cli.err().startsWith("vde_switch: "), cli.err());
            assertTrue(cli.err().contains("expected") || cli.err().contains("Invalid value"), cli.err());
            assertEquals(0, cli.runs);
        }

        @Test
        void shouldNameTheValueAndTheExpectationForABadMode() {
            cli.vdeSwitch("-m", "0999");
            assertTrue(cli.err().startsWith("vde_switch: Invalid value for option '--mode': '0999' "
                    + "(expected: an octal mode such as 0600 or 02770)"), cli.err());
        }
    }
}
