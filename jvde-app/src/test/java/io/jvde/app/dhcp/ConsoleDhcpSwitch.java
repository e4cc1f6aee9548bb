package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.Console;
import io.jvde.app.console.ConsoleSession;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fixture of the console-command tests: a real in-process switch (sockets under {@code dir}) with the DHCP part
 * started as the CLI starts it (its console commands registered), a management console over that registry, and one
 * raw VDE client named "client". Closing closes the client, the DHCP part, then the switch.
 */
public final class ConsoleDhcpSwitch implements AutoCloseable {
    /** Everything the switch and the DHCP part logged. */
    public final List<String> log = new CopyOnWriteArrayList<>();
    public final VdeSwitch sw;
    public final VdeClient client;
    private final DhcpExtension extension;
    private final AutoCloseable dhcp;
    private final Console console;

    private ConsoleDhcpSwitch(final Path dir, final DhcpExtension extension) throws Exception {
        this.extension = extension;
        sw = VdeSwitch.start(SwitchSettings.builder(dir).build(), log::add);
        try {
            final CommandRegistry registry = new CommandRegistry();
            dhcp = extension.start(RunningSwitch.of(sw), registry, log::add);
            console = new Console(registry, log::add, () -> { });
            client = VdeClient.connect(dir, "client");
        } catch (final Exception | Error e) {
            sw.close(); // a half-started fixture is never closed by the test
            throw e;
        }
    }

    /** Starts the switch in {@code dir} and {@code extension} on it. */
    public static ConsoleDhcpSwitch start(final Path dir, final DhcpExtension extension) throws Exception {
        return new ConsoleDhcpSwitch(dir, extension);
    }

    /** The DHCP port the extension attached. */
    public DhcpPort port() {
        return extension.attached();
    }

    /** Runs one console line in a new management session; returns its whole reply. */
    public String run(final String line) {
        return console.execute(line, new ConsoleSession(ConsoleSession.Kind.MGMT));
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
            dhcp.close();
        } finally {
            sw.close();
        }
    }
}
