package io.jvde.app.it;

import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The re-plug defect with real clients (issue 12): a reserved MAC holds its lease in namespace A and keeps talking
 * (a ping to the server address every 200 ms, so the MAC table's move hysteresis keeps the MAC on A's port); the
 * same MAC then asks from namespace B (a VM re-plugged, or two NICs given one MAC as the NixOS test driver does).
 * udhcpc in B, allowed two DISCOVERs one second apart, must get the reserved address: the switch's replies go to
 * the port the request came from, not to A's port where the MAC table points.
 */
@Tag("slow")
@Timeout(120)
class DhcpReplugIT {
    static final String MAC = "52:54:00:01:01:01";
    static final String RESERVED = "10.86.68.5";

    @RegisterExtension
    final DhcpLab lab = new DhcpLab();

    @Test
    void secondPortWithTheSameMacGetsItsReservedAddressWhileTheOldPortStillSends() throws Exception {
        final SwitchUnderTest sw = lab.start("--dhcp-range", "10.86.68.10,10.86.68.20", "--dhcp-host",
            MAC + "," + RESERVED + ",server-1");
        final Netns a = lab.host(MAC, null);
        assertEquals(RESERVED, lab.lease(a, lab.udhcpc()));
        final ManagedProcess ping = lab.track(a.start("ping", "-i", "0.2", "-w", "100", "10.86.68.254"));
        assertNotNull(ping.waitForLine(Pattern.compile("bytes from 10\\.86\\.68\\.254"), DhcpLab.CONSOLE),
            "A talks to the server: " + ping.output());

        final Netns b = lab.host(MAC, null);
        final int portA = lab.portOf(a);
        final int portB = lab.portOf(b);
        final long started = System.nanoTime();
        final ManagedProcess.Result r = b.exec(DhcpLab.CLIENT_TIMEOUT, Requirements.requireCommand("udhcpc")
            .toString(), "-i", "tap0", "-n", "-q", "-t", "2", "-T", "1");
        final long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(RESERVED, DhcpLab.address(b), "udhcpc in B (port " + portB + ") got no address with A (port "
            + portA + ") still sending: " + r.output() + "\n" + sw.output());
        assertNotNull(sw.process().waitForLine(Pattern.compile("DHCPACK " + Pattern.quote(RESERVED) + " to "
            + MAC + " vlan 0 port " + portB + " "), DhcpLab.CONSOLE), sw.output());
        System.out.println("DhcpReplugIT: B leased " + RESERVED + " in " + millis + " ms (udhcpc -t 2 -T 1)");
        final String table = String.join("\n", lab.console("hash/print"));
        assertTrue(table.contains("Addr: " + MAC + " VLAN 0000 to port: " + String.format("%03d", portA)), "the MAC"
            + " table still points at A's port (the defect's situation): " + table);
    }
}
