package io.jvde.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jvde.app.console.MgmtClient;
import io.jvde.testsupport.Frames;
import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.RepoRoot;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import io.jvde.testsupport.VdePlugPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 against real tools: tshark reads what {@code --pcap} and {@code jvde capture -w -} write; a capture
 * reader that never reads loses frames (counted), the switch forwards on; the event stream and {@code ctl wait}
 * drive openQA's port/VLAN sequence without a race.
 */
@Tag("slow")
@Timeout(300)
class ObserveIT {
    static final Duration CONSOLE = Duration.ofSeconds(10);
    static final long MAC_A = 0x0250_0000_001AL;
    static final long MAC_B = 0x0250_0000_001BL;
    static final int FRAMES = 60;

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    final List<VdePlugPeer> peers = new ArrayList<>();
    final List<ManagedProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        peers.forEach(VdePlugPeer::close);
        processes.forEach(ManagedProcess::close);
        if (sw != null) {
            sw.close();
        }
    }

    static String jvde() {
        return RepoRoot.find().resolve("bin/jvde").toString();
    }

    VdePlugPeer peer(final int port, final String name) {
        final VdePlugPeer p = VdePlugPeer.attach(sw.directory(), port, name);
        peers.add(p);
        return p;
    }

    /** A frame numbered {@code n} in its payload; every third one tagged with VID 100 (transparent forwarding). */
    static byte[] frame(final long dst, final long src, final int n) {
        final byte[] f = Frames.untagged(dst, src, 0x88b5, 60 + (n % 7) * 100);
        f[14] = (byte) (n >>> 8);
        f[15] = (byte) n;
        f[16] = (byte) (src & 0xFF);
        return n % 3 == 0 ? Frames.withTag(f, 100) : f;
    }

    /** tshark's view of a pcapng file: per interface name, the raw frames in order; also the VLAN ids it decoded. */
    static Map<String, List<String>> tsharkFrames(final Path file, final List<String> vlanIds) throws IOException {
        final Path tshark = Requirements.requireCommand("tshark");
        final Path json = Path.of(file + ".json"); // a file: the process log keeps a bounded number of lines
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(60), "sh", "-c", "exec "
            + tshark + " -r " + file + " -T json -x > " + json);
        assertEquals(0, r.exitCode(), r.output());
        final JsonNode packets = new ObjectMapper().readTree(json.toFile());
        final Map<String, List<String>> byInterface = new HashMap<>();
        for (final JsonNode p : packets) {
            final JsonNode layers = p.path("_source").path("layers");
            final String name = layers.path("frame").path("frame.interface_id_tree").path("frame.interface_name")
                .asText(layers.path("frame").path("frame.interface_name").asText());
            byInterface.computeIfAbsent(name, k -> new ArrayList<>()).add(layers.path("frame_raw").get(0).asText());
            if (layers.has("vlan")) {
                vlanIds.add(layers.path("vlan").path("vlan.id").asText());
            }
        }
        return byInterface;
    }

    @Test
    void shouldWriteEveryFrameOfTwoVdePlugPeersByteIdenticalForTsharkFromPcapAndFromLiveCapture() throws Exception {
        Requirements.requireCommand("tshark");
        final Path pcap = tmp.resolve("all.pcapng");
        final Path live = tmp.resolve("live.pcapng");
        final Path mgmt = tmp.resolve("mgmt");
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "--pcap", pcap.toString(), "-M", mgmt.toString());
        awaitObservability(mgmt);
        final ManagedProcess capture = ManagedProcess.builder("sh", "-c", "exec " + jvde() + " capture -s "
            + sw.directory() + " -w - > " + live).name("jvde-capture").stdinFromNull().start();
        processes.add(capture);
        awaitCaptures(2, mgmt);
        final VdePlugPeer a = peer(VdePlugPeer.ANY_PORT, "peer-a");
        final VdePlugPeer b = peer(VdePlugPeer.ANY_PORT, "peer-b");
        final List<String> sentA = new ArrayList<>();
        final List<String> sentB = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            final byte[] fa = frame(i % 2 == 0 ? MAC_B : 0xFFFF_FFFF_FFFFL, MAC_A, i);
            final byte[] fb = frame(MAC_A, MAC_B, i);
            a.send(fa);
            sentA.add(HexFormat.of().formatHex(fa));
            assertNotNull(b.receive(f -> java.util.Arrays.equals(f, fa), Duration.ofSeconds(3)), "a -> b " + i);
            b.send(fb);
            sentB.add(HexFormat.of().formatHex(fb));
            assertNotNull(a.receive(f -> java.util.Arrays.equals(f, fb), Duration.ofSeconds(3)), "b -> a " + i);
        }
        sw.close(); // ends both captures: the writers flush, write the statistics and close
        assertTrue(capture.awaitExit(Duration.ofSeconds(20)), "jvde capture exits when the switch stops");
        assertEquals(0, capture.exitCode(Duration.ofSeconds(1)), capture.output());
        for (final Path file : List.of(pcap, live)) {
            final List<String> vlans = new ArrayList<>();
            final Map<String, List<String>> got = tsharkFrames(file, vlans);
            assertEquals(sentA, got.get("port " + a.port()), file + ": every frame from peer a, byte-identical");
            assertEquals(sentB, got.get("port " + b.port()), file + ": every frame from peer b, byte-identical");
            assertEquals(2 * ((FRAMES + 2) / 3), vlans.stream().filter("100"::equals).count(),
                file + ": tagged frames keep their tags");
        }
    }

    @Test
    void shouldDropAndCountForACaptureReaderThatNeverReadsWhileForwardingEveryFrame() throws Exception {
        final Path mgmt = tmp.resolve("mgmt");
        // a long stall timeout: on a loaded machine vde_plug may pause longer than the default 200 ms, and frames
        // dropped for a stalled receiver are not what this test is about
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "-M", mgmt.toString(), "--capture-ring", "65536",
            "--stall-timeout", "10000");
        awaitObservability(mgmt);
        final VdePlugPeer a = peer(VdePlugPeer.ANY_PORT, "sender");
        final VdePlugPeer b = peer(VdePlugPeer.ANY_PORT, "receiver");
        final long withoutReader = blast(a, b, 3000);
        try (SocketChannel deaf = SocketChannel.open(UnixDomainSocketAddress.of(sw.directory().resolve("capture")))) {
            deaf.write(ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8))); // then never reads
            awaitCaptures(1, mgmt);
            final long withDeafReader = blast(a, b, 3000);
            final String portPrint = console(mgmt, "port/print " + a.port());
            assertTrue(portPrint.contains("CAPTURE: dropped"), portPrint);
            System.out.printf("ObserveIT: 3000 frames a->b: %d ms without a capture, %d ms with a reader that"
                + " never reads (%s)%n", withoutReader / 1_000_000, withDeafReader / 1_000_000,
                portPrint.lines().filter(l -> l.contains("CAPTURE")).findFirst().orElse(""));
        }
    }

    @Test
    void shouldServeMetricsThatPromtoolAcceptsAndThatCountTraffic() throws Exception {
        final Path promtool = Requirements.requireCommand("promtool");
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        final Path mgmt = tmp.resolve("mgmt");
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "--metrics", "127.0.0.1:" + port,
            "--dhcp-lease-file", "memory", "-M", mgmt.toString());
        awaitObservability(mgmt); // the metrics server listens before the console opens
        final VdePlugPeer a = peer(VdePlugPeer.ANY_PORT, "a");
        final VdePlugPeer b = peer(VdePlugPeer.ANY_PORT, "b");
        final String before = scrape(port, "/metrics");
        final Path file = tmp.resolve("metrics.txt");
        java.nio.file.Files.writeString(file, before);
        final ManagedProcess.Result check = ManagedProcess.run(Duration.ofSeconds(30), "sh", "-c",
            "exec " + promtool + " check metrics < " + file);
        assertEquals(0, check.exitCode(), "promtool check metrics:\n" + check.output() + "\n" + before);
        final double rxBefore = value(before, "jvde_port_rx_frames_total{port=\"" + a.port() + "\"}");
        final long plain = blast(a, b, 2000);
        // scraping while the switch forwards at full speed: measured and reported, not asserted (shared machine)
        final Thread scraper = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                try {
                    scrape(port, "/metrics");
                } catch (IOException e) {
                    return;
                }
            }
        });
        scraper.start();
        final long scraped = blast(a, b, 2000);
        scraper.join(60_000);
        final String after = scrape(port, "/metrics");
        assertTrue(value(after, "jvde_port_rx_frames_total{port=\"" + a.port() + "\"}") >= rxBefore + 4000, after);
        assertTrue(value(after, "jvde_port_tx_frames_total{port=\"" + b.port() + "\"}") >= 4000, after);
        assertTrue(after.contains("jvm_memory_used_bytes"), "JVM metrics are there");
        assertEquals(240, value(after, "jvde_dhcp_pool_size{scope=\"default\",vlan=\"0\"}"), after);
        final JsonNode status = new ObjectMapper().readTree(scrape(port, "/status"));
        assertTrue(status.path("ports").size() >= 2, status.toString());
        System.out.printf("ObserveIT: 2000 frames a->b: %d ms, and %d ms while /metrics was scraped 50 times%n",
            plain / 1_000_000, scraped / 1_000_000);
    }

    private static String scrape(final int port, final String path) throws IOException {
        final java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:" + port
            + path).openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        try (java.io.InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The value of the sample line starting with {@code series}, or -1. */
    private static double value(final String text, final String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
            l.substring(series.length() + 1).trim())).findFirst().orElse(-1);
    }

    /** Sends {@code n} unicast frames a -> b and waits until b got every one; returns the nanoseconds it took. */
    private long blast(final VdePlugPeer a, final VdePlugPeer b, final int n) {
        b.send(frame(MAC_A, MAC_B, 0)); // b learned, so a's frames are unicast
        a.collect(Duration.ofMillis(200));
        final long start = System.nanoTime();
        int got = 0;
        for (int i = 0; i < n; i++) {
            a.send(frame(MAC_B, MAC_A, i + 1));
            got += b.drain().size();
        }
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (got < n && System.nanoTime() < deadline) {
            final byte[] f = b.receive(Duration.ofMillis(200));
            if (f != null) {
                got++;
            }
        }
        assertEquals(n, got, "every frame forwarded; " + sw.output());
        return System.nanoTime() - start;
    }

    @Test
    void shouldSetTheVlanOfAPortOnlyAfterItsClientConnectedInFiftyRunsOfOpenQasSequence() throws Exception {
        final Path mgmt = tmp.resolve("mgmt");
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "-M", mgmt.toString());
        final List<String> events = new ArrayList<>();
        final Path eventsSocket = awaitObservability(mgmt).resolve("events");
        try (SocketChannel stream = SocketChannel.open(UnixDomainSocketAddress.of(eventsSocket))) {
            final BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(stream),
                StandardCharsets.UTF_8));
            int wrong = 0;
            for (int run = 0; run < 50; run++) {
                final int port = 16 + run % 4;
                final int vlan = 10 + run % 5;
                console(mgmt, "port/remove " + port); // openQA does this first; fails harmlessly when absent
                console(mgmt, "port/create " + port);
                final VdePlugPeer client = VdePlugPeer.attach(sw.directory(), port, "qemu-" + run);
                try {
                    // the harness waits for the event instead of sleeping (the console command behind jvde ctl wait)
                    final MgmtClient.Answer waited = MgmtClient.run(mgmt, "event/wait port-connected " + port + " 20",
                        Duration.ofSeconds(30));
                    assertEquals(MgmtClient.Outcome.SUCCESS, waited.outcome(), waited.toString());
                    console(mgmt, "vlan/create " + vlan);
                    console(mgmt, "port/setvlan " + port + " " + vlan);
                    if (!console(mgmt, "port/print " + port).contains("untagged_vlan=" + String.format("%04d", vlan))) {
                        wrong++;
                    }
                } finally {
                    client.close();
                }
                final MgmtClient.Answer removed = removeWhenInactive(mgmt, port);
                assertEquals(MgmtClient.Outcome.SUCCESS, removed.outcome(), removed.toString());
            }
            assertEquals(0, wrong, "ports left in the wrong VLAN");
            // the stream saw it too, in order: created, connected, membership, disconnected, removed
            final ObjectMapper json = new ObjectMapper();
            long lastSeq = 0;
            final long deadline = System.nanoTime() + 10_000_000_000L;
            int removedSeen = 0;
            while (removedSeen < 50 && System.nanoTime() < deadline) {
                final String line = in.readLine();
                assertNotNull(line, "the event stream stays open");
                events.add(line);
                final JsonNode e = json.readTree(line);
                if (!e.path("snapshot").asBoolean()) {
                    assertTrue(e.path("seq").asLong() > lastSeq, "seq increases: " + line);
                    lastSeq = e.path("seq").asLong();
                }
                if (e.path("event").asText().equals("port.removed") && e.path("port").asInt() >= 16) {
                    removedSeen++;
                }
            }
            assertEquals(50, removedSeen, String.join("\n", events));
        }
        // jvde ctl --json, through the CLI: the VLANs the runs created, the DHCP-less switch's ports
        final ManagedProcess.Result vlans = ManagedProcess.run(Duration.ofSeconds(30), jvde(), "ctl", "-s",
            mgmt.toString(), "--json", "vlan/print");
        assertEquals(0, vlans.exitCode(), vlans.output());
        final JsonNode vlanJson = new ObjectMapper().readTree(vlans.output().substring(vlans.output().indexOf('[')));
        assertEquals(List.of("0", "10", "11", "12", "13", "14"), vlanJson.findValuesAsText("vlan"));
        final JsonNode ports = new ObjectMapper().readTree(jsonCommand(mgmt, "port/allprint"));
        assertTrue(ports.isArray(), ports.toString());
        final ManagedProcess.Result waitCli = ManagedProcess.run(Duration.ofSeconds(30), jvde(), "ctl", "-s",
            mgmt.toString(), "wait", "--port-connected", "40", "--timeout", "1");
        assertEquals(3, waitCli.exitCode(), "jvde ctl wait times out with status 3: " + waitCli.output());
        assertTrue(waitCli.output().contains("1110 Connection timed out"), waitCli.output());
    }

    @Test
    void shouldStreamConnectedMacLearnedAndLeaseBoundInOrderWhileAQemuGuestBoots() throws Exception {
        Requirements.requireGuestImage();
        final String mac = "52:54:00:12:0b:01";
        final Path mgmt = tmp.resolve("mgmt");
        sw = SwitchUnderTest.start(Kind.JVDE, tmp.resolve("sw"), "--dhcp-lease-file", "memory", "-M",
            mgmt.toString());
        final Path eventsSocket = awaitObservability(mgmt).resolve("events");
        final List<JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        final ObjectMapper json = new ObjectMapper();
        try (SocketChannel stream = SocketChannel.open(UnixDomainSocketAddress.of(eventsSocket))) {
            final Thread reader = new Thread(() -> {
                try {
                    final BufferedReader in = new BufferedReader(new InputStreamReader(
                        Channels.newInputStream(stream), StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null) {
                        events.add(json.readTree(line));
                    }
                } catch (IOException e) {
                    // the test closed the stream
                }
            }, "events-reader");
            reader.setDaemon(true);
            reader.start();
            final io.jvde.testsupport.QemuGuest guest = io.jvde.testsupport.QemuGuest.boot(sw.directory(), mac,
                "jvde.mode=dhcp", "jvde.timeout=80");
            try {
                final String ip = guest.awaitLease(io.jvde.testsupport.QemuGuest.BOOT_TIMEOUT);
                assertNotNull(ip, guest.console() + "\n" + sw.output());
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (indexOf(events, "lease.bound", mac) < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                final int connected = indexOf(events, "endpoint.connected", null);
                final int learned = indexOf(events, "mac.learned", mac);
                final int bound = indexOf(events, "lease.bound", mac);
                final String all = events.toString();
                assertTrue(connected >= 0 && learned > connected && bound > learned,
                    "connected " + connected + " < learned " + learned + " < bound " + bound + ": " + all);
                assertEquals(ip, events.get(bound).path("ip").asText(), all);
                assertEquals(events.get(connected).path("port").asInt(), events.get(bound).path("port").asInt(),
                    "the lease names the guest's port: " + all);
                // jvde ctl --json: the same facts, machine-readable
                final JsonNode leases = json.readTree(jsonCommand(mgmt, "dhcp/leases"));
                assertTrue(leases.findValuesAsText("mac").contains(mac), leases.toString());
                assertEquals(ip, leases.get(0).path("ip").asText(), leases.toString());
                final JsonNode scopes = json.readTree(jsonCommand(mgmt, "dhcp/scopes"));
                assertEquals(1, scopes.path("scopes").get(0).path("bound").asInt(), scopes.toString());
                assertTrue(scopes.path("exchanges").path("ack").asLong() >= 1, scopes.toString());
                final JsonNode hash = json.readTree(jsonCommand(mgmt, "hash/print"));
                // the guest may have powered off (its port flushed): the DHCP port's own entry is there
                assertTrue(hash.isArray() && hash.size() >= 1 && hash.get(0).has("vlan") && hash.get(0).has("port"),
                    hash.toString());
            } finally {
                guest.close();
            }
        }
    }

    /** The first event of {@code type} (not from the snapshot) about {@code mac} (any when null), or -1. */
    private static int indexOf(final List<JsonNode> events, final String type, final String mac) {
        for (int i = 0; i < events.size(); i++) {
            final JsonNode e = events.get(i);
            if (e.path("event").asText().equals(type) && !e.path("snapshot").asBoolean()
                && (mac == null || mac.equals(e.path("mac").asText()))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Waits until the switch's console answers: the management socket opens after every extension started, so the
     * capture and events sockets listen by then (ctl answers earlier). Returns the switch directory.
     */
    private Path awaitObservability(final Path mgmt) throws InterruptedException {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (MgmtClient.run(mgmt, "pdump/print", CONSOLE).outcome() == MgmtClient.Outcome.SUCCESS) {
                return sw.directory();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the console never answered: " + sw.output());
    }

    /** {@code json/COMMAND} on the console (what {@code jvde ctl --json COMMAND} sends): its one data line. */
    private static String jsonCommand(final Path mgmt, final String command) {
        final MgmtClient.Answer a = MgmtClient.run(mgmt, "json/" + command, CONSOLE);
        assertEquals(MgmtClient.Outcome.SUCCESS, a.outcome(), a.toString());
        return String.join("\n", a.data());
    }

    private MgmtClient.Answer removeWhenInactive(final Path mgmt, final int port) throws InterruptedException {
        MgmtClient.Answer a = null;
        for (int i = 0; i < 100; i++) {
            a = MgmtClient.run(mgmt, "port/remove " + port, CONSOLE);
            if (a.outcome() == MgmtClient.Outcome.SUCCESS) {
                return a;
            }
            Thread.sleep(20); // the client's disconnect is still on its way
        }
        return a;
    }

    private String console(final Path mgmt, final String command) {
        final MgmtClient.Answer a = MgmtClient.run(mgmt, command, CONSOLE);
        return a.toString();
    }

    /** Waits until {@code n} captures run (pdump/print lists them). */
    private void awaitCaptures(final int n, final Path mgmt) throws InterruptedException {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (console(mgmt, "pdump/print").lines().filter(l -> l.startsWith("capture")).count() >= n) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
