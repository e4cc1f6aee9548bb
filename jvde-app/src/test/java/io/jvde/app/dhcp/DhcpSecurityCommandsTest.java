package io.jvde.app.dhcp;

import io.jvde.app.RunningSwitch;
import io.jvde.app.console.CommandRegistry;
import io.jvde.app.console.Console;
import io.jvde.app.console.ConsoleSession;
import io.jvde.dhcp.guard.DhcpGuard;
import io.jvde.dhcp.guard.GuardDropReason;
import io.jvde.dhcp.guard.SnoopingTable;
import io.jvde.dhcp.relay.RelayAgent;
import io.jvde.dhcp.relay.RelayDropReason;
import io.jvde.dhcp.relay.RelayVlan;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.testsupport.Poll;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static io.jvde.app.dhcp.RelayGlue.RELAYED;
import static io.jvde.app.dhcp.RelayGlue.SERVED;
import static io.jvde.app.dhcp.RelayGlue.UPSTREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay and guard console commands against a real in-process switch whose DHCP part serves VLAN 0, relays
 * VLAN 20 to 10.99.0.1 on upstream VLAN 99 and guards both (leases in memory, a fixed clock so output is golden):
 * what they print, that their changes reach the guard, relay and responder, and that bad input gets a 1EEE code
 * with the reason.
 */
class DhcpSecurityCommandsTest {
    static final long NOW = 1_700_000_000_000L;
    static final String OK = "1000 Success\n";
    static final String DATA = "0000 DATA END WITH '.'\n";
    static final String EINVAL = "1022 Invalid argument\n";
    static final String ENXIO = "1006 No such device or address\n";
    static final String RELAY_LINE = "upstream vlan 99 10.99.0.254/24 servers 10.99.0.1 | vlan 20 giaddr 10.20.0.1/24"
        + " circuit-id \"{switch} port {port} vlan {vlan}\" | remote-id \"sw1\" hops-limit 10";
    static final String NO_RELAY = "no relay agent (expected: relay: in the --dhcp-config file)\n";

    @TempDir
    Path tmp;
    VdeSwitch sw;
    Console console;
    DhcpPort port;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<VdeClient> clients = new ArrayList<>();

    /** Starts the switch and its DHCP part as {@link DhcpExtension#start} does, keeping the port for the checks. */
    void start(final DhcpConfig config) throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), log::add);
        final RunningSwitch running = RunningSwitch.of(sw);
        final CommandRegistry registry = new CommandRegistry();
        port = new DhcpExtension(config, LeaseFile.memoryOnly(), () -> NOW).attach(running, log::add);
        DhcpCommands.register(registry, running, port, () -> NOW);
        DhcpSecurityCommands.register(registry, running, port, () -> NOW);
        console = new Console(registry, log::add, () -> { });
    }

    void start() throws Exception {
        start(RelayGlue.config());
    }

    @AfterEach
    void stop() {
        clients.forEach(VdeClient::close);
        if (sw != null) {
            if (port != null) {
                sw.call(c -> {
                    port.close();
                    return null;
                });
            }
            sw.close();
        }
    }

    String run(final String line) {
        return console.execute(line, new ConsoleSession(ConsoleSession.Kind.MGMT));
    }

    <T> T call(final Function<SwitchControl, T> f) {
        return sw.call(f);
    }

    /** A condition checked on the loop thread. */
    boolean check(final Function<SwitchControl, Boolean> f) {
        return sw.call(f);
    }

    RelayAgent relay() {
        return port.relay();
    }

    DhcpGuard guard() {
        return port.guard();
    }

    /** A client on an access port of {@code vid}. */
    VdeClient client(final String name, final int vid) throws Exception {
        final VdeClient c = VdeClient.connect(tmp.resolve("sw"), name);
        clients.add(c);
        assertEquals(0, (int) call(s -> s.vlanTable().setUntagged(c.port(), vid)));
        return c;
    }

    /** Waits (bounded) for the loop thread to have handled what a client sent. */
    void await(final BooleanSupplier onLoop, final String what) {
        Poll.until(what + "; log " + log, Duration.ofSeconds(5), () -> call(c -> onLoop.getAsBoolean()));
    }

    // ------------------------------------------------------------------ dhcp/relay

    @Test
    void relayListsTheSettingsAndOneLinePerVlanWithItsCounters() throws Exception {
        start();
        assertEquals(DATA + RELAY_LINE + "\n"
            + "vlan 20 requests 0 replies 0\n"
            + "vlan 99 (upstream) requests 0 replies 0\n"
            + "sent 0 arp-requests 0 arp-replies 0 icmp-replies 0 held 0\n.\n" + OK, run("dhcp/relay"));

        client("twenty", RELAYED).send(ClientFrame.discover(RelayGlue.CLIENT_MAC).xid(0x10).frame());
        await(() -> relay().counters().requestsRelayed(RELAYED) == 1, "the DISCOVER relayed");
        // a reply for a giaddr the relay does not have, from the upstream VLAN (dhcrelay's bogus giaddr drop)
        client("server", UPSTREAM).send(RelayGlue.serverReply(5, RelayGlue.CLIENT_MAC, 0x10, new byte[] {1, 1, 'x'})
            .giaddr("10.30.0.1").frame());
        await(() -> relay().counters().count(UPSTREAM, RelayDropReason.BOGUS_GIADDR) == 1, "the bogus reply");

        assertEquals(DATA + RELAY_LINE + "\n"
            + "vlan 20 requests 1 replies 0\n"
            + "vlan 99 (upstream) requests 0 replies 0, " + RelayDropReason.BOGUS_GIADDR.label() + " 1\n"
            + "sent 1 arp-requests 1 arp-replies 0 icmp-replies 0 held 1\n.\n" + OK, run("dhcp/relay"),
            "the request waits for the server's MAC (one ARP request); the bogus reply is counted on VLAN 99");
    }

    @Test
    void relayCommandsSayThereIsNoRelayWhenNoneIsConfigured() throws Exception {
        start(DhcpConfig.serving(RelayGlue.server()));
        assertEquals(DATA + NO_RELAY + ".\n" + ENXIO, run("dhcp/relay"));
        assertEquals(NO_RELAY + ENXIO, run("dhcp/addserver 10.99.0.2"));
        assertEquals(NO_RELAY + ENXIO, run("dhcp/delserver 10.99.0.1"));
        assertEquals(NO_RELAY + ENXIO, run("dhcp/addrelay 30 10.30.0.1/24"));
        assertEquals(NO_RELAY + ENXIO, run("dhcp/delrelay 20"));
        assertEquals(OK, run("dhcp/trust 5 1"), "trust needs no relay");
        assertTrue(check(c -> guard().trusted(5) && port.responder().settings().trusted(5)));
    }

    // ------------------------------------------------------------------ servers

    @Test
    void addServerAndDelServerChangeTheRelaysServers() throws Exception {
        start();
        assertEquals(OK, run("dhcp/addserver 10.99.0.2"));
        assertArrayEquals(new int[] {Bytes.ip("10.99.0.1"), Bytes.ip("10.99.0.2")}, call(c -> relay().settings()
            .servers()));
        assertTrue(run("dhcp/relay").contains("servers 10.99.0.1 10.99.0.2 |"), run("dhcp/relay"));
        assertEquals(OK, run("dhcp/delserver 10.99.0.1"));
        assertArrayEquals(new int[] {Bytes.ip("10.99.0.2")}, call(c -> relay().settings().servers()));
        assertEquals(RelayGlue.relay().vlans(), call(c -> relay().settings().vlans()), "the VLANs stay");
    }

    @Test
    void serverCommandsRefuseBadInputNamingIt() throws Exception {
        start();
        assertEquals("server 10.99.0.7 (expected: one of the relay's servers)\n" + ENXIO,
            run("dhcp/delserver 10.99.0.7"));
        assertEquals("ip: 10.99.0 (expected: an IPv4 address)\n" + EINVAL, run("dhcp/addserver 10.99.0"));
        assertEquals("ip: missing (expected: an IPv4 address)\n" + EINVAL, run("dhcp/addserver"));
        assertEquals("servers[1]: 10.99.0.1 (expected: each server once; servers[0] is the same)\n" + EINVAL,
            run("dhcp/addserver 10.99.0.1"));
        assertEquals("servers[1]: 192.0.2.1 (expected: an address on the upstream subnet, or set gateway)\n"
            + EINVAL, run("dhcp/addserver 192.0.2.1"));
        assertEquals("servers: [] (expected: at least one DHCP server address)\n" + EINVAL,
            run("dhcp/delserver 10.99.0.1"));
        assertArrayEquals(new int[] {Bytes.ip("10.99.0.1")}, call(c -> relay().settings().servers()),
            "nothing changed");
    }

    // ------------------------------------------------------------------ relayed VLANs

    @Test
    void addRelayRelaysTheVlanAndMakesTheDhcpPortAMemberAndTheGuardGuardIt() throws Exception {
        start();
        assertFalse(check(c -> c.vlanTable().isDefined(30)));
        assertEquals(OK, run("dhcp/addrelay 30 10.30.0.1/24"));
        assertEquals(List.of(RelayVlan.of(RELAYED, "10.20.0.1/24"), RelayVlan.of(30, "10.30.0.1/24")),
            call(c -> relay().settings().vlans()));
        assertTrue(check(c -> relay().handles(30)), "the relay takes VLAN 30's frames");
        assertTrue(check(c -> c.vlanTable().isTaggedMember(30, port.number())), "the DHCP port is a tagged member");
        assertTrue(check(c -> guard().guarded(30)), "the guard watches VLAN 30");
        assertTrue(run("dhcp/relay").contains("\nvlan 30 requests 0 replies 0\n"), run("dhcp/relay"));
        assertTrue(run("dhcp/guard").contains(", vlans [0, 20, 30]\n"), run("dhcp/guard"));

        // and a client there is relayed with VLAN 30's giaddr
        client("thirty", 30).send(ClientFrame.discover("52:54:00:30:00:01").xid(0x30).frame());
        await(() -> relay().counters().requestsRelayed(30) == 1, "the DISCOVER on VLAN 30 relayed");

        assertEquals(OK, run("dhcp/addrelay 30 10.31.0.1/24"), "a VLAN added again gets its new address");
        assertEquals(List.of(RelayVlan.of(RELAYED, "10.20.0.1/24"), RelayVlan.of(30, "10.31.0.1/24")),
            call(c -> relay().settings().vlans()));
    }

    @Test
    void delRelayStopsRelayingAndGuardingTheVlan() throws Exception {
        start();
        assertEquals(OK, run("dhcp/addrelay 30 10.30.0.1/24"));
        assertEquals(OK, run("dhcp/delrelay 20"));
        assertEquals(List.of(RelayVlan.of(30, "10.30.0.1/24")), call(c -> relay().settings().vlans()));
        assertFalse(check(c -> relay().handles(RELAYED)));
        assertFalse(check(c -> guard().guarded(RELAYED)), "no longer guarded: DHCP there passes as ordinary frames");
        assertTrue(check(c -> guard().guarded(30)));
    }

    @Test
    void relayVlanCommandsRefuseBadInputNamingIt() throws Exception {
        start();
        assertEquals("vlan 0 has a DHCP scope (expected: a VLAN either served or relayed)\n1017 File exists\n",
            run("dhcp/addrelay 0 10.0.0.1/24"));
        assertEquals("vlan 99 is the upstream VLAN\n" + EINVAL, run("dhcp/addrelay 99 10.99.1.1/24"));
        assertEquals("relayAddress: 10.30.0 (expected: address/prefix like 10.1.0.1/24)\n" + EINVAL,
            run("dhcp/addrelay 30 10.30.0"));
        assertEquals("address: missing (expected: the relay address A.B.C.D/P)\n" + EINVAL, run("dhcp/addrelay 30"));
        assertEquals("vlans[1].relayAddress: 10.30.0.0/24 (expected: a host address of its subnet, not the network"
            + " or broadcast address)\n" + EINVAL, run("dhcp/addrelay 30 10.30.0.0/24"));
        assertEquals("vlans[1].relayAddress: 10.20.0.1 (expected: an address the relay uses once; vlans[0] has it"
            + " already)\n" + EINVAL, run("dhcp/addrelay 30 10.20.0.1/24"));
        assertEquals("vlans[1].vid: 5000 (expected: 1..4094)\n" + EINVAL, run("dhcp/addrelay 5000 10.50.0.1/24"));
        assertEquals("vlan 21 (expected: a relayed VLAN)\n" + ENXIO, run("dhcp/delrelay 21"));
        assertEquals("vlans: [] (expected: at least one relayed VLAN)\n" + EINVAL, run("dhcp/delrelay 20"));

        assertEquals(RelayGlue.relay().vlans(), call(c -> relay().settings().vlans()), "nothing changed");
        assertFalse(check(c -> c.vlanTable().isDefined(30)), "no VLAN made for a refused address");
        assertTrue(check(c -> guard().guarded(RELAYED)), "a refused delrelay leaves VLAN 20 guarded");
        assertFalse(check(c -> guard().guarded(30)));
    }

    // ------------------------------------------------------------------ dhcp/guard and dhcp/snooping

    @Test
    void guardListsItsSettingsAndEveryReasonWithItsCounts() throws Exception {
        start();
        final StringBuilder quiet = new StringBuilder();
        for (final GuardDropReason r : GuardDropReason.values()) {
            quiet.append(r.label()).append(" 0\n");
        }
        assertEquals(DATA + "on, per port 50/s burst 100, per MAC 10/s burst 20, trusted ports {}, reports every 10 s,"
            + " bindings up to 8192, vlans [0, 20]\n"
            + "client messages 0, server messages 0, bindings learned 0, reports 0 (suppressed 0)\n"
            + quiet + ".\n" + OK, run("dhcp/guard"));

        final VdeClient rogue = client("rogue", SERVED);
        rogue.send(RelayGlue.rogueOffer(RelayGlue.CLIENT_MAC));
        await(() -> guard().counters().drops(GuardDropReason.ROGUE_SERVER) == 1, "the rogue OFFER dropped");
        final StringBuilder reasons = new StringBuilder();
        for (final GuardDropReason r : GuardDropReason.values()) {
            reasons.append(r.label()).append(r == GuardDropReason.ROGUE_SERVER ? " 1, vlan 0: 1\n" : " 0\n");
        }
        assertEquals(DATA + "on, per port 50/s burst 100, per MAC 10/s burst 20, trusted ports {}, reports every 10 s,"
            + " bindings up to 8192, vlans [0, 20]\n"
            + "client messages 0, server messages 0, bindings learned 0, reports 1 (suppressed 0)\n"
            + reasons + ".\n" + OK, run("dhcp/guard"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("dhcp guard: dropped a frame from port " + rogue.port()
            + " vlan 0 (52:54:00:66:66:66): rogue server")), log.toString());
    }

    @Test
    void snoopingListsTheBindingsOfTheSwitchsOwnAcks() throws Exception {
        start();
        final VdeClient a = client("a", SERVED);
        final ReplyView ack = DhcpPortTest.dora(a, "52:54:00:12:34:56", 0x77);
        final String ip = Bytes.ip(ack.yiaddr);
        final String line = "52:54:00:12:34:56 " + ip + " vlan 0 port " + a.port() + " expires in "
            + call(c -> port.responder().scopes().get(0).leaseTime()) + " s\n";
        assertEquals(DATA + line + ".\n" + OK, run("dhcp/snooping"));
        assertEquals(DATA + line + ".\n" + OK, run("dhcp/snooping 0"));
        assertEquals(DATA + ".\n" + OK, run("dhcp/snooping 20"));
        call(c -> {
            guard().observeAck(-1, RELAYED, Bytes.mac(RelayGlue.CLIENT_MAC), Bytes.ip("10.20.0.50"),
                SnoopingTable.NEVER, NOW);
            return null;
        });
        assertEquals(DATA + "52:54:00:20:00:01 10.20.0.50 vlan 20 port ? expires never\n.\n" + OK,
            run("dhcp/snooping 20"));
        assertEquals(DATA + "vlan: 'x' (expected: a number such as 10, 0x0a or 012)\n.\n" + EINVAL,
            run("dhcp/snooping x"));
    }

    // ------------------------------------------------------------------ dhcp/trust

    @Test
    void trustMakesTheGuardTheRelayAndTheResponderTrustThePort() throws Exception {
        start();
        final byte[] offer = RelayGlue.rogueOffer(RelayGlue.CLIENT_MAC);
        assertFalse(check(c -> c.ingressFilter().admit(RelayGlue.direct(offer), 0, offer.length, 5, SERVED)),
            "an untrusted port may not carry a server");
        assertEquals(OK, run("dhcp/trust 5 1"));
        assertTrue(check(c -> guard().trusted(5)), "guard");
        assertTrue(check(c -> relay().trusted(5)), "relay");
        assertTrue(check(c -> port.responder().settings().trusted(5)), "responder");
        assertTrue(check(c -> c.ingressFilter().admit(RelayGlue.direct(offer), 0, offer.length, 5, SERVED)),
            "the switch's ingress filter lets the trusted port's server through");
        assertTrue(run("dhcp/guard").contains(", trusted ports {5},"), run("dhcp/guard"));

        assertEquals(OK, run("dhcp/trust 5 0"));
        assertFalse(check(c -> guard().trusted(5) || relay().trusted(5) || port.responder().settings().trusted(5)));
        assertFalse(check(c -> c.ingressFilter().admit(RelayGlue.direct(offer), 0, offer.length, 5, SERVED)));
    }

    @Test
    void trustRefusesBadInput() throws Exception {
        start();
        assertEquals("dhcp/trust 5 2 (expected: PORT 1|0)\n" + EINVAL, run("dhcp/trust 5 2"));
        assertEquals("dhcp/trust -1 1 (expected: PORT 1|0)\n" + EINVAL, run("dhcp/trust -1 1"));
        assertEquals("trusted: missing (expected: a number)\n" + EINVAL, run("dhcp/trust 5"));
        assertFalse(check(c -> guard().trusted(5)));
    }

    // ------------------------------------------------------------------ dhcp/ratelimit

    @Test
    void rateLimitChangesTheGuardsSettings() throws Exception {
        start();
        assertEquals(OK, run("dhcp/ratelimit port 7 9"));
        assertEquals(7, (int) call(c -> guard().settings().portRate()));
        assertEquals(9, (int) call(c -> guard().settings().portBurst()));
        assertEquals(OK, run("dhcp/ratelimit mac 3"));
        assertEquals(3, (int) call(c -> guard().settings().macRate()));
        assertEquals(6, (int) call(c -> guard().settings().macBurst()), "burst: twice the rate when omitted");
        assertTrue(run("dhcp/guard").startsWith(DATA + "on, per port 7/s burst 9, per MAC 3/s burst 6,"),
            run("dhcp/guard"));
        assertEquals(OK, run("dhcp/ratelimit PORT 0"));
        assertTrue(run("dhcp/guard").startsWith(DATA + "on, per port unlimited, per MAC 3/s burst 6,"),
            run("dhcp/guard"));
    }

    @Test
    void rateLimitRefusesBadInputNamingIt() throws Exception {
        start();
        assertEquals("dhcp/ratelimit foo 1 2 (expected: port|mac RATE BURST)\n" + EINVAL,
            run("dhcp/ratelimit foo 1 2"));
        assertEquals("portBurst: 0 (expected: 1..1000000 when portRate is 5; a burst of 0 would drop everything, set"
            + " portRate 0 for no limit)\n" + EINVAL, run("dhcp/ratelimit port 5 0"));
        assertEquals("macRate: 2000000 (expected: 0..1000000" , run("dhcp/ratelimit mac 2000000 1").substring(0,
            "macRate: 2000000 (expected: 0..1000000".length()));
        assertTrue(run("dhcp/ratelimit mac 2000000 1").endsWith(")\n" + EINVAL));
        assertEquals("rate: missing (expected: a number)\n" + EINVAL, run("dhcp/ratelimit port"));
        assertEquals(50, (int) call(c -> guard().settings().portRate()), "nothing changed");
    }

    // ------------------------------------------------------------------ dhcp/maxleases

    @Test
    void maxLeasesCapsTheScope() throws Exception {
        start();
        assertEquals(OK, run("dhcp/maxleases 0 1"));
        assertEquals(1, (int) call(c -> port.responder().scopes().get(0).policy().maxLeases()));
        DhcpPortTest.dora(client("a", SERVED), "52:54:00:12:34:56", 0x71);
        final VdeClient b = client("b", SERVED);
        b.send(ClientFrame.discover("52:54:00:12:34:57").xid(0x72).frame());
        assertNull(DhcpPortTest.reply(b, 0x72), "no OFFER beyond the cap");
        assertEquals(OK, run("dhcp/maxleases 0 0"));
        assertEquals(0, (int) call(c -> port.responder().scopes().get(0).policy().maxLeases()), "0: no cap");
        DhcpPortTest.dora(b, "52:54:00:12:34:57", 0x73);
    }

    @Test
    void maxLeasesRefusesBadInputNamingIt() throws Exception {
        start();
        assertEquals("vlan 20 (expected: a VLAN with a DHCP scope)\n" + ENXIO, run("dhcp/maxleases 20 5"));
        assertEquals("maximum: missing (expected: a number)\n" + EINVAL, run("dhcp/maxleases 0"));
        final String negative = run("dhcp/maxleases 0 -1");
        assertTrue(negative.contains("maxLeases: -1 (expected: 0 for unlimited") && negative.endsWith(EINVAL),
            negative);
        assertEquals(0, (int) call(c -> port.responder().scopes().get(0).policy().maxLeases()), "nothing changed");
    }
}
