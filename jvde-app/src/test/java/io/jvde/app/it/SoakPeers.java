package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real peers of the soak, beside its own churn: Kea's perfdhcp (DORA and RELEASE, as a relay on a trusted port of
 * VLAN 30), real clients (udhcpc and dhclient by turns) attaching, leasing, releasing and detaching in a loop on a
 * served VLAN (31) and on a relayed VLAN (10, relayed to dnsmasq on VLAN 99), and the Prometheus {@code /metrics}
 * endpoint scraped once a second. Each loop runs on its own thread until {@link #stop()}; every step is bounded by
 * its own timeout, every process is ended by PID.
 */
final class SoakPeers {
    /**
     * The YAML beside the soak's default scope: perfdhcp's scope, the real clients' scope, the relayed VLAN. A
     * declined address comes back after 2 minutes, not the default 24 h: the rounds decline one address every 20
     * rounds, which would use up VLAN 0's 240 addresses in an hour-long soak (and the probation's end is churn too).
     */
    static final String CONFIG = """
        declineProbationSeconds: 120
        scopes:
          - {vlan: 0, cidr: 10.86.68.0/24, pool: {start: 10.86.68.10, end: 10.86.68.249}, leaseTime: 1h}
          - {vlan: 30, cidr: 10.30.0.0/16, pool: {start: 10.30.1.0, end: 10.30.200.255}, leaseTime: 60}
          - {vlan: 31, cidr: 10.31.0.0/24, pool: {start: 10.31.0.10, end: 10.31.0.200}, leaseTime: 60}
        relay:
          upstream: {vlan: 99, address: 10.99.0.254/24}
          servers: [10.99.0.1]
          vlans:
            - {vlan: 10, address: 10.10.0.1/24}
        """;
    /** perfdhcp's leases run out this long after it stops (VLAN 30's lease time plus the expiry tick). */
    static final Duration PERFDHCP_LEASES_GONE = Duration.ofSeconds(75);
    /** The real clients' MACs (02:50:53:...) are churn: the MAC table must forget them once they detached. */
    static final String CLIENT_MAC_PREFIX = "02:50:53:00:00:";
    static final String SERVER_MAC = "02:6a:76:64:65:01";
    private static final Pattern OBTAINED = Pattern.compile("lease of \\S+ obtained");
    private static final Pattern STATS = Pattern.compile("\\*\\*\\*Statistics for: ([A-Z-]+)\\*\\*\\*\\s*"
        + "sent packets: (\\d+)\\s*received packets: (\\d+)");

    private final DhcpLab lab;
    private final Function<String, List<String>> console;
    private final int metricsPort;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Netns> clientHosts = new ArrayList<>();
    private volatile boolean running = true;
    final AtomicLong perfdhcpRuns = new AtomicLong();
    final AtomicLong perfdhcpDiscovers = new AtomicLong();
    final AtomicLong perfdhcpOffers = new AtomicLong();
    final AtomicLong perfdhcpRequests = new AtomicLong();
    final AtomicLong perfdhcpAcks = new AtomicLong();
    final AtomicLong perfdhcpReleases = new AtomicLong();
    final AtomicLong servedLeases = new AtomicLong();
    final AtomicLong servedMisses = new AtomicLong();
    final AtomicLong relayedLeases = new AtomicLong();
    final AtomicLong relayedMisses = new AtomicLong();
    /** Served leases still bound 10 s after the client released: [udhcpc, dhclient]. */
    final AtomicLong[] releasesNotSeen = {new AtomicLong(), new AtomicLong()};
    /** For the first releases not seen: what the switch logged about the client's MAC and port. */
    final List<String> releaseDetails = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The switch's last 12 log lines (stderr; not the console's answers) naming {@code mac} or {@code port}. */
    static String logAbout(final String output, final String mac, final int port) {
        final String portWord = "port " + port + " ";
        final String portColon = "port " + port + ":";
        final List<String> hits = new ArrayList<>();
        for (final String line : output.split("\n")) {
            if (!line.startsWith("[out]") && (line.contains(mac) || line.contains(portWord)
                || line.contains(portColon))) {
                hits.add(line);
            }
        }
        return String.join(" || ", hits.subList(Math.max(0, hits.size() - 12), hits.size()));
    }
    final AtomicLong scrapes = new AtomicLong();
    final AtomicLong scrapeFailures = new AtomicLong();
    volatile String lastFailure = "";

    SoakPeers(final DhcpLab lab, final Function<String, List<String>> console, final int metricsPort) {
        this.lab = lab;
        this.console = console;
        this.metricsPort = metricsPort;
    }

    /** dnsmasq upstream of the relay and perfdhcp's namespace, attached for the whole run (part of the baseline). */
    void attachStaticPeers(final Path tmp) throws Exception {
        final Path dnsmasq = Requirements.requireCommand("dnsmasq");
        Requirements.requireCommand("perfdhcp");
        Requirements.requireCommand("udhcpc");
        Requirements.requireCommand("dhclient");
        final Netns server = lab.host(99, "02:50:54:00:00:99", "10.99.0.1/24");
        server.run("ip", "route", "add", "10.10.0.0/24", "via", "10.99.0.254");
        final Path log = tmp.resolve("dnsmasq.log");
        final ManagedProcess p = lab.track(server.start(dnsmasq.toString(), "--no-daemon", "--conf-file=/dev/null",
            "--port=0", "--interface=tap0", "--user=root", "--dhcp-range=10.10.0.100,10.10.0.150,255.255.255.0,1h",
            "--log-facility=" + log, "--dhcp-leasefile=" + tmp.resolve("dnsmasq.leases"),
            "--pid-file=" + tmp.resolve("dnsmasq.pid")));
        DhcpLab.awaitFile(log, "DHCP, IP range", p);
        // perfdhcp is a relay (giaddr = its address): its port is trusted, as a downstream relay's would be
        perf = lab.host(30, "02:50:54:00:00:30", "10.30.0.3/16");
        assertEquals("1000 Success", DhcpLab.last(console.apply("dhcp/trust " + lab.portOf(perf) + " 1")));
        for (int i = 0; i < 2; i++) {
            clientHosts.add(Netns.create());
        }
    }

    /** Starts the loops (after the baseline); perfdhcp starts no run after {@code perfdhcpUntilNanos}. */
    void startLoops(final long perfdhcpUntilNanos) {
        this.perfdhcpUntil = perfdhcpUntilNanos;
        start("soak-perfdhcp", () -> perfdhcpLoop(perf));
        start("soak-metrics", this::metricsLoop);
        start("soak-served", () -> clientLoop(clientHosts.get(0), 31, "10.31.0.254", servedLeases, servedMisses, 1));
        start("soak-relayed", () -> clientLoop(clientHosts.get(1), 10, null, relayedLeases, relayedMisses, 2));
    }

    private volatile long perfdhcpUntil = Long.MAX_VALUE;
    private Netns perf;

    private void start(final String name, final Runnable body) {
        final Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | AssertionError e) {
                lastFailure = name + ": " + e;
                running = false;
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** perfdhcp runs of 10 s: 20 exchanges/s (DORA or RELEASE), 400 simulated clients. */
    private void perfdhcpLoop(final Netns ns) {
        final String perfdhcp = Requirements.requireCommand("perfdhcp").toString();
        while (running) {
            if (System.nanoTime() - perfdhcpUntil >= 0) {
                sleep(500);
                continue;
            }
            final ManagedProcess.Result r = ns.exec(Duration.ofSeconds(60), perfdhcp, "-4", "-r", "20", "-F", "5",
                "-R", "400", "-p", "10", "-l", "tap0");
            final Matcher m = STATS.matcher(r.output());
            boolean any = false;
            while (m.find()) {
                any = true;
                final long sent = Long.parseLong(m.group(2));
                final long received = Long.parseLong(m.group(3));
                switch (m.group(1)) {
                    case "DISCOVER-OFFER" -> {
                        perfdhcpDiscovers.addAndGet(sent);
                        perfdhcpOffers.addAndGet(received);
                    }
                    case "REQUEST-ACK" -> {
                        perfdhcpRequests.addAndGet(sent);
                        perfdhcpAcks.addAndGet(received);
                    }
                    case "RELEASE" -> perfdhcpReleases.addAndGet(sent);
                    default -> {
                    }
                }
            }
            if (!any) {
                throw new AssertionError("perfdhcp printed no statistics: " + r.output());
            }
            perfdhcpRuns.incrementAndGet();
        }
    }

    /**
     * A real client attaching (vde_plug2tap), leasing (udhcpc -R, or dhclient then dhclient -r: both release),
     * detaching. {@code server} (served VLAN) gets a permanent neighbour entry once the lease is configured
     * ({@link #knowServer}).
     */
    private void clientLoop(final Netns ns, final int vlan, final String server, final AtomicLong leased,
                            final AtomicLong missed, final int id) {
        final String mac = CLIENT_MAC_PREFIX + String.format("%02x", id);
        // the loops end with perfdhcp, so even a lease a client failed to release (VLAN 31: 60 s) would run out
        // before the end; verify() reports such a release as a failure of its own
        for (long i = 0; running && System.nanoTime() - perfdhcpUntil < 0; i++) {
            final ManagedProcess plug = ns.attachTap(lab.sw().directory(), "tap0", null);
            try {
                ns.run("ip", "link", "set", "dev", "tap0", "down");
                ns.run("ip", "link", "set", "dev", "tap0", "address", mac);
                ns.run("ip", "link", "set", "dev", "tap0", "up");
                final int port = lab.portOf(ns);
                assertEquals("1000 Success", DhcpLab.last(console.apply("port/setvlan " + port + " " + vlan)));
                final boolean udhcpc = i % 2 == 0;
                final String name = "soak-" + id;
                if (udhcpc) {
                    // in the foreground, ended by SIGTERM once bound: -R then releases (BusyBox 1.35's -q quits
                    // before it counts itself bound, so -q -R sends no RELEASE at all)
                    final ManagedProcess u = ns.start(Requirements.requireCommand("udhcpc").toString(), "-f", "-i",
                        "tap0", "-R", "-t", "5", "-T", "2");
                    try {
                        u.waitForLine(OBTAINED, DhcpLab.CLIENT_TIMEOUT);
                        leased.incrementAndGet();
                        knowServer(ns, server);
                    } catch (AssertionError e) {
                        missed.incrementAndGet();
                    } finally {
                        u.close();
                    }
                } else {
                    ns.exec(DhcpLab.CLIENT_TIMEOUT, lab.dhclient(name));
                    (DhcpLab.address(ns) != null ? leased : missed).incrementAndGet();
                    knowServer(ns, server);
                    final String[] release = lab.dhclient(name);
                    release[1] = "-r";
                    ns.exec(DhcpLab.CLIENT_TIMEOUT, release);
                }
                if (server != null) {
                    // a VM's NIC outlives its client's RELEASE: detach once the switch has read it (bounded)
                    final String bound = mac + " bound";
                    if (!io.jvde.testsupport.Poll.within(Duration.ofSeconds(10), () -> console.apply("dhcp/leases "
                        + vlan).stream().noneMatch(l -> l.contains(bound)))) {
                        if (releasesNotSeen[udhcpc ? 0 : 1].incrementAndGet() <= 3) {
                            releaseDetails.add((udhcpc ? "udhcpc" : "dhclient") + " on port " + port + ": "
                                + logAbout(lab.sw().output(), mac, port));
                        }
                    }
                }
            } finally {
                plug.close();
                final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline && ns.exec(Duration.ofSeconds(5), "ip", "link", "show", "dev",
                    "tap0").ok()) {
                    sleep(50);
                }
            }
        }
    }

    /**
     * A permanent neighbour entry for the served VLAN's server, so the client's unicast RELEASE does not wait for ARP:
     * the client's deconfig script flushes the address right after sending it, and removing an interface's last
     * IPv4 address flushes its neighbour table, ARP queue included, so a RELEASE still waiting for ARP is lost. Set
     * once the lease is configured, not before: udhcpc's script sets the address with ifconfig, whose netmask step
     * deletes and re-adds the address, which flushes the neighbour table too (permanent entries included). Measured
     * without the entry: udhcpc logged "unicasting a release" 40 times, tshark on its tap saw 37 leave.
     */
    private static void knowServer(final Netns ns, final String server) {
        if (server == null) {
            return;
        }
        for (int i = 0; i < 100 && !ns.run("ip", "-4", "addr", "show", "dev", "tap0").contains("/24"); i++) {
            sleep(50); // bounded: the script may still be configuring the address (5 s)
        }
        ns.run("ip", "neigh", "replace", server, "lladdr", SERVER_MAC, "dev", "tap0", "nud", "permanent");
    }

    private void metricsLoop() {
        while (running) {
            try {
                final String text = scrape();
                if (text.contains("jvde_port_rx_frames_total")) {
                    scrapes.incrementAndGet();
                } else {
                    scrapeFailures.incrementAndGet();
                    lastFailure = "metrics: no jvde_port_rx_frames_total in " + text.length() + " chars";
                }
            } catch (IOException e) {
                scrapeFailures.incrementAndGet();
                lastFailure = "metrics: " + e;
            }
            sleep(1000);
        }
    }

    String scrape() throws IOException {
        final HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + metricsPort + "/metrics")
            .openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        c.setRequestProperty("Connection", "close"); // no idle connection left in the switch's descriptor count
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /** Ends the loops (each finishes its step, bounded) and detaches the real clients. */
    void stop() throws InterruptedException {
        running = false;
        for (final Thread t : threads) {
            t.join(Duration.ofSeconds(120).toMillis());
        }
    }

    /** What the peers did, for the report. */
    List<String> summary() {
        final List<String> lines = new ArrayList<>(List.of(
            "perfdhcp: " + perfdhcpRuns + " runs, DISCOVER " + perfdhcpDiscovers + " OFFER " + perfdhcpOffers
                + " REQUEST " + perfdhcpRequests + " ACK " + perfdhcpAcks + " RELEASE " + perfdhcpReleases,
            "real clients: served VLAN 31 leased " + servedLeases + " missed " + servedMisses + "; relayed VLAN 10"
                + " leased " + relayedLeases + " missed " + relayedMisses + "; served leases still bound 10 s after"
                + " the client's RELEASE: udhcpc " + releasesNotSeen[0] + ", dhclient " + releasesNotSeen[1],
            "metrics: " + scrapes + " scrapes, " + scrapeFailures + " failed " + lastFailure));
        releaseDetails.forEach(d -> lines.add("release not seen: " + d));
        return lines;
    }

    /** Every peer did its part: the loops did not stop on a failure, each made progress, every scrape answered. */
    void verify() {
        assertEquals("", lastFailure, "a peer loop failed");
        assertTrue(perfdhcpAcks.get() > 0, summary().toString());
        assertTrue(servedLeases.get() > 0 && relayedLeases.get() > 0, summary().toString());
        assertTrue(scrapes.get() > 0, summary().toString());
        assertEquals(0, scrapeFailures.get(), summary().toString());
        // every real client's RELEASE on the served VLAN was acted on (the switch's log of those not is in the report)
        assertEquals(0, releasesNotSeen[0].get() + releasesNotSeen[1].get(), summary().toString());
    }

    void closeHosts() {
        clientHosts.forEach(Netns::close);
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
