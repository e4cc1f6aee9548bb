package io.jvde.app.dhcp;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dhcp/ console menu against a real in-process switch, with a fixed clock so the output is golden. */
class DhcpCommandsTest {
    static final long NOW = 1_700_000_000_000L;
    static final String OK = "1000 Success\n";
    static final String DATA = "0000 DATA END WITH '.'\n";

    @TempDir
    Path tmp;
    /** Closed by JUnit after each test: the clients, the DHCP part, the switch. */
    @AutoClose
    ConsoleDhcpSwitch fixture;
    VdeClient client;

    @BeforeEach
    void start() throws Exception {
        final DhcpSettings settings = DhcpSettings.builder()
            .scope(Scope.builder(0, "10.86.68.0/24").name("default").range("10.86.68.10", "10.86.68.20")
                .reservation(Reservation.ofMac("52:54:00:01:01:01", "10.86.68.1", "server-1")).build())
            .scope(Scope.builder(10, "192.168.10.0/24").name("ten").range("192.168.10.100", "192.168.10.110")
                .leaseTime(3600).build())
            .build();
        fixture = ConsoleDhcpSwitch.start(tmp.resolve("sw"), new DhcpExtension(settings, LeaseFile.memoryOnly(),
            () -> NOW));
        client = fixture.client;
    }

    String run(final String line) {
        return fixture.run(line);
    }

    @Test
    void shouldListTheScopesWithTheirCounters() {
        DhcpPortTest.dora(client, "52:54:00:12:34:56", 0x77);
        assertEquals(DATA
            + "vlan 0 \"default\" 10.86.68.0/24 server 10.86.68.254 range 10.86.68.10-10.86.68.20 lease 86400s"
            + " reservations 1 leases 1\n"
            + "vlan 10 \"ten\" 192.168.10.0/24 server 192.168.10.254 range 192.168.10.100-192.168.10.110 lease 3600s"
            + " leases 0\n"
            + "exchanges offer=1 ack=1 nak=0 inform_ack=0 release=0 decline=0 ignored=0 expired=0\n"
            + "arp=0 icmp=0 syncs=0 sent=2 inject-failures=0\n"
            + "drops 0\n"
            + ".\n" + OK, run("dhcp/scopes"));
    }

    @Test
    void shouldListAndReleaseLeases() {
        final int ip = DhcpDportAck.ip(client);
        final String addr = Bytes.ip(ip);
        final long expiry = NOW + 86_400_000L;
        assertEquals(DATA + "vlan 0 " + addr + " 52:54:00:12:34:56 bound " + expiry + "\n.\n" + OK, run("dhcp/leases"));
        assertEquals(DATA + ".\n" + OK, run("dhcp/leases 10"));
        assertEquals(OK, run("dhcp/release 0 " + addr));
        assertEquals("no lease on " + addr + " in vlan 0\n1006 No such device or address\n",
            run("dhcp/release 0 " + addr));
        assertEquals(true, run("dhcp/leases 0").contains(addr + " 52:54:00:12:34:56 released"), run("dhcp/leases"));
    }

    @Test
    void shouldReserveAndUnreserveAtRunTime() {
        assertEquals(OK, run("dhcp/reserve 0 52:54:00:12:34:56 10.86.68.2 web"));
        assertEquals(Bytes.ip("10.86.68.2"), DhcpPortTest.dora(client, "52:54:00:12:34:56", 0x78).yiaddr);
        assertEquals(OK, run("dhcp/unreserve 0 52:54:00:12:34:56"));
        assertEquals("no reservation for 52:54:00:12:34:56 in vlan 0\n1006 No such device or address\n",
            run("dhcp/unreserve 0 52:54:00:12:34:56"));
    }

    @Test
    void shouldRefuseBadArgumentsNamingThem() {
        assertEquals("scopes[0].reservations[1].address: 10.99.0.2 (expected: a host address of 10.86.68.0/24, not its"
            + " network or broadcast address)\n1022 Invalid argument\n", run("dhcp/reserve 0 52:54:00:12:34:56 10.99.0.2"));
        assertEquals("mac: nomac (expected: a MAC like 52:54:00:01:01:01)\n1022 Invalid argument\n",
            run("dhcp/reserve 0 nomac 10.86.68.2"));
        assertEquals(DATA + "vlan 7 (expected: a VLAN with a DHCP scope)\n.\n1006 No such device or address\n",
            run("dhcp/leases 7"));
        assertEquals("ip: 10.86.68 (expected: an IPv4 address)\n1022 Invalid argument\n",
            run("dhcp/release 0 10.86.68"));
    }

    /** A DORA for the test's fixed client MAC. */
    static final class DhcpDportAck {
        static int ip(final VdeClient c) {
            return DhcpPortTest.dora(c, "52:54:00:12:34:56", 0x79).yiaddr;
        }
    }
}
