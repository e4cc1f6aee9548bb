package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.app.console.BuiltinCommands;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.Console;
import io.jvde.app.console.ConsoleException;
import io.jvde.sw.Errno;
import io.jvde.app.console.MgmtServer;
import io.jvde.app.console.SwitchFacts;
import io.jvde.sw.engine.SwitchSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvdeMainTest {
    private final CliFixture cli = new CliFixture();

    @Nested
    class Switch {
        @Test
        void shouldAcceptVdeSwitchOptionsInEverySpellingPlusJvdeTuning() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-sock", "/tmp/d", "-hub", "-n8",
                    "--vlan-strict", "--stall-timeout", "50", "-mac-age", "30", "--mac-min-persistence=1",
                    "--mac-gc-interval", "5", "--mac-capacity", "1024", "--max-ports", "64"), cli.err());
            final SwitchSettings sw = cli.settings.switchSettings();
            assertEquals(Path.of("/tmp/d"), sw.directory());
            assertTrue(sw.hub());
            assertEquals(8, sw.numPorts());
            assertTrue(sw.vlanStrict());
            assertEquals(50, sw.stallTimeoutMillis());
            assertEquals(30, sw.macAgeSeconds());
            assertEquals(1, sw.macMinPersistenceSeconds());
            assertEquals(5, sw.macGcIntervalSeconds());
            assertEquals(1024, sw.macCapacity());
            assertEquals(64, sw.maxPorts());
            assertEquals("jvde", cli.settings.program());
        }

        @Test
        void shouldKeepEngineDefaultsWithoutTuningOptions() {
            cli.jvde("switch", "-s", "/tmp/d");
            final SwitchSettings sw = cli.settings.switchSettings();
            assertFalse(sw.vlanStrict());
            assertEquals(SwitchSettings.DEFAULT_STALL_TIMEOUT_MILLIS, sw.stallTimeoutMillis());
            assertEquals(SwitchSettings.DEFAULT_MAC_AGE_SECONDS, sw.macAgeSeconds());
        }

        @Test
        void shouldRefuseAnUnknownOptionAsUsageError() {
            assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--bogus", "-s", "/tmp/d"));
            assertEquals("jvde switch: unrecognized option '--bogus'\n"
                    + "Try 'jvde switch --help' for more information.\n", cli.err());
            assertEquals(0, cli.runs);
        }

        @Test
        void shouldRefuseAnExtraArgument() {
            assertEquals(ExitCodes.USAGE, cli.jvde("switch", "extra"));
            assertTrue(cli.err().startsWith("jvde switch: unexpected argument 'extra'\n"), cli.err());
        }

        @Test
        void shouldRefuseABadTuningValueNamingIt() {
            assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--mac-age", "0"));
            assertEquals("jvde: mac age: 0 (expected: >= 1 s)\n", cli.err());
        }

        @Test
        void shouldRefuseFewerThanOnePort() {
            assertEquals(ExitCodes.USAGE, cli.jvde("switch", "-n", "0"));
            assertEquals("jvde: The switch must have at least 1 port\n", cli.err());
        }

        @Test
        void shouldPrintHelpWithJvdeOptionsAndExitZero() {
            assertEquals(ExitCodes.OK, cli.jvde("switch", "--help"));
            assertTrue(cli.out().startsWith("Usage: jvde switch "), cli.out());
            assertTrue(cli.out().contains("--vlan-strict"), cli.out());
            assertTrue(cli.out().contains("--mgmtmode"), cli.out());
        }

        @Test
        void shouldPassTheProcessExitStatusThrough() {
            assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch"));
        }
    }

    @Nested
    class TopLevel {
        @Test
        void shouldPrintVersions() {
            assertEquals(ExitCodes.OK, cli.jvde("version"));
            assertTrue(cli.out().startsWith("jvde "), cli.out());
            assertTrue(cli.out().contains("compatible with vde_switch 2.3.3"), cli.out());
            assertEquals(ExitCodes.OK, cli.jvde("--version"));
            assertTrue(cli.out().startsWith("jvde "), cli.out());
        }

        @Test
        void shouldListTheCommandsInHelp() {
            assertEquals(ExitCodes.OK, cli.jvde("--help"));
            for (final String command : List.of("switch", "ctl", "version")) {
                assertTrue(cli.out().contains("  " + command + " "), cli.out());
            }
        }

        @Test
        void shouldExitOneWithoutACommand() {
            assertEquals(ExitCodes.USAGE, cli.jvde());
            assertTrue(cli.err().startsWith("jvde: missing command\n"), cli.err());
        }

        @Test
        void shouldExitOneForAnUnknownCommand() {
            assertEquals(ExitCodes.USAGE, cli.jvde("frobnicate"));
            assertTrue(cli.err().startsWith("jvde: Unmatched argument"), cli.err());
        }
    }

    @Nested
    class Ctl {
        @TempDir
        Path tmp;

        private MgmtServer server(final List<String> created) throws IOException {
            final CommandRegistry registry = BuiltinCommands.register(new CommandRegistry(),
                    new SwitchFacts(1, 0x00ff00000001L, 32768, Path.of("/tmp/sw"), 0600, null, 0600, () -> 0));
            registry.command("port/create", "N", "create the port N", ctx -> {
                final int port = ctx.intArg(0, "port");
                if (created.contains(Integer.toString(port))) {
                    throw new ConsoleException(Errno.EEXIST);
                }
                created.add(Integer.toString(port));
            });
            return MgmtServer.open(tmp.resolve("mgmt"), 0600, null, new Console(registry, l -> { }, () -> { }),
                    l -> { });
        }

        @Test
        void shouldRunOneCommandAndPrintItsDataWithoutFraming() throws IOException {
            try (MgmtServer server = server(new ArrayList<>())) {
                assertEquals(ExitCodes.OK, cli.jvde("ctl", "-s", server.path().toString(), "ds/showinfo"));
                assertEquals("ctl dir /tmp/sw\nstd mode 0600\n", cli.out());
                assertEquals("", cli.err());
            }
        }

        @Test
        void shouldJoinTheArgumentsAndReportAFailedStatus() throws IOException {
            final List<String> created = new ArrayList<>();
            try (MgmtServer server = server(created)) {
                assertEquals(ExitCodes.OK, cli.jvde("ctl", "-s", server.path().toString(), "port/create", "16"));
                assertEquals(List.of("16"), created);
                assertEquals(ExitCodes.COMMAND_FAILED,
                        cli.jvde("ctl", "--sock", server.path().toString(), "port/create", "0x10"));
                assertEquals("1017 File exists\n", cli.err());
            }
        }

        @Test
        void shouldReportANonAnsweringSocket() {
            assertEquals(ExitCodes.UNREACHABLE, cli.jvde("ctl", "-s", tmp.resolve("none").toString(), "showinfo"));
            assertTrue(cli.err().startsWith(tmp.resolve("none").toString()), cli.err());
        }

        @Test
        void shouldRequireTheSocketOption() {
            assertEquals(ExitCodes.USAGE, cli.jvde("ctl", "showinfo"));
            assertTrue(cli.err().contains("Missing required option"), cli.err());
        }
    }
}
