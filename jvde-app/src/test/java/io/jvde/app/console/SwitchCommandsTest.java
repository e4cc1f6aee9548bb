package io.jvde.app.console;

import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.testsupport.Poll;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden console output for the switch-state commands, against a real in-process switch. */
class SwitchCommandsTest {
    @TempDir
    Path tmp;
    VdeSwitch sw;
    Console console;
    final ConsoleSession session = new ConsoleSession(ConsoleSession.Kind.MGMT);
    final List<VdeClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).switchMac(0x00ff_1234_5678L).build(), l -> { });
        final CommandRegistry registry = new CommandRegistry();
        BuiltinCommands.register(registry, new SwitchFacts(42, 0x00ff_1234_5678L, 32768, sw.directory(), 0600, null,
            0600, sw::uptimeSeconds));
        SwitchCommands.register(registry, sw);
        console = new Console(registry, l -> { }, () -> { });
    }

    @AfterEach
    void stop() {
        clients.forEach(VdeClient::close);
        sw.close();
    }

    String run(final String line) {
        return console.execute(line + "\n", session);
    }

    VdeClient attach(final String descr) throws Exception {
        final VdeClient c = VdeClient.connect(sw.directory(), descr);
        clients.add(c);
        return c;
    }

    @Test
    void shouldPrintPortsLikeVdeSwitch() throws Exception {
        final VdeClient a = attach("vdeplug: user=root pid=10390");
        final String out = run("port/print");
        assertEquals("0000 DATA END WITH '.'\n"
            + "Port 0001 untagged_vlan=0000 ACTIVE - Unnamed Allocatable\n"
            + " Current User: root Access Control: (User: NONE - Group: NONE)\n"
            + " IN:  pkts          0          bytes                    0\n"
            + " OUT: pkts          0          bytes                    0\n"
            + String.format("  -- endpoint ID %04d module unix prog   : vdeplug: user=root pid=10390%n", 1)
            + ".\n1000 Success\n", out);
        a.close();
    }

    @Test
    void shouldAnswerPortErrorsWithVdeStatusCodes() {
        assertEquals("1022 Invalid argument\n", lastLine(run("port/print 99999")));
        assertEquals("1006 No such device or address\n", lastLine(run("port/print 5")));
        assertEquals("1000 Success\n", run("port/create 5"));
        assertTrue(run("port/create 5").endsWith("1017 File exists\n"));
        assertTrue(run("port/allprint 5").contains("Port 0005 untagged_vlan=0000 INACTIVE - NOT Unnamed Allocatable"));
        assertEquals("1000 Success\n", run("port/remove 5"));
    }

    @Test
    void shouldCreateVlansUpTo4094AndPrintMembership() throws Exception {
        assertEquals("1000 Success\n", run("vlan/create 4094"));
        assertTrue(run("vlan/create 4095").endsWith("1022 Invalid argument\n"));
        assertTrue(run("vlan/create 4094").endsWith("1017 File exists\n"));
        attach("a");
        assertEquals("1000 Success\n", run("vlan/addport 4094 1"));
        final String out = run("vlan/print 4094");
        assertEquals("0000 DATA END WITH '.'\nVLAN 4094\n -- Port 0001 tagged=1 active=1 status=Forwarding\n"
            + ".\n1000 Success\n", out);
        assertTrue(run("vlan/remove 4094").endsWith("1098 Address already in use\n"));
    }

    @Test
    void shouldFindTheRightPortWithHashFind() throws Exception {
        final VdeClient a = attach("a");
        final VdeClient b = attach("b");
        final byte[] f = new byte[60];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        f[6] = 2;
        f[11] = 0x0a;
        a.send(f);
        b.receive(new byte[100], 2000);
        final String find = run("hash/find 02:00:00:00:00:0a");
        assertTrue(find.matches("(?s)0000 DATA END WITH '.'\nHash: 0009 Addr: 02:00:00:00:00:0a VLAN 0000 to port: 001"
            + "  age \\d+ secs\n\\.\n1000 Success\n"), find);
        assertTrue(run("hash/print").contains("Addr: 02:00:00:00:00:0a VLAN 0000 to port: 001"));
        assertEquals("1019 No such device\n", lastLine(run("hash/find 02:00:00:00:00:0b")));
    }

    @Test
    void shouldPrintVdeSwitchsBucketNumbersInBucketOrder() throws Exception {
        final VdeClient a = attach("a");
        final VdeClient b = attach("b");
        final byte[] f = new byte[60];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        f[6] = 2;
        f[11] = 0x0b; // 02:00:00:00:00:0b on port 1: vde_switch's bucket 26 of 128
        a.send(f);
        b.receive(new byte[100], 2000);
        f[11] = 0x0a; // 02:00:00:00:00:0a on port 2: bucket 9, printed first
        b.send(f);
        a.receive(new byte[100], 2000);
        final String print = run("hash/print");
        assertTrue(print.matches("0000 DATA END WITH '.'\n"
            + "Hash: 0009 Addr: 02:00:00:00:00:0a VLAN 0000 to port: 002  age \\d+ secs\n"
            + "Hash: 0026 Addr: 02:00:00:00:00:0b VLAN 0000 to port: 001  age \\d+ secs\n"
            + "\\.\n1000 Success\n"), print);
    }

    @Test
    void shouldShowHashAndPortInfo() {
        assertTrue(run("hash/showinfo").startsWith("0000 DATA END WITH '.'\nHash size 128\nGC interval 2 secs\n"
            + "GC expire 100 secs\nMin persistence 3 secs\n"));
        assertEquals("0000 DATA END WITH '.'\nNumports=32\nHUB=false\ncounters=true\n.\n1000 Success\n",
            run("port/showinfo"));
        assertEquals("1000 Success\n", run("port/sethub 1"));
        assertTrue(run("port/showinfo").contains("HUB=true"));
        assertTrue(run("hash/setsize 100").contains("Hash size must be a power of 2. 100 rounded to 128"));
    }

    @Test
    void shouldSetAnAccessVlanAndRefuseUnknownOnes() throws Exception {
        attach("a");
        assertTrue(run("port/setvlan 1 10").endsWith("1006 No such device or address\n"), "undefined VLAN refused");
        run("vlan/create 10");
        assertEquals("1000 Success\n", run("port/setvlan 1 10"));
        assertTrue(run("port/print 1").contains("untagged_vlan=0010"));
    }

    @Test
    void shouldCountDropsByReason() throws Exception {
        final VdeClient a = attach("a");
        a.send(new byte[10]);
        final String out = Poll.until("drop runt counted", Duration.ofSeconds(5), () -> run("port/counters 1"),
            o -> o.contains("drop runt"));
        assertTrue(out.contains("Port 0001 IN 1 pkts"), out);
    }

    @Test
    void shouldSetAMacLimitAndShowItWithTheLearnedCountAfterVdeSwitchsLines() throws Exception {
        final VdeClient a = attach("vdeplug: user=root pid=10390");
        final VdeClient b = attach("b");
        assertEquals("1000 Success\n", run("port/maclimit 1 1"));
        a.send(frame(0x0200_0000_000AL));
        a.send(frame(0x0200_0000_000CL)); // over the limit: dropped
        final byte[] buf = new byte[2048];
        assertTrue(b.receive(buf, 2000) > 0);
        final String counters = Poll.until("drop mac_limit counted", Duration.ofSeconds(5),
            () -> run("port/counters 1"), o -> o.contains("drop mac_limit"));
        assertTrue(counters.contains("\n  drop mac_limit          1  (mac limit: source MAC would exceed the port's "
            + "limit of learned MACs)\n"), counters);
        assertEquals("0000 DATA END WITH '.'\n"
            + "Port 0001 untagged_vlan=0000 ACTIVE - Unnamed Allocatable\n"
            + " Current User: root Access Control: (User: NONE - Group: NONE)\n"
            + " IN:  pkts          2          bytes                  120\n"
            + " OUT: pkts          0          bytes                    0\n"
            + String.format("  -- endpoint ID %04d module unix prog   : vdeplug: user=root pid=10390%n", 1)
            + " MAC limit: 1 learned: 1\n"
            + ".\n1000 Success\n", run("port/print 1"));
        assertTrue(run("port/allprint").contains(" MAC limit: 1 learned: 1\n"));
        assertEquals(1, run("port/print").split(" MAC limit:", -1).length - 1, "only the limited port shows it");
        assertEquals("1000 Success\n", run("port/maclimit 1 0"));
        assertTrue(!run("port/print 1").contains("MAC limit"), "0 = unlimited, no line");
    }

    @Test
    void shouldRefuseBadMacLimits() {
        assertEquals("1006 No such device or address\n", lastLine(run("port/maclimit 5 1")));
        assertEquals("1022 Invalid argument\n", lastLine(run("port/maclimit 99999 1")));
        assertEquals("1000 Success\n", run("port/create 5"));
        assertEquals("1022 Invalid argument\n", lastLine(run("port/maclimit 5 -1")));
        assertEquals("1000 Success\n", run("port/maclimit 5 3"));
        assertTrue(run("port/allprint 5").contains(" MAC limit: 3 learned: 0\n"));
    }

    @Test
    void shouldConnectAPortToAStreamServerShowTheLinkAndDisconnectIt() throws Exception {
        final Path server = tmp.resolve("server.stream");
        try (VdeSwitch other = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("other"))
            .streams(List.of(io.jvde.sw.engine.StreamAddress.parse(server.toString()))).build(), l -> { })) {
            assertEquals("1000 Success\n", run("port/connect 7 stream:" + server));
            final long deadline = System.nanoTime() + 5_000_000_000L;
            String print;
            do {
                print = run("port/print 7");
            } while (!print.contains(" connected\n") && System.nanoTime() < deadline);
            assertTrue(print.contains("module link        : link unix:" + server + "\n"), print);
            assertTrue(print.contains(" Link: link unix:" + server + " connected\n"), print);
            assertTrue(lastLine(run("port/connect 7 stream:" + server)).startsWith("1017 "), "one link per port");
            assertEquals("1000 Success\n", run("port/disconnect 7"));
            assertTrue(!run("port/allprint 7").contains("Link:"), "the link is gone");
            assertTrue(lastLine(run("port/disconnect 7")).startsWith("1006 "), "no link to end");
        }
        final String bad = run("port/connect 8 tcp:nowhere");
        assertTrue(bad.contains("tcp:nowhere") && lastLine(bad).startsWith("1022 "), bad);
    }

    private static byte[] frame(final long src) {
        final byte[] f = new byte[60];
        java.util.Arrays.fill(f, 0, 6, (byte) 0xFF);
        for (int i = 0; i < 6; i++) {
            f[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xb5;
        return f;
    }

    private static String lastLine(final String s) {
        final String[] lines = s.split("\n");
        return lines[lines.length - 1] + "\n";
    }
}
