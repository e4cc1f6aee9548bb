package io.jvde.app.dhcp;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.dhcp.testsupport.TestChecksums;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jvde.app.dhcp.DhcpRelaySwitchTest.receive;
import static io.jvde.app.dhcp.DhcpRelaySwitchTest.udpTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The re-plug defect: a reserved MAC is still sending on its old port (so the MAC table, with its move hysteresis,
 * keeps pointing there) when the same MAC asks for its address on a new port. Every answer the switch gives itself
 * (OFFER, ACK, NAK, INFORM's ACK, ARP and ping for the server address) must reach the port the request came from,
 * not wherever the MAC table points. Before the fix the OFFER went to the old port and the new one never got it.
 */
@Timeout(30)
class DhcpReplyPortTest {
    static final long NOW = 1_700_000_000_000L;
    static final String MAC = "52:54:00:01:01:01";
    static final String RESERVED = "10.86.68.1";
    static final String SERVER = "10.86.68.254";

    @TempDir
    Path tmp;
    /** Closed by JUnit after each test: the clients, the DHCP part, the switch. */
    @AutoClose
    DhcpPortSwitch fixture;
    VdeSwitch sw;
    DhcpPort port;
    final List<String> log = new CopyOnWriteArrayList<>();
    VdeClient oldPort;
    VdeClient newPort;

    @BeforeEach
    void start() throws Exception {
        fixture = DhcpPortSwitch.start(tmp.resolve("sw"), log);
        sw = fixture.sw;
        final DhcpSettings settings = DhcpSettings.builder()
            .scope(Scope.builder(0, "10.86.68.0/24").name("lab").range("10.86.68.10", "10.86.68.20")
                .reservation(Reservation.ofMac(MAC, RESERVED, "server-1")).build())
            .build();
        port = fixture.attach(new DhcpExtension(settings, LeaseFile.memoryOnly(), () -> NOW));
        oldPort = fixture.connect("old");
        newPort = fixture.connect("new");
        // the old port teaches the switch the MAC: an ordinary broadcast (an ARP for someone else)
        oldPort.send(arpRequest("10.86.68.77"));
        awaitLearnedOn(oldPort.port());
    }

    void awaitLearnedOn(final int expected) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            final int learned = sw.call(c -> c.macTable().lookup(0, Bytes.mac(MAC), System.nanoTime()));
            if (learned == expected) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the MAC was not learned on port " + expected + ": " + log);
    }

    static byte[] arpRequest(final String target) {
        final byte[] f = new byte[60];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xFF;
        }
        System.arraycopy(macBytes(Bytes.mac(MAC)), 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x06;
        final byte[] arp = {0, 1, 8, 0, 6, 4, 0, 1};
        System.arraycopy(arp, 0, f, 14, 8);
        System.arraycopy(macBytes(Bytes.mac(MAC)), 0, f, 22, 6);
        System.arraycopy(Bytes.int32(Bytes.ip(RESERVED)), 0, f, 28, 4);
        System.arraycopy(Bytes.int32(Bytes.ip(target)), 0, f, 38, 4);
        return f;
    }

    /** The old port keeps sending, so the entry stays there (the switch's move hysteresis), then the new asks. */
    byte[] askFromNewPort(final byte[] request, final int etherType) throws InterruptedException {
        oldPort.send(arpRequest("10.86.68.78"));
        newPort.send(request);
        final byte[] got = receive(newPort, 3000, f -> etherType == 0x0806 ? Bytes.uint16(f, 12) == 0x0806
            && Bytes.uint16(f, 20) == 2 : Bytes.uint16(f, 12) == 0x0800 && (f[23] == 1 || udpTo(f, 68)));
        assertEquals(oldPort.port(), (int) sw.call(c -> c.macTable().lookup(0, Bytes.mac(MAC), System.nanoTime())),
            "the MAC table still points at the old port (the situation of the defect)");
        return got;
    }

    @Test
    void offerAndAckGoToThePortTheRequestCameFromNotWhereTheMacTablePoints() throws Exception {
        final byte[] offer = askFromNewPort(ClientFrame.discover(MAC).xid(0x101).frame(), 0x0800);
        assertNotNull(offer, "the new port gets the OFFER: " + log);
        final ReplyView o = new ReplyView(offer);
        assertEquals(2, o.messageType());
        assertEquals(Bytes.ip(RESERVED), o.yiaddr);
        assertEquals(Bytes.mac(MAC), o.ethDst, "unicast to chaddr (no BROADCAST bit), RFC 2131 §4.1 kept");

        final byte[] ack = askFromNewPort(ClientFrame.request(MAC).xid(0x102).requestedIp(RESERVED).serverId(SERVER)
            .frame(), 0x0800);
        assertNotNull(ack, "the new port gets the ACK: " + log);
        assertEquals(5, new ReplyView(ack).messageType());
        assertNull(receive(oldPort, 200, f -> udpTo(f, 68)), "the old port got no reply");
    }

    @Test
    void nakAndInformAnswersGoToTheAskingPort() throws Exception {
        final byte[] nak = askFromNewPort(ClientFrame.request(MAC).xid(0x201).requestedIp("10.86.68.15")
            .serverId(SERVER).frame(), 0x0800);
        assertNotNull(nak, "the new port gets the NAK: " + log);
        final ReplyView n = new ReplyView(nak);
        assertEquals(6, n.messageType());
        assertEquals(0xFFFF_FFFF_FFFFL, n.ethDst, "a NAK is broadcast (RFC 2131 §4.3.2), but only to the asker");

        final byte[] inform = askFromNewPort(ClientFrame.of(ClientFrame.INFORM, MAC).xid(0x202).ciaddr(RESERVED)
            .from(MAC, RESERVED).frame(), 0x0800);
        assertNotNull(inform, "the new port gets the INFORM's ACK: " + log);
        assertEquals(Bytes.ip(RESERVED), new ReplyView(inform).ipDst, "to ciaddr (RFC 2131 §4.3.5)");
        assertNull(receive(oldPort, 200, f -> udpTo(f, 68)), "the old port got no reply");
    }

    @Test
    void arpAndPingAnswersForTheServerAddressGoToTheAskingPort() throws Exception {
        final byte[] arp = askFromNewPort(arpRequest(SERVER), 0x0806);
        assertNotNull(arp, "the new port gets the ARP reply: " + log);
        assertEquals(Bytes.ip(SERVER), Bytes.int32(arp, 28), "the server address's owner");

        final byte[] ping = askFromNewPort(echoRequest(), 0x0800);
        assertNotNull(ping, "the new port gets the echo reply: " + log);
        assertEquals(0, ping[34], "ICMP echo reply");
    }

    static byte[] echoRequest() {
        final byte[] f = new byte[14 + 20 + 16];
        System.arraycopy(macBytes(DhcpSettings.DEFAULT_SERVER_MAC), 0, f, 0, 6);
        System.arraycopy(macBytes(Bytes.mac(MAC)), 0, f, 6, 6);
        f[12] = 0x08;
        f[14] = 0x45;
        f[16] = 0;
        f[17] = 36;
        f[22] = 64;
        f[23] = 1;
        System.arraycopy(Bytes.int32(Bytes.ip(RESERVED)), 0, f, 26, 4);
        System.arraycopy(Bytes.int32(Bytes.ip(SERVER)), 0, f, 30, 4);
        put16(f, 24, TestChecksums.checksum(f, 14, 20));
        f[34] = 8;
        f[38] = 0x12;
        f[40] = 1;
        put16(f, 36, TestChecksums.checksum(f, 34, 16));
        return f;
    }

    static void put16(final byte[] f, final int at, final int v) {
        f[at] = (byte) (v >>> 8);
        f[at + 1] = (byte) v;
    }

    static byte[] macBytes(final long mac) {
        final byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return b;
    }
}
