package io.jvde.app;

import io.jvde.app.console.BuiltinCommands;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.CommandTable;
import io.jvde.app.console.Console;
import io.jvde.app.console.ConsoleCommand;
import io.jvde.app.console.ConsoleSession;
import io.jvde.app.console.EngineAccess;
import io.jvde.app.console.SwitchCommands;
import io.jvde.app.console.SwitchFacts;
import io.jvde.app.console.VxlanCommands;
import io.jvde.app.dhcp.DhcpExtension;
import io.jvde.app.dhcp.LeaseFile;
import io.jvde.app.observe.Observability;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.sw.vxlan.VxlanSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every console command a switch start registers (built-in, engine, VXLAN, observe and JSON, DHCP server, relay and
 * guard, services) is a case of its {@link CommandTable}: run without arguments, none answers the table's "no case"
 * failure, and none is a lambda or method reference (a start links no invokedynamic site per command).
 */
class CommandTablesTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void everyRegisteredCommandReachesItsCase() throws Exception {
        final int udpPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            udpPort = s.getLocalPort();
        }
        final List<String> log = new CopyOnWriteArrayList<>();
        final VdeSwitch sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).vxlan(VxlanSettings.builder()
            .local("127.0.0.1:" + udpPort).peer("127.0.0.2").vni("42=10").sourcePorts(1).build()).build(), log::add);
        try {
            final CommandRegistry registry = BuiltinCommands.register(new CommandRegistry(), new SwitchFacts(4989,
                0x00ff464a2c4eL, 32768, sw.directory(), 0600, tmp.resolve("sw.mgmt"), 0600, () -> 0));
            SwitchCommands.register(registry, sw);
            VxlanCommands.register(registry, EngineAccess.of(sw));
            final RunningSwitch running = RunningSwitch.of(sw);
            try (AutoCloseable observe = new Observability(null, null, 1 << 16, null).start(running, registry,
                    log::add);
                 AutoCloseable dhcp = new DhcpExtension(DhcpSettings.builder()
                     .scope(Scope.builder(0, "10.86.68.0/24").range("10.86.68.10", "10.86.68.20").build()).build(),
                     LeaseFile.memoryOnly()).start(running, registry, log::add)) {
                final Console console = new Console(registry, log::add, () -> { });
                int commands = 0;
                for (final ConsoleCommand c : registry.entries()) {
                    if (c.isMenu()) {
                        continue;
                    }
                    commands++;
                    assertFalse(c.handler().getClass().isHidden(), c.path() + " is a lambda");
                    final String reply = console.execute(c.path(), new ConsoleSession(ConsoleSession.Kind.MGMT));
                    assertFalse(reply.contains(CommandTable.NO_CASE), c.path() + ": " + reply);
                }
                assertTrue(commands >= 80, commands + " commands");
                assertFalse(log.stream().anyMatch(l -> l.contains(CommandTable.NO_CASE)), log.toString());
            }
        } finally {
            sw.close();
        }
    }
}
