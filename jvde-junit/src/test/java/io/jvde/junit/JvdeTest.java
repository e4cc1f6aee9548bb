package io.jvde.junit;

import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding API on a real in-process switch, with jvde's own VDE client as the DHCP client. */
@Timeout(60)
class JvdeTest {
    private static final String MAC = "52:54:00:aa:00:01";

    @Test
    void defaultSwitchServesDhcpAndAwaitLeaseReturnsTheAcknowledgedAddress() throws Exception {
        try (Jvde jvde = Jvde.builder().log(line -> { }).start();
             VdeClient client = VdeClient.connect(jvde.socketPath(), "jvde-junit test")) {
            client.send(ClientFrame.discover(MAC).frame());
            final ReplyView offer = reply(client);
            final String ip = Ipv4Address.toString(offer.yiaddr);
            assertTrue(ip.startsWith("10.86.68."), ip);
            client.send(ClientFrame.request(MAC).requestedIp(ip).serverId("10.86.68.254").frame());
            final Lease lease = jvde.awaitLease(MAC, Duration.ofSeconds(20));
            assertEquals(ip, lease.ip());
            assertEquals(0, lease.vlan());
            assertTrue(lease.bound());
            assertTrue(jvde.leases().contains(lease), jvde.leases().toString());
            assertTrue(jvde.logLines("dhcp:").stream().anyMatch(l -> l.text().contains("DHCPACK " + ip)),
                jvde.logLines().toString());
        }
    }

    @Test
    void awaitLeaseFailsAfterItsTimeoutNamingTheMac() {
        try (Jvde jvde = Jvde.builder().log(line -> { }).start()) {
            final AssertionError e = assertThrows(AssertionError.class,
                () -> jvde.awaitLease("52:54:00:aa:00:99", Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("52:54:00:aa:00:99"), e.getMessage());
        }
    }

    @Test
    void qemuNetdevArgsMakeThePortAnUntaggedMemberOfTheVlan() {
        try (Jvde jvde = Jvde.builder().log(line -> { }).vlans(10).start()) {
            final List<String> args = jvde.qemuNetdevArgs(3, 10);
            assertEquals(List.of("-netdev", "vde,id=jvde3,sock=" + jvde.socketPath() + ",port=3"), args);
            final String port = String.join("\n", jvde.console("port/allprint 3"));
            assertTrue(port.contains("Port 0003 untagged_vlan=0010"), port);
            // a second NIC on a VLAN not created beforehand
            jvde.qemuNetdevArgs(4, 20);
            assertTrue(String.join("\n", jvde.console("port/allprint 4")).contains("untagged_vlan=0020"));
        }
    }

    @Test
    void scopesFromYamlAndTheRelayRunTogether() {
        final String dhcp = "scopes:\n  - {vlan: 10, cidr: 10.0.10.0/24, pool: {start: 10.0.10.10, end: 10.0.10.99}}\n";
        final String relay = "upstream: {vlan: 99, address: 10.99.0.254/24}\nservers: [10.99.0.1]\n"
            + "vlans:\n  - {vlan: 20, address: 10.20.0.1/24}\n";
        try (Jvde jvde = Jvde.builder().log(line -> { }).dhcp(dhcp).relay(relay).start()) {
            final String scopes = String.join("\n", jvde.console("dhcp/scopes"));
            assertTrue(scopes.contains("10.0.10.0/24"), scopes);
            final String relays = String.join("\n", jvde.console("dhcp/relay"));
            assertTrue(relays.contains("10.20.0.1"), relays);
            final String guard = String.join("\n", jvde.console("dhcp/guard"));
            assertFalse(guard.isBlank(), "the guard runs too");
        }
    }

    @Test
    void aConfigurationTheCommandLineRefusesIsRefusedWithItsMessage() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jvde.builder()
            .log(line -> { }).args("--dhcp-range", "10.0.0.300,10.0.0.20").start());
        assertTrue(e.getMessage().contains("--dhcp-range"), e.getMessage());
    }

    @Test
    void closeStopsTheSwitchAndRemovesItsDirectory() {
        final Jvde jvde = Jvde.builder().log(line -> { }).start();
        final Path dir = jvde.socketPath();
        assertTrue(Files.exists(dir.resolve("ctl")));
        jvde.close();
        assertFalse(Files.exists(dir), "directory removed: " + dir);
        jvde.close();
    }

    /** The first DHCP reply (UDP 67 to 68) the client receives, skipping other frames; bounded. */
    private static ReplyView reply(final VdeClient client) {
        final byte[] buf = new byte[9234];
        for (int i = 0; i < 50; i++) {
            final int n = client.receive(buf, 200);
            if (n > 0) {
                final ReplyView v = new ReplyView(Arrays.copyOf(buf, n));
                if (v.etherType == 0x0800 && v.udpSrc == 67 && v.udpDst == 68) {
                    return v;
                }
            }
        }
        throw new AssertionError("no DHCP reply within 10 s");
    }
}
