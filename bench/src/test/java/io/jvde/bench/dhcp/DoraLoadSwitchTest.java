package io.jvde.bench.dhcp;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DoraLoad against a real jvde switch with its DHCP server, on the switch's own tap in a namespace the test creates
 * (what {@code bench/dhcp.sh --client dora} does for server jvde-tap): as a relay agent and as directly attached
 * clients, two seconds each at a low rate, every exchange answered with an ACK and none with a NAK.
 */
@SlowTest
class DoraLoadSwitchTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    Netns ns;
    SwitchUnderTest sw;

    @AfterEach
    void stop() {
        if (ns != null) {
            ns.close();
        }
        if (sw != null) {
            sw.close();
        }
    }

    @Test
    void everyExchangeEndsInAnAckAsRelayAgentAndAsDirectClients() throws IOException {
        Requirements.requireTun();
        final Path yaml = tmp.resolve("jvde.yaml");
        // The tap is port 1; a relay agent's messages are dropped by the DHCP guard unless its port is trusted.
        Files.writeString(yaml, "trustedPorts: [1]\nscopes:\n  - vlan: 0\n    cidr: 198.18.0.0/15\n"
            + "    serverIP: 198.18.0.1\n    pool: {start: 198.19.0.1, end: 198.19.3.254}\n    leaseTime: 3600\n");
        ns = Netns.create();
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), ns, "-t", "tap0", "--dhcp-config", yaml.toString(),
            "--dhcp-lease-file", tmp.resolve("leases").toString(), "--dhcp-quiet");
        assertTrue(ns.awaitLink("tap0", Duration.ofSeconds(10)), "no tap0 in " + ns + "\n" + sw.output());
        ns.linkUp("tap0");
        ns.addAddress("tap0", "198.18.0.2/15");
        final ManagedProcess.Result ping = ns.ping("198.18.0.1", Duration.ofSeconds(15));
        assertTrue(ping.ok(), "jvde's server address: " + ping.output() + "\n" + sw.output());

        final Map<String, String> relayed = dora("--relay", "198.18.0.2", "198.18.0.1");
        assertAllAcknowledged(relayed);
        final Map<String, String> direct = dora();
        assertAllAcknowledged(direct);
        assertEquals("direct", direct.get("mode"));
    }

    private static void assertAllAcknowledged(final Map<String, String> r) {
        final String all = r.toString();
        assertTrue(Integer.parseInt(r.get("discover_sent")) > 0, all);
        assertTrue(Integer.parseInt(r.get("ack_recv")) > 0, "completed exchanges: " + all);
        assertEquals("0", r.get("nak_recv"), all);
        assertEquals("0", r.get("ack_address_mismatch"), all);
        assertEquals("0", r.get("offer_without_server_id"), all);
        assertEquals(r.get("offer_recv"), r.get("request_sent"), "a REQUEST for every OFFER: " + all);
        assertEquals("0", r.get("socket_drops"), "no reply lost in the generator's own socket: " + all);
        assertTrue(Long.parseLong(r.get("allocated_bytes")) < 4096,
            "nothing allocated per packet or per tick (~550 bytes for the step, all of it the MXBean calls): " + all);
    }

    /** Runs DoraLoad in the namespace on tap0 for 2 s at 100/s with 50 clients; its figures by key. */
    private Map<String, String> dora(final String... extra) {
        final List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            DoraLoad.class.getName(), "--interface", "tap0", "--rate", "100", "--period", "2", "--clients", "50"));
        command.addAll(List.of(extra));
        final ManagedProcess.Result r = ns.exec(RUN_LIMIT, command.toArray(String[]::new));
        assertTrue(r.ok(), "DoraLoad " + String.join(" ", extra) + ": " + r.output() + "\n" + sw.output());
        final Map<String, String> values = new HashMap<>();
        for (String line : r.output().split("\n")) {
            final String[] kv = line.trim().split(" ", 2);
            if (kv.length == 2) {
                values.put(kv[0], kv[1]);
            }
        }
        return values;
    }
}
