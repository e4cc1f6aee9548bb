package io.jvde.app.console;

import io.jvde.sw.Errno;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden answers of docs/protocol.md §5.7, measured on vde_switch 2.3.2 (version line adjusted to jvde's 2.3.3). */
class ConsoleFramingTest {
    private final ConsoleFixture fx = new ConsoleFixture();

    @Nested
    class Framing {
        @Test
        void shouldFrameShowinfoExactlyLikeVdeSwitch() {
            assertEquals("0000 DATA END WITH '.'\n"
                    + "VDE switch V.2.3.3\n"
                    + "(C) Virtual Square Team (coord. R. Davoli) 2005,2006,2007 - GPLv2\n"
                    + "\n"
                    + "pid 4989 MAC 00:ff:46:4a:2c:4e uptime 0\n"
                    + "mgmt /tmp/cap/sw.mgmt perm 0600\n"
                    + ".\n"
                    + "1000 Success\n", fx.run("showinfo\n"));
        }

        @Test
        void shouldOmitTheMgmtLineWithoutMgmtSocket() {
            final ConsoleFixture noMgmt = new ConsoleFixture(null);
            assertEquals("0000 DATA END WITH '.'\n"
                    + "VDE switch V.2.3.3\n"
                    + "(C) Virtual Square Team (coord. R. Davoli) 2005,2006,2007 - GPLv2\n"
                    + "\n"
                    + "pid 4989 MAC 00:ff:46:4a:2c:4e uptime 0\n"
                    + ".\n"
                    + "1000 Success\n", noMgmt.run("showinfo"));
        }

        @Test
        void shouldAnswerDsShowinfo() {
            assertEquals("0000 DATA END WITH '.'\nctl dir /tmp/cap/sw\nstd mode 0600\n.\n1000 Success\n",
                    fx.run("ds/showinfo"));
        }

        @Test
        void shouldAnswerUnknownCommandWith1038() {
            assertEquals("1038 Function not implemented\n", fx.run("version\n"));
        }

        @Test
        void shouldNotRunMenuLinesAsCommands() {
            assertEquals("1038 Function not implemented\n", fx.run("ds"));
            assertEquals("1038 Function not implemented\n", fx.run("port"));
        }

        @Test
        void shouldProduceNothingForEmptyBlankAndCommentLines() {
            assertEquals("", fx.run("\n"));
            assertEquals("", fx.run("   \t\n"));
            assertEquals("", fx.run("# comment\n"));
            assertEquals("", fx.run("   # indented comment"));
        }

        @Test
        void shouldSkipLeadingBlanksAndCarriageReturn() {
            assertEquals(fx.run("ds/showinfo"), fx.run(" \t ds/showinfo\r\n"));
        }

        @Test
        void shouldRunTheFirstCommandWhosePathIsAPrefixOfTheInput() {
            assertEquals(fx.run("showinfo"), fx.run("showinfoXYZ"));
        }

        @Test
        void shouldKeepDataFramingWhenADataCommandFails() {
            fx.registry.dataCommand("port/print", "[N]", "print", ctx -> {
                ctx.println("partial");
                throw new ConsoleException(Errno.ENXIO);
            });
            assertEquals("0000 DATA END WITH '.'\npartial\n.\n1006 No such device or address\n",
                    fx.run("port/print 0x10"));
        }

        @Test
        void shouldPutTheReasonInsideTheDataBlockOfAFailingDataCommand() {
            fx.registry.dataCommand("port/print", "[N]", "print", ctx -> {
                throw new ConsoleException(Errno.EINVAL, "port: 99 (expected: 1..32)");
            });
            assertEquals("0000 DATA END WITH '.'\nport: 99 (expected: 1..32)\n.\n1022 Invalid argument\n",
                    fx.run("port/print 99"));
        }

        @Test
        void shouldPrintTheReasonBeforeTheStatusOfAFailingCommand() {
            fx.registry.command("port/create", "N", "create", ctx -> {
                throw new ConsoleException(Errno.EEXIST, "port/create: port 5 exists");
            });
            assertEquals("port/create: port 5 exists\n1017 File exists\n", fx.run("port/create 5"));
        }

        @Test
        void shouldAnswerAStatusOnlyCommandWithJustTheStatus() {
            fx.registry.command("port/sethub", "0/1", "hub", ctx -> { });
            assertEquals("1000 Success\n", fx.run("port/sethub 1"));
        }

        @Test
        void shouldAnswerEioAndLogWhenACommandThrowsUnexpectedly() {
            fx.registry.command("port/sethub", "0/1", "hub", ctx -> {
                throw new IllegalStateException("boom");
            });
            final String answer = fx.run("port/sethub 1");
            assertTrue(answer.endsWith("\n1005 Input/output error\n"), answer);
            assertTrue(answer.contains("boom"), answer);
            assertEquals(1, fx.log.size());
        }

        @Test
        void shouldPassTheArgumentsWithoutSurroundingBlanks() {
            final StringBuilder seen = new StringBuilder();
            fx.registry.command("vlan/addport", "N PORT", "add", ctx -> seen.append('[').append(ctx.args())
                    .append(']').append(ctx.words()));
            fx.run("vlan/addport   10  3  \n");
            assertEquals("[10  3][10, 3]", seen.toString());
        }

        @Test
        void shouldParseNumericArgumentsWithCPercentISemantics() {
            final StringBuilder seen = new StringBuilder();
            fx.registry.command("port/setnumports", "N", "n", ctx -> seen.append(ctx.intArg(0, "N")).append(' '));
            fx.run("port/setnumports 0x10");
            fx.run("port/setnumports 010");
            fx.run("port/setnumports 10");
            assertEquals("16 8 10 ", seen.toString());
            assertEquals("N: 'ten' (expected: a number such as 10, 0x0a or 012)\n1022 Invalid argument\n",
                    fx.run("port/setnumports ten"));
            assertEquals("N: missing (expected: a number)\n1022 Invalid argument\n", fx.run("port/setnumports"));
        }
    }

    @Nested
    class Sessions {
        @Test
        void shouldEndAManagementSessionOnLogoutWithoutStatus() {
            final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.MGMT);
            assertEquals("", fx.console.execute("logout", session));
            assertEquals(ConsoleSession.End.LOGOUT, session.end());
        }

        @Test
        void shouldAnswerNothingToLogoutOnStdin() {
            final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.STDIN);
            assertEquals("", fx.console.execute("logout\n", session));
            assertEquals("", fx.console.execute("logout\n", session));
        }

        @Test
        void shouldMarkShutdownWithoutAnsweringAndLeaveItToTheTransport() {
            final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.MGMT);
            assertEquals("", fx.console.execute("shutdown", session));
            assertEquals(ConsoleSession.End.SHUTDOWN, session.end());
            assertEquals(0, fx.shutdowns.get());
        }
    }

    @Nested
    class Help {
        @Test
        void shouldListCommandsInVdeSwitchOrderWhenEngineCommandsAreRegisteredLater() throws IOException {
            final String golden = resource("vde-2.3.2-help.txt");
            // Register hash/*, port/*, vlan/* the way the engine module will: after the built-ins.
            for (final String line : golden.split("\n")) {
                if (line.matches("(hash|port|vlan)/\\S+ .*")) {
                    final String path = line.substring(0, 18).strip();
                    final String syntax = line.substring(19, 34).strip();
                    fx.registry.command(path, syntax, line.substring(35), ctx -> { });
                }
            }
            assertEquals(golden, fx.run("help"));
        }

        @Test
        void shouldFilterByPathPrefix() {
            assertEquals("0000 DATA END WITH '.'\n"
                    + "COMMAND PATH       SYNTAX          HELP\n"
                    + "------------       --------------  ------------\n"
                    + "load               path            load a configuration script\n"
                    + ".\n"
                    + "1000 Success\n", fx.run("help load"));
        }

        @Test
        void shouldPrintOnlyTheHeaderWhenNothingMatches() {
            assertEquals("0000 DATA END WITH '.'\n"
                    + "COMMAND PATH       SYNTAX          HELP\n"
                    + "------------       --------------  ------------\n"
                    + ".\n"
                    + "1000 Success\n", fx.run("help xyz"));
        }

        @Test
        void shouldIncludeTheMenuLineWhenFilteringByMenu() {
            final String answer = fx.run("help    fstp");
            assertTrue(answer.contains("\nfstp               ============    FAST SPANNING TREE MENU\n"), answer);
            assertTrue(answer.contains("\nfstp/showinfo                      show fstp info\n"), answer);
        }
    }

    @Nested
    class Load {
        @TempDir
        Path tmp;

        @Test
        void shouldEchoEachLineBeforeItsAnswerAndEndWithSuccess() throws IOException {
            final Path rc = tmp.resolve("rc1");
            Files.writeString(rc, "ds/showinfo\n# comment\n\nbogus\n");
            assertEquals("vde[" + rc + "]: ds/showinfo\n"
                    + "0000 DATA END WITH '.'\nctl dir /tmp/cap/sw\nstd mode 0600\n.\n1000 Success\n"
                    + "vde[" + rc + "]: # comment\n"
                    + "vde[" + rc + "]: bogus\n"
                    + "1038 Function not implemented\n"
                    + "1000 Success\n", fx.run("load " + rc));
        }

        @Test
        void shouldAnswer1002ForAMissingFile() {
            assertTrue(fx.run("load " + tmp.resolve("nonexist")).endsWith("\n1002 No such file or directory\n"));
            assertEquals("load: missing path\n1002 No such file or directory\n", fx.run("load"));
        }

        @Test
        void shouldRefuseADirectory() {
            assertTrue(fx.run("load " + tmp).endsWith("\n1021 Is a directory\n"));
        }

        @Test
        void shouldStopScriptsThatLoadThemselves() throws IOException {
            final Path rc = tmp.resolve("loop");
            Files.writeString(rc, "load " + rc + "\n");
            final String answer = fx.run("load " + rc);
            assertTrue(answer.contains("1040 Too many levels of symbolic links"), answer);
            assertTrue(answer.endsWith("1000 Success\n"), answer);
        }

        @Test
        void shouldStopAtShutdown() throws IOException {
            final Path rc = tmp.resolve("rc");
            Files.writeString(rc, "shutdown\nds/showinfo\n");
            final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.MGMT);
            final String answer = fx.console.execute("load " + rc, session);
            assertEquals("vde[" + rc + "]: shutdown\n1000 Success\n", answer);
            assertEquals(ConsoleSession.End.SHUTDOWN, session.end());
        }
    }

    @Nested
    class CompatibilityCommands {
        @Test
        void shouldListDebugCategoriesLikeVdeSwitch() {
            assertEquals("0000 DATA END WITH '.'\n"
                    + "CATEGORY               TAG STATUS HELP\n"
                    + "------------           --- ------ ----\n"
                    + "hash/+                 011 OFF    hash: new element\n"
                    + "hash/-                 012 OFF    hash: discarded element\n"
                    + "fstp/status            044 OFF    fstp: status change\n"
                    + "fstp/root              045 OFF    fstp: rootswitch/port change\n"
                    + "fstp/+                 041 OFF    fstp: port becomes active\n"
                    + "fstp/-                 042 OFF    fstp: port becomes inactive\n"
                    + "port/+                 021 OFF    new port\n"
                    + "port/-                 022 OFF    closed port\n"
                    + "port/descr             023 OFF    set port description\n"
                    + "port/ep/+              031 OFF    new endpoint\n"
                    + "port/ep/-              032 OFF    closed endpoint\n"
                    // jvde's own categories follow vde_switch's
                    + "hash/move              013 OFF    hash: element moved to another port\n"
                    + "vlan/+                 051 OFF    new vlan\n"
                    + "vlan/-                 052 OFF    removed vlan\n"
                    + "vlan/port              053 OFF    port vlan membership changed\n"
                    + "dhcp/lease             061 OFF    dhcp lease offered/bound/renewed/released/declined\n"
                    + "dhcp/violation         062 OFF    dhcp relay or guard violation\n"
                    + "link/status            071 OFF    outbound link or vxlan peer up/down\n"
                    + ".\n"
                    + "1000 Success\n", fx.run("debug/list"));
        }

        @Test
        void shouldTrackDebugSubscriptionsPerSession() {
            final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.MGMT);
            assertEquals("1000 Success\n", fx.console.execute("debug/add hash/+", session));
            assertTrue(fx.console.execute("debug/list", session).contains("hash/+                 011 ON "));
            assertEquals("1000 Success\n", fx.console.execute("debug/del hash/+", session));
            assertTrue(fx.console.execute("debug/del hash/+", session).endsWith("1002 No such file or directory\n"));
            assertTrue(fx.console.execute("debug/add foo", session).endsWith("1022 Invalid argument\n"));
        }

        @Test
        void shouldReportFstpOff() {
            assertEquals("0000 DATA END WITH '.'\nMAC 00:ff:46:4a:2c:4e Priority 32768 (0x8000)\nFSTP=false\n.\n"
                    + "1000 Success\n", fx.run("fstp/showinfo"));
            assertEquals("0000 DATA END WITH '.'\n.\n1000 Success\n", fx.run("fstp/setfstp 0"));
            assertTrue(fx.run("fstp/setfstp 1").endsWith(".\n1095 Operation not supported\n"));
            assertEquals("1000 Success\n", fx.run("fstp/setedge 0 1 1"));
            assertEquals("1000 Success\n", fx.run("fstp/bonus 0 1 1"));
            assertEquals("0000 DATA END WITH '.'\n.\n1000 Success\n", fx.run("fstp/print"));
        }

        @Test
        void shouldListNoPluginsAndRefuseToLoadOne() {
            assertEquals("0000 DATA END WITH '.'\nNAME                   HELP\n------------           ----\n.\n"
                    + "1000 Success\n", fx.run("plugin/list"));
            assertTrue(fx.run("plugin/add foo").endsWith("\n1002 No such file or directory\n"));
            assertTrue(fx.run("plugin/del foo").endsWith("\n1002 No such file or directory\n"));
        }
    }

    @Nested
    class Registry {
        @Test
        void shouldRefuseToRegisterAPathTwice() {
            assertThrows(IllegalArgumentException.class, () -> fx.registry.command("showinfo", "", "x", ctx -> { }));
        }

        @Test
        void shouldRefusePathsWithBlanks() {
            assertThrows(IllegalArgumentException.class, () -> fx.registry.command("port print", "", "x", c -> { }));
        }

        @Test
        void shouldRefuseAMenuDeclaredTwice() {
            assertThrows(IllegalArgumentException.class, () -> fx.registry.menu("port", "AGAIN"));
        }

        @Test
        void shouldPlaceCommandsOfANewMenuAtTheEnd() {
            fx.registry.command("dhcp/leases", "", "list leases", ctx -> { });
            final var entries = fx.registry.entries();
            assertEquals("dhcp/leases", entries.get(entries.size() - 1).path());
        }
    }

    private static String resource(final String name) throws IOException {
        try (InputStream in = ConsoleFramingTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
