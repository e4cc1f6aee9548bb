package io.jvde.app.cli;

import io.jvde.app.ExitCodes;
import io.jvde.sw.vxlan.VxlanSettings;
import io.jvde.vde.sys.SockaddrIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jvde switch}'s VXLAN options (README "VXLAN uplink"). */
class VxlanOptionsTest {
    private final CliFixture cli = new CliFixture();
    @TempDir
    Path tmp;

    private VxlanSettings vxlan() {
        return cli.settings.switchSettings().vxlan();
    }

    @Test
    void noVxlanOptionNoUplink() {
        assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw1"), cli.err());
        assertNull(vxlan());
    }

    @Test
    void everyOptionReachesTheSettings() {
        assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw1", "--vxlan", "192.0.2.1",
            "--vxlan-peer", "192.0.2.2", "--vxlan-peer", "192.0.2.3:8472", "--vxlan-group", "239.1.1.1,eth0",
            "--vxlan-ttl", "3", "--vxlan-vni", "42", "--vxlan-vni", "1010=10", "--vxlan-mtu", "8950",
            "--vxlan-srcports", "4", "--vxlan-sockbuf", "1048576", "--vxlan-dhcp-untrusted", "--vxlan-no-offload"),
            cli.err());
        final VxlanSettings v = vxlan();
        assertEquals(SockaddrIn.parse("192.0.2.1"), v.localAddress());
        assertEquals(4789, v.localPort(), "the IANA port by default");
        assertEquals("[192.0.2.2:4789, 192.0.2.3:8472]", v.peers().toString());
        assertEquals(SockaddrIn.parse("239.1.1.1"), v.group());
        assertEquals("eth0", v.groupInterface());
        assertEquals(3, v.ttl());
        assertEquals("{42=0, 1010=10}", v.vniToVlan().toString());
        assertEquals(8950, v.innerMtu());
        assertEquals(4, v.sourcePorts());
        assertEquals(1 << 20, v.socketBuffer());
        assertEquals(false, v.trusted());
        assertEquals(false, v.offload());
    }

    @Test
    void byDefaultFlowsSpreadOverEightSourcePortsAndTheSocketBuffersAre256MiB() {
        assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "-s", "/tmp/sw1", "--vxlan", "192.0.2.1",
            "--vxlan-peer", "192.0.2.2"), cli.err());
        assertEquals(8, vxlan().sourcePorts());
        assertEquals(256 << 20, vxlan().socketBuffer());
        assertTrue(vxlan().offload(), "UDP offloads on by default");
        assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--vxlan", "192.0.2.1", "--vxlan-peer", "192.0.2.2",
            "--vxlan-sockbuf", "1000"));
        assertTrue(cli.err().contains("--vxlan-sockbuf: 1000 (expected: a socket buffer of 65536..1073741824 bytes)"),
            cli.err());
    }

    @Test
    void aBadValueNamesTheOptionAndTheExpectation() {
        assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--vxlan", "192.0.2.1", "--vxlan-peer", "192.0.2.2",
            "--vxlan-vni", "0=5"));
        assertTrue(cli.err().contains("jvde: --vxlan-vni: '0=5' (expected: a VNI 1..16777215)"), cli.err());
        assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--vxlan-peer", "192.0.2.2"));
        assertTrue(cli.err().contains("--vxlan: missing"), cli.err());
        assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--vxlan", "192.0.2.1"));
        assertTrue(cli.err().contains("no peer and no group"), cli.err());
    }

    @Test
    void theYamlFileGivesTheSameFields() throws Exception {
        final Path f = tmp.resolve("vxlan.yaml");
        Files.writeString(f, "vxlan:\n  local: 192.0.2.1:5000\n  peers: [192.0.2.2]\n"
            + "  vnis: [\"42=0\", {vni: 1010, vlan: 10}]\n  innerMtu: 1400\n  dhcpTrusted: false\n  sourcePorts: 2\n"
            + "  offload: false\n");
        assertEquals(CliFixture.RUNNER_STATUS, cli.jvde("switch", "--vxlan-config", f.toString()), cli.err());
        assertEquals(5000, vxlan().localPort());
        assertEquals("[192.0.2.2:5000]", vxlan().peers().toString());
        assertEquals("{42=0, 1010=10}", vxlan().vniToVlan().toString());
        assertEquals(1400, vxlan().innerMtu());
        assertEquals(false, vxlan().trusted());
        assertEquals(2, vxlan().sourcePorts());
        assertEquals(false, vxlan().offload());
    }

    @Test
    void aBadYamlValueNamesFileLineAndField() throws Exception {
        final Path f = tmp.resolve("vxlan.yaml");
        Files.writeString(f, "vxlan:\n  local: 192.0.2.1\n  peers: [192.0.2.2]\n  vnis:\n    - 42\n    - 99999999\n");
        assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--vxlan-config", f.toString()));
        assertTrue(cli.err().contains(f + ":6: vxlan.vnis[1]: '99999999' (expected: a VNI 1..16777215)"), cli.err());
        Files.writeString(f, "vxlan:\n  local: 192.0.2.1\n  peer: [192.0.2.2]\n");
        assertEquals(ExitCodes.USAGE, cli.jvde("switch", "--vxlan-config", f.toString()));
        assertTrue(cli.err().contains(f + ":3: vxlan.peer: unknown field"), cli.err());
    }
}
