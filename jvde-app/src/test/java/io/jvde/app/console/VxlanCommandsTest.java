package io.jvde.app.console;

import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.sw.vxlan.VxlanSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vxlan/print, vxlan/addpeer and vxlan/delpeer against an in-process switch with an uplink on loopback. */
class VxlanCommandsTest {
    @TempDir
    Path tmp;
    VdeSwitch sw;
    Console console;
    final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.MGMT);
    int port;

    @BeforeEach
    void start() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = s.getLocalPort();
        }
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).vxlan(VxlanSettings.builder()
            .local("127.0.0.1:" + port).peer("127.0.0.2").vni("42=10").sourcePorts(1).build()).build(), l -> { });
        final CommandRegistry registry = new CommandRegistry();
        SwitchCommands.register(registry, sw);
        VxlanCommands.register(registry, EngineAccess.of(sw));
        console = new Console(registry, l -> { }, () -> { });
    }

    @AfterEach
    void stop() {
        sw.close();
    }

    String run(final String line) {
        return console.execute(line + "\n", session);
    }

    @Test
    void printsAddsAndDeletesPeers() {
        assertEquals("0000 DATA END WITH '.'\n"
            + "local 127.0.0.1:" + port + "\n"
            + "inner mtu 1450\n"
            + "socket buffers rcv N snd N\n"
            + "offload segmented sends on (0 made), coalesced receive on (0 datagrams)\n"
            + "dhcp trusted yes\n"
            + "vni 42 vlan 10\n"
            + "peer 127.0.0.2:" + port + " static port 32 rx 0 frames 0 bytes tx 0 frames 0 bytes\n"
            + ".\n1000 Success\n", run("vxlan/print").replaceAll("rcv \\d+ snd \\d+", "rcv N snd N"));
        assertTrue(run("vxlan/addpeer 127.0.0.3:8472").endsWith("1000 Success\n"));
        assertTrue(run("vxlan/print").contains("peer 127.0.0.3:8472 static port 33 "));
        assertTrue(run("vxlan/addpeer 127.0.0.3").endsWith("1022 Invalid argument\n"), "already a peer");
        assertTrue(run("vxlan/addpeer 300.0.0.1").endsWith("1022 Invalid argument\n"));
        assertEquals("1000 Success\n", run("vxlan/delpeer 127.0.0.3"));
        assertTrue(!run("vxlan/print").contains("127.0.0.3"));
        assertTrue(run("vxlan/delpeer 127.0.0.3").endsWith("1006 No such device or address\n"));
    }
}
