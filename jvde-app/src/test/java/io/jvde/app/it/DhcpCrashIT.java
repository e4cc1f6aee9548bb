package io.jvde.app.it;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, must-have 6: {@code kill -9} of the switch during a burst of DORAs, restart on the same lease file: the
 * journal is replayed, every lease a client saw acknowledged is still there, and no address goes to two clients.
 * The clients are raw VDE clients in this JVM, so the test knows exactly which ACKs arrived before the kill.
 */
@SlowTest
class DhcpCrashIT {
    static final int WAVE = 25;
    static final int WAVES_BEFORE_KILL = 3;
    static final Duration CONSOLE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    VdeClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (sw != null) {
            sw.close();
        }
    }

    SwitchUnderTest start(final String dir) {
        if ("engine".equals(System.getProperty("jvde.launcher", System.getenv("jvde.launcher")))) {
            Requirements.unmet("jvde.launcher=engine runs the bare engine, which has no DHCP server");
        }
        return SwitchUnderTest.start(Kind.JVDE, tmp.resolve(dir), "--dhcp-range", "10.86.68.10,10.86.68.249",
            "--dhcp-lease-file", tmp.resolve("leases").toString());
    }

    static String mac(final int n) {
        return String.format(Locale.ROOT, "52:54:00:ee:%02x:%02x", n >>> 8, n & 0xFF);
    }

    /** Sends one frame per client of the wave, then collects the replies by xid until all came or 3 s passed. */
    static Map<Integer, ReplyView> exchange(final VdeClient c, final Map<Integer, byte[]> framesByXid) {
        framesByXid.values().forEach(c::send);
        final Map<Integer, ReplyView> replies = new HashMap<>();
        final byte[] buf = new byte[2048];
        final long deadline = System.nanoTime() + 3_000_000_000L;
        while (replies.size() < framesByXid.size() && System.nanoTime() < deadline) {
            final int n = c.receive(buf, 50);
            if (n <= 0) {
                continue;
            }
            final byte[] f = Arrays.copyOf(buf, n);
            if (Bytes.uint16(f, 12) == 0x0800 && f[23] == 17) {
                final ReplyView v = new ReplyView(f);
                if (v.udpDst == 68 && framesByXid.containsKey(v.xid)) {
                    replies.put(v.xid, v);
                }
            }
        }
        return replies;
    }

    /** DISCOVER and REQUEST for clients first..first+WAVE-1; returns the MAC -> address of every ACK seen. */
    static Map<String, String> wave(final VdeClient c, final int first, final Runnable afterRequests) {
        final Map<Integer, byte[]> discovers = new LinkedHashMap<>();
        for (int i = first; i < first + WAVE; i++) {
            discovers.put(i, ClientFrame.discover(mac(i)).xid(i).frame());
        }
        final Map<Integer, ReplyView> offers = exchange(c, discovers);
        final Map<Integer, byte[]> requests = new LinkedHashMap<>();
        offers.forEach((xid, offer) -> requests.put(xid, ClientFrame.request(mac(xid)).xid(xid)
            .requestedIp(Bytes.ip(offer.yiaddr)).serverId(Bytes.ip(offer.optionInt(54))).frame()));
        requests.values().forEach(c::send);
        afterRequests.run();
        final Map<String, String> leased = new HashMap<>();
        final byte[] buf = new byte[2048];
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (leased.size() < requests.size() && System.nanoTime() < deadline) {
            final int n = c.receive(buf, 50);
            if (n <= 0) {
                continue;
            }
            final byte[] f = Arrays.copyOf(buf, n);
            if (Bytes.uint16(f, 12) == 0x0800 && f[23] == 17) {
                final ReplyView v = new ReplyView(f);
                if (v.udpDst == 68 && requests.containsKey(v.xid) && v.messageType() == 5) {
                    leased.put(mac(v.xid), Bytes.ip(v.yiaddr));
                }
            }
        }
        return leased;
    }

    @Test
    void shouldKeepEveryAcknowledgedLeaseAndNeverDoubleAssignAfterKill9() throws Exception {
        sw = start("sw");
        client = VdeClient.connect(sw.directory(), "burst");
        final Map<String, String> acknowledged = new HashMap<>();
        int next = 1;
        for (int w = 0; w < WAVES_BEFORE_KILL; w++) {
            acknowledged.putAll(wave(client, next, () -> { }));
            next += WAVE;
        }
        // a client whose reply was late simply is not counted (a real one would retransmit); most must be served
        assertTrue(acknowledged.size() >= WAVE, "clients served before the kill: " + acknowledged.size() + "\n"
            + sw.output());
        // the last wave: kill -9 right after its REQUESTs went out; ACKs that still arrive count as acknowledged
        final long pid = sw.pid();
        acknowledged.putAll(wave(client, next, () -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)));
        next += WAVE;
        assertTrue(ProcessHandle.of(pid).map(p -> p.onExit().thenApply(x -> true)).map(f -> {
            try {
                return f.get();
            } catch (final Exception e) {
                return false;
            }
        }).orElse(true), "the switch is gone");
        client.close();
        client = null;
        sw.close();

        sw = start("sw2");
        final List<String> lines = sw.console("dhcp/leases", CONSOLE);
        final Map<String, String> bound = new HashMap<>();
        final Set<String> addresses = new HashSet<>();
        for (final String line : lines) {
            final String[] f = line.split(" ");
            if (f.length >= 5 && f[0].equals("vlan") && f[4].equals("bound")) {
                bound.put(f[3], f[2]);
                assertTrue(addresses.add(f[2]), "address " + f[2] + " listed twice:\n" + String.join("\n", lines));
            }
        }
        for (final Map.Entry<String, String> e : acknowledged.entrySet()) {
            assertEquals(e.getValue(), bound.get(e.getKey()), "acknowledged lease of " + e.getKey()
                + " survived the kill:\n" + String.join("\n", lines));
        }
        // new clients get none of the acknowledged addresses; a returning client gets its own back
        client = VdeClient.connect(sw.directory(), "after");
        final Map<String, String> fresh = wave(client, next, () -> { });
        assertFalse(fresh.isEmpty(), sw.output());
        assertEquals(fresh.size(), new HashSet<>(fresh.values()).size(), "distinct addresses for new clients");
        for (final String ip : fresh.values()) {
            assertFalse(acknowledged.containsValue(ip), ip + " was already acknowledged to another client");
        }
        final String returning = acknowledged.keySet().iterator().next();
        final Map<Integer, byte[]> discover = Map.of(9999, ClientFrame.discover(returning).xid(9999).frame());
        final ReplyView offer = exchange(client, discover).get(9999);
        assertNotNull(offer, sw.output());
        assertEquals(acknowledged.get(returning), Bytes.ip(offer.yiaddr), "the returning client's own address");
    }
}
