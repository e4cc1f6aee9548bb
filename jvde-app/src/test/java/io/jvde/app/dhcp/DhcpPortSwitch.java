package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixture of the DHCP port tests: a real in-process switch (sockets under {@code dir}) logging to a list, the
 * DHCP port once {@link #attach}ed, and raw VDE clients. Closing closes the clients, the port (on the loop thread),
 * then the switch.
 */
final class DhcpPortSwitch implements AutoCloseable {
    final VdeSwitch sw;
    private final Path dir;
    private final List<String> log;
    private final List<VdeClient> clients = new ArrayList<>();
    private DhcpPort port;

    private DhcpPortSwitch(final Path dir, final List<String> log) throws Exception {
        this.dir = dir;
        this.log = log;
        sw = VdeSwitch.start(SwitchSettings.builder(dir).build(), log::add);
    }

    /** Starts a switch in {@code dir} that logs (and later the port logs) to {@code log}. */
    static DhcpPortSwitch start(final Path dir, final List<String> log) throws Exception {
        return new DhcpPortSwitch(dir, log);
    }

    /** Attaches {@code extension}'s DHCP port to the switch; returns it. */
    DhcpPort attach(final DhcpExtension extension) throws Exception {
        port = extension.attach(RunningSwitch.of(sw), log::add);
        return port;
    }

    /** A raw VDE client on a new port, closed with the fixture. */
    VdeClient connect(final String name) throws Exception {
        final VdeClient c = VdeClient.connect(dir, name);
        clients.add(c);
        return c;
    }

    @Override
    public void close() {
        try {
            clients.forEach(VdeClient::close);
            if (port != null) {
                sw.call(c -> {
                    port.close();
                    return null;
                });
            }
        } finally {
            sw.close();
        }
    }
}
