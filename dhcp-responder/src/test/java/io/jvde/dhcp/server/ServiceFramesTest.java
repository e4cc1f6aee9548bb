package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.service.Datagram;
import io.jvde.dhcp.service.UdpReplies;
import io.jvde.dhcp.testsupport.Allocations;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.UdpFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one receive path and reply path shared by DHCP and the UDP services (DNS, TFTP): a datagram unicast to the
 * server address on a registered port reaches its service with where it came from; the answer leaves from the
 * server's MAC and address to the port the request came from, with valid checksums; anything else is not for the
 * services and costs no allocation.
 */
class ServiceFramesTest {
    static final int CLIENT = Bytes.ip("192.168.1.100");
    static final int SERVER = Bytes.ip("192.168.1.254");
    static final long CLIENT_MAC = Bytes.mac("52:54:00:aa:00:01");

    final Harness h = Harness.of(Harness.lan().build());
    final List<String> seen = new ArrayList<>();

    /** An echo service on port 53: answers with the payload reversed. */
    void registerEcho() {
        final UdpReplies out = h.responder.replies();
        h.responder.registerService(53, 53, (Datagram from, ByteBuf buf, int offset, int length, long now) -> {
            seen.add(from.ingressPort() + "/" + from.vid() + "/" + Bytes.ip(from.srcIp()) + ":" + from.srcPort());
            final int at = out.begin();
            for (int i = 0; i < length; i++) {
                out.buffer().setByte(at + i, buf.getByte(offset + length - 1 - i));
            }
            out.reply(from, length);
            return DhcpDropReason.OK;
        });
    }

    int send(final byte[] frame, final int port) {
        return h.responder.onFrame(port, 1, Unpooled.wrappedBuffer(frame), 0, frame.length, h.now);
    }

    @Test
    void datagramToTheServerAddressReachesItsServiceAndTheAnswerGoesBackToItsPort() {
        registerEcho();
        final byte[] q = UdpFrame.of(h.serverMac(), CLIENT_MAC, CLIENT, SERVER, 40000, 53, new byte[] {1, 2, 3});
        assertEquals(DhcpDropReason.OK, send(q, 7));
        assertEquals(List.of("7/1/192.168.1.100:40000"), seen);
        final CapturingSink.Sent sent = h.sink.last();
        assertEquals(7, sent.port(), "to the port the query came from");
        assertEquals(1, sent.vid());
        final byte[] f = sent.frame();
        assertEquals(CLIENT_MAC, Bytes.mac(f, 0));
        assertEquals(h.serverMac(), Bytes.mac(f, 6));
        assertEquals(SERVER, Bytes.int32(f, 26));
        assertEquals(CLIENT, Bytes.int32(f, 30));
        assertEquals(53, Bytes.uint16(f, 34));
        assertEquals(40000, Bytes.uint16(f, 36));
        assertArrayEquals(new byte[] {3, 2, 1}, UdpFrame.payload(f));
        assertTrue(UdpFrame.checksumsOk(f));
    }

    @Test
    void datagramsNotUnicastToTheServerOrToAnUnregisteredPortAreNotForTheServices() {
        registerEcho();
        final int other = Bytes.ip("192.168.1.7");
        assertEquals(DhcpDropReason.NOT_FOR_SERVER.id(), send(UdpFrame.of(h.serverMac(), CLIENT_MAC, CLIENT, other,
            40000, 53, new byte[4]), 7), "another host's address");
        assertEquals(DhcpDropReason.NOT_FOR_SERVER.id(), send(UdpFrame.of(-1L & 0xFFFF_FFFF_FFFFL, CLIENT_MAC,
            CLIENT, Bytes.ip("255.255.255.255"), 40000, 53, new byte[4]), 7), "a broadcast");
        assertEquals(DhcpDropReason.NOT_FOR_SERVER.id(), send(UdpFrame.of(h.serverMac(), CLIENT_MAC, CLIENT, SERVER,
            40000, 54, new byte[4]), 7), "a port no service has");
        assertEquals(List.of(), seen);
        assertEquals(0, h.sink.count());
    }

    @Test
    void framesNotForTheServicesAllocateNothing() {
        registerEcho();
        final ByteBuf flooded = Unpooled.directBuffer(128);
        flooded.writeBytes(UdpFrame.of(Bytes.mac("52:54:00:aa:00:09"), CLIENT_MAC, CLIENT, Bytes.ip("192.168.1.9"),
            40000, 53, new byte[20]));
        final ByteBuf otherPort = Unpooled.directBuffer(128);
        otherPort.writeBytes(UdpFrame.of(h.serverMac(), CLIENT_MAC, CLIENT, SERVER, 40000, 5353, new byte[20]));
        final Runnable round = () -> {
            for (int i = 0; i < 1000; i++) {
                h.responder.onFrame(3, 1, flooded, 0, flooded.writerIndex(), h.now);
                h.responder.onFrame(3, 1, otherPort, 0, otherPort.writerIndex(), h.now);
            }
        };
        for (int i = 0; i < 20; i++) {
            round.run();
        }
        assertEquals(0, Allocations.measure(round), "bytes allocated for 2000 frames not for the services");
    }

    @Test
    void serviceAnswersAllocateNothingOnceWarm() {
        final long[] sent = {0};
        final DhcpResponder r = DhcpResponder.start(io.jvde.dhcp.config.DhcpSettings.builder()
            .scope(Harness.lan().build()).build(), io.jvde.dhcp.lease.LeaseJournal.inMemory(),
            (port, vid, frame, offset, length) -> sent[0]++, DhcpEventListener.NONE, Harness.START);
        final UdpReplies out = r.replies();
        r.registerService(69, 69, (from, buf, offset, length, now) -> {
            final int at = out.begin();
            out.buffer().setBytes(at, buf, offset, length);
            out.reply(from, length);
            return DhcpDropReason.OK;
        });
        final ByteBuf q = Unpooled.directBuffer(128);
        q.writeBytes(UdpFrame.of(r.serverMac(), CLIENT_MAC, CLIENT, SERVER, 40000, 69, new byte[30]));
        final Runnable round = () -> {
            for (int i = 0; i < 1000; i++) {
                r.onFrame(3, 1, q, 0, q.writerIndex(), Harness.START);
            }
        };
        for (int i = 0; i < 20; i++) {
            round.run();
        }
        assertEquals(20_000, sent[0]);
        assertEquals(0, Allocations.measure(round), "bytes allocated for 1000 datagrams answered");
        assertEquals(21_000, sent[0]);
    }
}
