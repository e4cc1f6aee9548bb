package io.jvde.app.dhcp;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DHCP port inside a real in-process switch, driven by raw VDE clients over unix sockets. */
class DhcpPortTest {
    static final String MAC_A = "52:54:00:12:34:56";
    static final String MAC_B = "52:54:00:ab:cd:ef";
    static final String MAC_RESERVED = "52:54:00:01:01:01";
    static final long SERVER_MAC = DhcpSettings.DEFAULT_SERVER_MAC;

    @TempDir
    Path tmp;
    final List<String> log = new CopyOnWriteArrayList<>();
    /** Closed by JUnit after each test: the clients, the DHCP part, the switch. */
    @AutoClose
    DhcpPortSwitch fixture;
    VdeSwitch sw;
    DhcpPort port;
    DhcpExtension extension;

    @BeforeEach
    void start() throws Exception {
        fixture = DhcpPortSwitch.start(tmp.resolve("sw"), log);
        sw = fixture.sw;
    }

    void attach(final DhcpSettings settings, final Path leaseFile) throws Exception {
        extension = new DhcpExtension(settings, leaseFile == null ? LeaseFile.memoryOnly() : LeaseFile.at(leaseFile));
        port = fixture.attach(extension);
    }

    static DhcpSettings twoVlans() {
        return DhcpSettings.builder()
            .scope(Scope.builder(0, "10.86.68.0/24").name("default").range("10.86.68.10", "10.86.68.20")
                .reservation(Reservation.ofMac(MAC_RESERVED, "10.86.68.5", "server-1")).build())
            .scope(Scope.builder(10, "192.168.10.0/24").name("ten").range("192.168.10.100", "192.168.10.110")
                .router("192.168.10.1").build())
            .build();
    }

    VdeClient client(final String name) throws Exception {
        return fixture.connect(name);
    }

    /** The next DHCP reply from the server within 2 s; other frames (floods) are skipped. */
    static ReplyView reply(final VdeClient c, final int xid) {
        final byte[] buf = new byte[2048];
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            final int n = c.receive(buf, 100);
            if (n <= 0) {
                continue;
            }
            final byte[] f = Arrays.copyOf(buf, n);
            if (Bytes.mac(f, 6) == SERVER_MAC && Bytes.uint16(f, 12) == 0x0800 && f[23] == 17) {
                final ReplyView v = new ReplyView(f);
                if (v.udpDst == 68 && v.xid == xid) {
                    return v;
                }
            }
        }
        return null;
    }

    /** DISCOVER, OFFER, REQUEST, ACK; returns the ACK. */
    static ReplyView dora(final VdeClient c, final String mac, final int xid) {
        c.send(ClientFrame.discover(mac).xid(xid).frame());
        final ReplyView offer = reply(c, xid);
        assertNotNull(offer, "an OFFER for " + mac);
        assertEquals(2, offer.messageType(), "DHCPOFFER");
        final String yiaddr = Bytes.ip(offer.yiaddr);
        final String server = Bytes.ip(offer.optionInt(54));
        c.send(ClientFrame.request(mac).xid(xid).requestedIp(yiaddr).serverId(server).frame());
        final ReplyView ack = reply(c, xid);
        assertNotNull(ack, "an ACK for " + mac);
        assertEquals(5, ack.messageType(), "DHCPACK");
        assertEquals(offer.yiaddr, ack.yiaddr);
        return ack;
    }

    @Test
    void shouldLeaseAnAddressOnTheUntaggedVlanThroughTheSwitch() throws Exception {
        attach(twoVlans(), null);
        final VdeClient a = client("a");
        final ReplyView ack = dora(a, MAC_A, 0x1111);
        assertTrue(ack.ipChecksumOk && ack.udpChecksumOk, "software checksums are correct");
        final String ip = Bytes.ip(ack.yiaddr);
        assertTrue(ip.startsWith("10.86.68."), ip);
        assertEquals(Bytes.ip("10.86.68.254"), ack.optionInt(54), "server id: the subnet's last usable address");
        assertEquals(Bytes.mac(MAC_A), ack.ethDst, "unicast to chaddr: the switch forwarded it to the client");
        final String leases = String.join("\n", sw.call(c -> port.responder().leases(0, System.currentTimeMillis()))
            .stream().map(Object::toString).toList());
        assertTrue(leases.contains(ip) && leases.contains("bound"), leases);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("dhcp: DHCPOFFER " + ip)), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("dhcp: DHCPACK " + ip) && l.contains("scope default")),
            "one log line per exchange, naming the scope: " + log);
    }

    /** {@code --dhcp-quiet}: the lease is served and bound as before, without a log line per exchange. */
    @Test
    void shouldServeWithoutALogLinePerExchangeWhenQuiet() throws Exception {
        extension = new DhcpExtension(twoVlans(), LeaseFile.memoryOnly()).quiet(true);
        port = fixture.attach(extension);
        final VdeClient a = client("a");
        final String ip = Bytes.ip(dora(a, MAC_A, 0x1112).yiaddr);
        final String leases = String.join("\n", sw.call(c -> port.responder().leases(0, System.currentTimeMillis()))
            .stream().map(Object::toString).toList());
        assertTrue(leases.contains(ip) && leases.contains("bound"), leases);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("dhcp: DHCP")), "no exchange line: " + log);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("dhcp: serving")), "the start-up line stays: " + log);
    }

    @Test
    void shouldGiveAReservedMacItsReservedAddressAndSayWhy() throws Exception {
        attach(twoVlans(), null);
        final ReplyView ack = dora(client("r"), MAC_RESERVED, 0x2222);
        assertEquals(Bytes.ip("10.86.68.5"), ack.yiaddr);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("dhcp: DHCPACK 10.86.68.5") && l.contains("reservation")),
            log.toString());
    }

    @Test
    void shouldServeEachVlanFromItsOwnScopeAndTagRepliesForTheSwitch() throws Exception {
        attach(twoVlans(), null);
        final VdeClient ten = client("ten");
        final VdeClient zero = client("zero");
        assertEquals(0, (int) sw.call(c -> c.vlanTable().setUntagged(ten.port(), 10)));
        final ReplyView onTen = dora(ten, MAC_B, 0x3333);
        final ReplyView onZero = dora(zero, MAC_A, 0x4444);
        assertTrue(Bytes.ip(onTen.yiaddr).startsWith("192.168.10.1"), Bytes.ip(onTen.yiaddr));
        assertEquals(Bytes.ip("192.168.10.1"), onTen.optionInt(3), "vlan 10's router");
        assertTrue(Bytes.ip(onZero.yiaddr).startsWith("10.86.68."), Bytes.ip(onZero.yiaddr));
        assertFalse(onZero.has(3), "vlan 0 has no router configured");
        final boolean tagged = sw.call(c -> c.vlanTable().isTaggedMember(10, extension.port()));
        assertTrue(tagged, "the DHCP port is a tagged member of the served VLAN");
    }

    @Test
    void shouldAnswerArpForTheServerAddressSoRenewingClientsCanUnicast() throws Exception {
        attach(twoVlans(), null);
        final VdeClient a = client("a");
        final byte[] arp = new byte[60];
        final byte[] mac = Bytes.hex("525400123456");
        Arrays.fill(arp, 0, 6, (byte) 0xFF);
        System.arraycopy(mac, 0, arp, 6, 6);
        arp[12] = 0x08;
        arp[13] = 0x06;
        final byte[] body = Bytes.hex("0001080006040001525400123456" + "0a564414" + "000000000000" + "0a5644fe");
        System.arraycopy(body, 0, arp, 14, body.length);
        a.send(arp);
        final byte[] buf = new byte[2048];
        byte[] answer = null;
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (answer == null && System.nanoTime() < deadline) {
            final int n = a.receive(buf, 100);
            if (n > 0 && Bytes.uint16(buf, 12) == 0x0806) {
                answer = Arrays.copyOf(buf, n);
            }
        }
        assertNotNull(answer, "an ARP reply");
        assertEquals(2, Bytes.uint16(answer, 20), "ARP reply");
        assertEquals(SERVER_MAC, Bytes.mac(answer, 22), "sender hardware address: the server's MAC");
    }

    @Test
    void shouldKeepAcknowledgedLeasesInTheJournalAcrossARestart() throws Exception {
        final Path leases = tmp.resolve("leases");
        attach(twoVlans(), leases);
        final ReplyView ack = dora(client("a"), MAC_A, 0x5555);
        fixture.close(); // the clients, the port (its journal synced and closed), the switch
        fixture = DhcpPortSwitch.start(tmp.resolve("sw"), log);
        sw = fixture.sw;
        attach(twoVlans(), leases);
        final String listed = sw.call(c -> port.responder().leases(0, System.currentTimeMillis())).toString();
        assertTrue(listed.contains(Bytes.ip(ack.yiaddr)) && listed.contains("bound"), listed);
        final ReplyView again = dora(client("a2"), MAC_A, 0x6666);
        assertEquals(ack.yiaddr, again.yiaddr, "the returning client gets its address back");
    }

    /** {@code --dhcp-lease-sync write}: the journal is written, not fsynced, and says so; leases persist as before. */
    @Test
    void shouldKeepAcknowledgedLeasesWhenTheJournalIsWrittenWithoutFsync() throws Exception {
        final Path leases = tmp.resolve("leases");
        extension = new DhcpExtension(twoVlans(), LeaseFile.at(leases).withFsync(false));
        port = fixture.attach(extension);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("dhcp: serving") && l.contains("(written, not fsynced)")),
            log.toString());
        final ReplyView ack = dora(client("a"), MAC_A, 0x7777);
        fixture.close();
        fixture = DhcpPortSwitch.start(tmp.resolve("sw"), log);
        sw = fixture.sw;
        attach(twoVlans(), leases);
        final String listed = sw.call(c -> port.responder().leases(0, System.currentTimeMillis())).toString();
        assertTrue(listed.contains(Bytes.ip(ack.yiaddr)) && listed.contains("bound"), listed);
    }
}
