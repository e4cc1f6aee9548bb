package io.jvde.app.it;

import io.jvde.app.console.MgmtClient;
import io.jvde.testsupport.Frames;
import io.jvde.testsupport.SlowTest;
import io.jvde.testsupport.SwitchUnderTest;
import io.jvde.testsupport.SwitchUnderTest.Kind;
import io.jvde.testsupport.VdePlugPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 802.1Q matrix of issue 4 with Debian's vde_plug clients on explicit ports (docs/protocol.md §5.1, §5.4). The
 * switch is configured by an rc file ({@code -f}) and read through its {@code -M} console:
 * <pre>
 *   port 1  access VLAN 10      a1       port 4  trunk: tagged 10, 20, 4094   t
 *   port 2  access VLAN 10      a2       port 5  trunk: tagged 10, 4094       u
 *   port 3  access VLAN 20      b        port 6  default (untagged VLAN 0)    d
 * </pre>
 * The delivery tests run against jvde and, as the reference, Debian's vde_switch; VID 4094 (which vde_switch
 * refuses) and the drop counters ({@code port/counters}, jvde's own) against jvde only. Every check takes the
 * very next frame at a port and compares it byte for byte, then shows that no other port got anything.
 */
@SlowTest
class VlanMatrixIT {
    static final Duration ARRIVAL = Duration.ofSeconds(3);
    /** How long every port is watched to show that nothing else was delivered. */
    static final Duration SILENCE = Duration.ofMillis(400);
    static final Duration CONSOLE = Duration.ofSeconds(10);
    static final int HIGH_VID = 4094;
    static final long MAC_A1 = 0x0250_0000_0A01L;
    static final long MAC_A2 = 0x0250_0000_0A02L;
    static final long MAC_B = 0x0250_0000_0B01L;
    static final long MAC_T = 0x0250_0000_0401L;
    static final long MAC_U = 0x0250_0000_0501L;
    static final int PCP_SHIFT = 13;

    @TempDir
    Path tmp;
    SwitchUnderTest sw;
    Path mgmt;
    final List<VdePlugPeer> peers = new ArrayList<>();
    VdePlugPeer a1;
    VdePlugPeer a2;
    VdePlugPeer b;
    VdePlugPeer t;
    VdePlugPeer u;
    VdePlugPeer d;

    @AfterEach
    void stop() {
        peers.forEach(VdePlugPeer::close);
        if (sw != null) {
            sw.close();
        }
    }

    /** Starts {@code kind} with the matrix's rc file and attaches the six peers. */
    void startMatrix(final Kind kind) throws IOException {
        final List<String> rc = new ArrayList<>(List.of("# VLAN matrix of VlanMatrixIT", "vlan/create 10",
            "vlan/create 20"));
        if (kind == Kind.JVDE) {
            rc.add("vlan/create " + HIGH_VID); // vde_switch refuses 4094 (off by one, §5.4)
        }
        rc.addAll(List.of("port/create 1", "port/setvlan 1 10", "port/create 2", "port/setvlan 2 10",
            "port/create 3", "port/setvlan 3 20", "port/create 4", "vlan/addport 10 4", "vlan/addport 20 4",
            "port/create 5", "vlan/addport 10 5"));
        if (kind == Kind.JVDE) {
            rc.addAll(List.of("vlan/addport " + HIGH_VID + " 4", "vlan/addport " + HIGH_VID + " 5"));
        }
        final Path rcFile = Files.write(tmp.resolve("matrix.rc"), rc);
        mgmt = tmp.resolve("sw.mgmt");
        sw = SwitchUnderTest.start(kind, tmp.resolve("sw"), "-f", rcFile.toString(), "-M", mgmt.toString());
        a1 = peer(1, "a1");
        a2 = peer(2, "a2");
        b = peer(3, "b");
        t = peer(4, "t");
        u = peer(5, "u");
        d = peer(VdePlugPeer.ANY_PORT, "d");
        assertEquals(6, d.port(), "the first auto-allocated port (1-5 were created, hence not allocatable)");
    }

    VdePlugPeer peer(final int port, final String name) {
        final VdePlugPeer p = VdePlugPeer.attach(sw.directory(), port, name);
        peers.add(p);
        return p;
    }

    /** Every peer: expected frames have been taken by then, so anything left is a delivery too many. */
    VdePlugPeer[] everyone() {
        return peers.toArray(new VdePlugPeer[0]);
    }

    List<String> console(final String command) {
        final MgmtClient.Answer answer = MgmtClient.run(mgmt, command, CONSOLE);
        assertEquals(MgmtClient.Outcome.SUCCESS, answer.outcome(), command + ": " + answer + "\n" + sw.output());
        return answer.data();
    }

    static int tci(final int pcp, final int vid) {
        return pcp << PCP_SHIFT | vid;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldFloodBroadcastWithinItsVlanOnlyAndTagItTowardTrunksWithPcp0(final Kind kind) throws IOException {
        startMatrix(kind);
        final byte[] fromA1 = Frames.broadcast(MAC_A1, 64);
        a1.send(fromA1);
        a2.expectNext(fromA1, ARRIVAL, "VLAN 10 broadcast, access to access: unchanged");
        t.expectNext(Frames.withTag(fromA1, tci(0, 10)), ARRIVAL, "VLAN 10 broadcast toward trunk t: TCI 000a");
        u.expectNext(Frames.withTag(fromA1, tci(0, 10)), ARRIVAL, "VLAN 10 broadcast toward trunk u: TCI 000a");
        VdePlugPeer.expectSilence(SILENCE, "VLAN 10 broadcast must not leave VLAN 10", everyone());

        final byte[] fromB = Frames.broadcast(MAC_B, 64);
        b.send(fromB);
        t.expectNext(Frames.withTag(fromB, tci(0, 20)), ARRIVAL, "VLAN 20 broadcast toward trunk t: TCI 0014");
        VdePlugPeer.expectSilence(SILENCE, "VLAN 20 broadcast reaches only t (u is not in VLAN 20)", everyone());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldStripTheTagTowardAccessPortsAndKeepThePcpFromTrunkToTrunk(final Kind kind) throws IOException {
        startMatrix(kind);
        final byte[] vlan10 = Frames.tagged(Frames.BROADCAST, MAC_T, tci(5, 10), 0x88B5, 68);
        t.send(vlan10);
        a1.expectNext(Frames.withoutTag(vlan10), ARRIVAL, "tagged 10 toward access port a1: stripped");
        a2.expectNext(Frames.withoutTag(vlan10), ARRIVAL, "tagged 10 toward access port a2: stripped");
        u.expectNext(vlan10, ARRIVAL, "tagged 10, PCP 5, toward trunk u: forwarded with its TCI (a00a)");
        VdePlugPeer.expectSilence(SILENCE, "tagged 10 must not reach VLAN 20 or VLAN 0", everyone());

        final byte[] vlan20 = Frames.tagged(Frames.BROADCAST, MAC_T, tci(3, 20), 0x88B5, 68);
        t.send(vlan20);
        b.expectNext(Frames.withoutTag(vlan20), ARRIVAL, "tagged 20 toward access port b: stripped");
        VdePlugPeer.expectSilence(SILENCE, "tagged 20 reaches only b", everyone());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void shouldDeliverLearnedUnicastToItsPortOnlyAndNeverAcrossVlans(final Kind kind) throws IOException {
        startMatrix(kind);
        // Teach the switch a1, a2 and t in VLAN 10 and b in VLAN 20; let every flooded copy arrive, then drop them.
        a1.send(Frames.broadcast(MAC_A1, 64));
        a2.send(Frames.broadcast(MAC_A2, 64));
        t.send(Frames.tagged(Frames.BROADCAST, MAC_T, tci(0, 10), 0x88B5, 68));
        b.send(Frames.broadcast(MAC_B, 64));
        a1.collect(SILENCE);
        peers.forEach(VdePlugPeer::drain);

        final byte[] tToA1 = Frames.tagged(MAC_A1, MAC_T, tci(0, 10), 0x88B5, 68);
        t.send(tToA1);
        a1.expectNext(Frames.withoutTag(tToA1), ARRIVAL, "learned unicast trunk -> a1, stripped");
        final byte[] a1ToT = Frames.unicast(MAC_T, MAC_A1, 64);
        a1.send(a1ToT);
        t.expectNext(Frames.withTag(a1ToT, tci(0, 10)), ARRIVAL, "learned unicast a1 -> trunk, tagged 000a");
        final byte[] a2ToA1 = Frames.unicast(MAC_A1, MAC_A2, 64);
        a2.send(a2ToA1);
        a1.expectNext(a2ToA1, ARRIVAL, "learned unicast a2 -> a1 within VLAN 10, unchanged");
        VdePlugPeer.expectSilence(SILENCE, "learned unicast goes to its port only", everyone());

        // a1 is known in VLAN 10 only: from VLAN 20 it is an unknown destination, flooded within VLAN 20.
        final byte[] bToA1 = Frames.unicast(MAC_A1, MAC_B, 64);
        b.send(bToA1);
        t.expectNext(Frames.withTag(bToA1, tci(0, 20)), ARRIVAL, "VLAN 20 unicast to a MAC known in VLAN 10 only");
        final byte[] tToA1In20 = Frames.tagged(MAC_A1, MAC_T, tci(0, 20), 0x88B5, 68);
        t.send(tToA1In20);
        b.expectNext(Frames.withoutTag(tToA1In20), ARRIVAL, "tagged 20 unicast to a1: flooded in VLAN 20");
        VdePlugPeer.expectSilence(SILENCE, "nothing crosses from VLAN 20 into VLAN 10", everyone());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Kind.class, names = "JVDE")
    void shouldCarryVid4094BetweenTrunks(final Kind kind) throws IOException {
        startMatrix(kind);
        assertEquals(List.of("VLAN 4094", " -- Port 0004 tagged=1 active=1 status=Forwarding",
            " -- Port 0005 tagged=1 active=1 status=Forwarding"), console("vlan/print 4094"));
        final byte[] tBroadcast = Frames.tagged(Frames.BROADCAST, MAC_T, tci(7, HIGH_VID), 0x88B5, 68);
        t.send(tBroadcast);
        u.expectNext(tBroadcast, ARRIVAL, "VLAN 4094 broadcast t -> u, TCI effe unchanged");
        final byte[] uToT = Frames.tagged(MAC_T, MAC_U, tci(0, HIGH_VID), 0x88B5, 100);
        u.send(uToT);
        t.expectNext(uToT, ARRIVAL, "VLAN 4094 learned unicast u -> t");
        VdePlugPeer.expectSilence(SILENCE, "VLAN 4094 stays between the trunks", everyone());
        assertTrue(console("hash/print").stream().anyMatch(l -> l.matches(
            "Hash: \\d{4} Addr: 02:50:00:00:04:01 VLAN 4094 to port: 004  age \\d+ secs")),
            "t learned under VLAN 4094");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Kind.class, names = "JVDE")
    void shouldDropTaggedFramesOfUndefinedVlansAndCountThemByReason(final Kind kind) throws IOException {
        startMatrix(kind);
        t.send(Frames.tagged(Frames.BROADCAST, MAC_T, tci(0, 30), 0x88B5, 68));
        t.send(Frames.tagged(Frames.BROADCAST, MAC_T, tci(2, 4093), 0x88B5, 68));
        t.send(Frames.tagged(Frames.BROADCAST, MAC_T, tci(0, 4095), 0x88B5, 68));
        a1.send(Frames.tagged(Frames.BROADCAST, MAC_A1, tci(0, 20), 0x88B5, 68));
        VdePlugPeer.expectSilence(SILENCE, "undefined, reserved and foreign VIDs are dropped", everyone());

        final List<String> trunk = console("port/counters 4");
        assertEquals(2, dropCount(trunk, "vlan_undefined"), "VIDs 30 and 4093 are undefined: " + trunk);
        assertEquals(1, dropCount(trunk, "vid_4095"), String.join("\n", trunk));
        assertTrue(trunk.stream().anyMatch(l -> l.contains("(vlan undefined: tag names a VLAN that is not defined)")),
            "the counters name the reason: " + trunk);
        final List<String> access = console("port/counters 1");
        assertEquals(1, dropCount(access, "vlan_not_member"), "a1 is not in VLAN 20: " + access);
        assertTrue(console("hash/print").stream().noneMatch(l -> l.contains("Addr: 02:50:00:00:04:01")),
            "dropped frames teach the table nothing");
    }

    /** The count on the {@code drop REASON N (label)} line of {@code port/counters}, 0 when the line is absent. */
    static long dropCount(final List<String> counters, final String reason) {
        final Pattern p = Pattern.compile("^\\s+drop " + Pattern.quote(reason) + "\\s+(\\d+)\\s");
        for (final String line : counters) {
            final Matcher m = p.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return 0;
    }
}
