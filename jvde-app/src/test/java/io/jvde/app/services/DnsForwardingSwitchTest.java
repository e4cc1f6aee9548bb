package io.jvde.app.services;

import io.jvde.app.RunningSwitch;
import io.jvde.app.dhcp.DhcpConfig;
import io.jvde.app.dhcp.DhcpExtension;
import io.jvde.app.dhcp.DhcpPort;
import io.jvde.app.dhcp.LeaseFile;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.UdpFrame;
import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dns.upstream through a real in-process switch: a query for a name outside the lab goes from the host socket to
 * an upstream on loopback under a fresh ID; its answer returns to the asking port with the client's own ID, from
 * the server address and port 53. A lab name never leaves the switch.
 */
@Timeout(30)
class DnsForwardingSwitchTest {
    static final long CLIENT_MAC = Bytes.mac("52:54:00:aa:00:01");
    static final int CLIENT_IP = Bytes.ip("10.86.68.50");
    static final int SERVER_IP = Bytes.ip("10.86.68.254");

    @TempDir
    Path tmp;
    VdeSwitch sw;
    DhcpPort port;
    DatagramSocket upstream;
    final List<String> log = new CopyOnWriteArrayList<>();
    VdeClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        upstream.setSoTimeout(5000);
        sw = VdeSwitch.start(SwitchSettings.builder(tmp.resolve("sw")).build(), log::add);
        final DhcpSettings settings = DhcpSettings.builder().scope(Scope.builder(0, "10.86.68.0/24")
            .domainName("lab.example").range("10.86.68.10", "10.86.68.20").build()).build();
        final ServicesConfig services = new ServicesConfig(true, 10, List.of(new ServicesConfig.Record("nas",
            Bytes.ip("10.86.68.9"))), new InetSocketAddress("127.0.0.1", upstream.getLocalPort()), null, Map.of());
        port = new DhcpExtension(DhcpConfig.serving(settings).withServices(services), LeaseFile.memoryOnly())
            .attach(RunningSwitch.of(sw), log::add);
        client = VdeClient.connect(tmp.resolve("sw"), "client");
    }

    @AfterEach
    void stop() {
        client.close();
        sw.call(c -> {
            port.close();
            return null;
        });
        port.services().close();
        sw.close();
        upstream.close();
    }

    static byte[] query(final int id, final String name) {
        final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (id >>> 8), (byte) id, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (final String l : name.split("\\.")) {
            b.write(l.length());
            b.writeBytes(l.getBytes());
        }
        b.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return b.toByteArray();
    }

    byte[] ask(final byte[] q) {
        client.send(UdpFrame.of(sw.call(c -> port.responder().serverMac()), CLIENT_MAC, CLIENT_IP, SERVER_IP, 40000,
            53, q));
        final byte[] buf = new byte[2048];
        for (int i = 0; i < 100; i++) {
            final int n = client.receive(buf, 50);
            if (n > 42 && Bytes.uint16(buf, 12) == 0x0800 && buf[23] == 17 && Bytes.uint16(buf, 34) == 53) {
                return Arrays.copyOf(buf, n);
            }
        }
        return null;
    }

    @Test
    void outsideNamesGoUpstreamAndTheAnswerComesBackWithTheClientsId() throws Exception {
        final byte[] lab = ask(query(0x0101, "nas.lab.example"));
        assertNotNull(lab, "a lab name is answered by the switch: " + log);
        assertEquals(0x0101, Bytes.uint16(UdpFrame.payload(lab), 0));

        final byte[] q = query(0x4242, "example.org");
        client.send(UdpFrame.of(sw.call(c -> port.responder().serverMac()), CLIENT_MAC, CLIENT_IP, SERVER_IP,
            40000, 53, q));
        final DatagramPacket got = new DatagramPacket(new byte[1500], 1500);
        upstream.receive(got);
        final byte[] forwarded = Arrays.copyOf(got.getData(), got.getLength());
        assertEquals(q.length, forwarded.length);
        assertArrayEquals(Arrays.copyOfRange(q, 2, q.length), Arrays.copyOfRange(forwarded, 2, q.length),
            "the query as it was, under a fresh ID");
        final byte[] answer = forwarded.clone();
        answer[2] = (byte) 0x81;
        answer[3] = (byte) 0x80; // QR, RD, RA, NOERROR
        upstream.send(new DatagramPacket(answer, answer.length, got.getSocketAddress()));
        byte[] reply = null;
        final byte[] buf = new byte[2048];
        for (int i = 0; i < 100 && reply == null; i++) {
            final int n = client.receive(buf, 50);
            if (n > 42 && buf[23] == 17 && Bytes.uint16(buf, 34) == 53) {
                reply = Arrays.copyOf(buf, n);
            }
        }
        assertNotNull(reply, "the upstream's answer reached the client: " + log);
        final byte[] payload = UdpFrame.payload(reply);
        assertEquals(0x4242, Bytes.uint16(payload, 0), "the client's own ID");
        assertEquals(0x8180, Bytes.uint16(payload, 2));
        assertEquals(SERVER_IP, Bytes.int32(reply, 26), "from the server address");
        assertEquals(40000, Bytes.uint16(reply, 36));
        assertTrue(UdpFrame.checksumsOk(reply));
    }
}
