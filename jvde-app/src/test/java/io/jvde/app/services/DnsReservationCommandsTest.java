package io.jvde.app.services;

import io.jvde.app.dhcp.ConsoleDhcpSwitch;
import io.jvde.app.dhcp.DhcpConfig;
import io.jvde.app.dhcp.DhcpExtension;
import io.jvde.app.dhcp.DhcpPort;
import io.jvde.app.dhcp.LeaseFile;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.UdpFrame;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names of reservations added or removed at run time with the console's dhcp/reserve and dhcp/unreserve reach the
 * switch's DNS at once: asked over a real in-process switch, the name resolves right after dhcp/reserve and is
 * NXDOMAIN right after dhcp/unreserve; a configured reservation's name stays throughout.
 */
@Timeout(30)
class DnsReservationCommandsTest {
    static final long NOW = 1_700_000_000_000L;
    static final String OK = "1000 Success\n";
    static final long CLIENT_MAC = Bytes.mac("52:54:00:aa:00:01");
    static final int CLIENT_IP = Bytes.ip("10.86.68.50");
    static final int SERVER_IP = Bytes.ip("10.86.68.254");
    static final int NOERROR = 0;
    static final int NXDOMAIN = 3;

    @TempDir
    Path tmp;
    /** Closed by JUnit after each test: the clients, the DHCP part, the switch. */
    @AutoClose
    ConsoleDhcpSwitch fixture;
    VdeSwitch sw;
    DhcpPort port;
    VdeClient client;
    List<String> log;

    @BeforeEach
    void start() throws Exception {
        final DhcpSettings settings = DhcpSettings.builder().scope(Scope.builder(0, "10.86.68.0/24")
            .domainName("lab.example").range("10.86.68.10", "10.86.68.20")
            .reservation(Reservation.ofMac("52:54:00:01:01:01", "10.86.68.1", "server-1")).build()).build();
        final ServicesConfig services = new ServicesConfig(true, 10, List.of(), null, null, Map.of());
        fixture = ConsoleDhcpSwitch.start(tmp.resolve("sw"), new DhcpExtension(
            DhcpConfig.serving(settings).withServices(services), LeaseFile.memoryOnly(), () -> NOW));
        sw = fixture.sw;
        port = fixture.port();
        client = fixture.client;
        log = fixture.log;
    }

    String run(final String line) {
        return fixture.run(line);
    }

    /** The DNS answer's payload for an A (1) or PTR (12) query of {@code name}. */
    byte[] ask(final int id, final String name, final int type) {
        final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (id >>> 8), (byte) id, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (final String l : name.split("\\.")) {
            b.write(l.length());
            b.writeBytes(l.getBytes());
        }
        b.writeBytes(new byte[] {0, 0, (byte) type, 0, 1});
        client.send(UdpFrame.of(sw.call(c -> port.responder().serverMac()), CLIENT_MAC, CLIENT_IP, SERVER_IP, 40000,
            53, b.toByteArray()));
        final byte[] buf = new byte[2048];
        for (int i = 0; i < 100; i++) {
            final int n = client.receive(buf, 50);
            if (n > 42 && Bytes.uint16(buf, 12) == 0x0800 && buf[23] == 17 && Bytes.uint16(buf, 34) == 53) {
                final byte[] payload = UdpFrame.payload(Arrays.copyOf(buf, n));
                if (Bytes.uint16(payload, 0) == id) {
                    return payload;
                }
            }
        }
        return null;
    }

    static int rcode(final byte[] payload) {
        return payload[3] & 0x0F;
    }

    /** The address of a one-answer A response: its last four bytes. */
    static int address(final byte[] payload) {
        assertEquals(1, Bytes.uint16(payload, 6), "one answer");
        return Bytes.int32(payload, payload.length - 4);
    }

    @Test
    void reservationNamesReachDnsAtOnceAndLeaveWithTheReservation() {
        assertEquals(NXDOMAIN, rcode(assertAnswered(ask(1, "web.lab.example", 1))));

        assertEquals(OK, run("dhcp/reserve 0 52:54:00:12:34:56 10.86.68.2 web"));
        final byte[] a = assertAnswered(ask(2, "web.lab.example", 1));
        assertEquals(NOERROR, rcode(a));
        assertEquals(Bytes.ip("10.86.68.2"), address(a));
        assertEquals(Bytes.ip("10.86.68.2"), address(assertAnswered(ask(3, "web", 1))), "the short name too");
        assertEquals(NOERROR, rcode(assertAnswered(ask(4, "2.68.86.10.in-addr.arpa", 12))), "and its PTR");
        assertTrue(run("dns/print").contains("web.lab.example"), "dns/print lists it");

        assertEquals(OK, run("dhcp/reserve 0 52:54:00:12:34:56 10.86.68.3 www"), "renamed and moved");
        assertEquals(NXDOMAIN, rcode(assertAnswered(ask(5, "web.lab.example", 1))));
        assertEquals(Bytes.ip("10.86.68.3"), address(assertAnswered(ask(6, "www.lab.example", 1))));

        assertEquals(OK, run("dhcp/unreserve 0 52:54:00:12:34:56"));
        assertEquals(NXDOMAIN, rcode(assertAnswered(ask(7, "www.lab.example", 1))));
        assertEquals(NXDOMAIN, rcode(assertAnswered(ask(8, "3.68.86.10.in-addr.arpa", 12))));
        assertEquals(Bytes.ip("10.86.68.1"), address(assertAnswered(ask(9, "server-1.lab.example", 1))),
            "the configured reservation's name stays");
    }

    private byte[] assertAnswered(final byte[] payload) {
        assertNotNull(payload, "the switch answered: " + log);
        return payload;
    }
}
