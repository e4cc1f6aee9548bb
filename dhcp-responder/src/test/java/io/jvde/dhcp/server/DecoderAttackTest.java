package io.jvde.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed input is dropped and counted by reason, never thrown out of the entry point, and the responder keeps
 * serving: every test ends by leasing an address to a well-formed client.
 */
class DecoderAttackTest {
    private static final String A = "52:54:00:aa:00:01";
    private final Harness h = Harness.of(Harness.lan().build());

    @AfterEach
    void stillServing() {
        h.sink.clear();
        assertEquals(5, h.dora("52:54:00:ff:ff:ff").messageType(), "the responder keeps serving");
        h.close();
    }

    private void assertDropped(final DhcpDropReason reason, final byte[] frame) {
        final long before = h.responder.counters().drops(reason);
        final int sent = h.sink.count();
        assertEquals(reason.id(), h.sendRaw(frame), () -> "got " + h.events.drops);
        assertEquals(before + 1, h.responder.counters().drops(reason));
        assertEquals(sent, h.sink.count(), "nothing sent for a dropped frame");
    }

    @Test
    void shouldRejectEveryStrictPrefixOfACapturedDiscoverAsTruncated() {
        final byte[] golden = Bytes.resource(Bytes.class, "/io/jvde/dhcp/wire/dhclient_discover.bin");
        for (int len = 0; len < golden.length; len++) {
            assertDropped(DhcpDropReason.TRUNCATED, Arrays.copyOf(golden, len));
        }
        assertEquals(golden.length, h.responder.counters().drops(DhcpDropReason.TRUNCATED));
        assertEquals(DhcpDropReason.OK, h.sendRaw(golden), "the whole capture is answered");
    }

    @Test
    void shouldRejectEveryStrictPrefixOfABuiltRequestAsTruncated() {
        final byte[] frame = ClientFrame.request(A).requestedIp("192.168.1.150").prl(1, 3, 6).frame();
        for (int len = 0; len < frame.length; len++) {
            assertDropped(DhcpDropReason.TRUNCATED, Arrays.copyOf(frame, len));
        }
    }

    @Test
    void shouldRejectWrongHlenAndHtype() {
        assertDropped(DhcpDropReason.BAD_HLEN, ClientFrame.discover(A).hlen(16).frame());
        assertDropped(DhcpDropReason.BAD_HTYPE, ClientFrame.discover(A).htype(32).frame());
    }

    @Test
    void shouldRejectABadCookie() {
        assertDropped(DhcpDropReason.BAD_COOKIE, ClientFrame.discover(A).cookie(0).frame());
    }

    @Test
    void shouldRejectBadOptionLengths() {
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.discover(A).noEnd()
            .rawOptions(new byte[] {55, (byte) 200, 1, 3}).frame());
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.of(0, A).option(53, new byte[] {1, 1}).frame());
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.discover(A).option(50, new byte[3]).frame());
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.discover(A).option(54, new byte[5]).frame());
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.discover(A).option(57, new byte[1]).frame());
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.discover(A).option(61, new byte[1]).frame());
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.discover(A).option(93, new byte[3]).frame());
        assertDropped(DhcpDropReason.BAD_OPTION_LENGTH, ClientFrame.discover(A).option(82, Bytes.hex("0109ab"))
            .giaddr("192.168.1.1").frame());
    }

    @Test
    void shouldRejectOverloadLoopsAndBadOverloads() {
        assertDropped(DhcpDropReason.OVERLOAD_LOOP, ClientFrame.discover(A).option(52, new byte[] {3})
            .file(new byte[] {52, 1, 3, (byte) 255}).frame());
        assertDropped(DhcpDropReason.OVERLOAD_LOOP, ClientFrame.discover(A).option(52, new byte[] {2})
            .sname(new byte[] {52, 1, 2, (byte) 255}).frame());
        assertDropped(DhcpDropReason.BAD_OVERLOAD, ClientFrame.discover(A).option(52, new byte[] {7}).frame());
    }

    @Test
    void shouldRejectAMessageWithoutMessageType() {
        assertDropped(DhcpDropReason.NO_MESSAGE_TYPE, ClientFrame.of(0, A).prl(1).frame());
    }

    @Test
    void shouldRejectServerMessagesAndBootReplies() {
        assertDropped(DhcpDropReason.UNEXPECTED_MESSAGE_TYPE, ClientFrame.of(2, A).frame());
        assertDropped(DhcpDropReason.NOT_BOOTREQUEST, ClientFrame.discover(A).op(2).frame());
    }

    @Test
    void shouldRejectAMulticastOrZeroChaddr() {
        assertDropped(DhcpDropReason.BAD_CHADDR, ClientFrame.discover("01:00:5e:00:00:01").frame());
        assertDropped(DhcpDropReason.BAD_CHADDR, ClientFrame.discover("00:00:00:00:00:00").frame());
    }

    @Test
    void shouldRejectTooManyHops() {
        assertDropped(DhcpDropReason.HOPS_EXCEEDED, ClientFrame.discover(A).hops(17).frame());
    }

    @Test
    void shouldRejectAnOversizedMessage() {
        assertDropped(DhcpDropReason.OVERSIZED, ClientFrame.discover(A).padTo(1473).frame());
    }

    @Test
    void shouldRejectBadChecksums() {
        final byte[] badIp = ClientFrame.discover(A).frame();
        badIp[14 + 10] ^= 1;
        assertDropped(DhcpDropReason.BAD_IP_CHECKSUM, badIp);
        final byte[] badUdp = ClientFrame.discover(A).frame();
        badUdp[14 + 20 + 8 + 4] ^= 1; // xid
        assertDropped(DhcpDropReason.BAD_UDP_CHECKSUM, badUdp);
    }

    @Test
    void shouldAcceptAnAbsentUdpChecksum() {
        assertEquals(DhcpDropReason.OK, h.send(ClientFrame.discover(A).withoutUdpChecksum()));
    }

    @Test
    void shouldRejectIpHeadersThatLie() {
        final byte[] v6 = ClientFrame.discover(A).frame();
        v6[14] = 0x65;
        assertDropped(DhcpDropReason.BAD_IP_HEADER, v6);
        final byte[] shortUdp = ClientFrame.discover(A).withoutUdpChecksum().frame();
        shortUdp[14 + 20 + 4] = 0;
        shortUdp[14 + 20 + 5] = 4;
        assertDropped(DhcpDropReason.BAD_UDP_LENGTH, shortUdp);
    }

    @Test
    void shouldRejectFragments() {
        final ClientFrame f = ClientFrame.discover(A);
        final byte[] frame = f.frame();
        frame[14 + 6] = 0x20; // more fragments
        final int sum = io.jvde.dhcp.testsupport.TestChecksums.checksum(zeroSum(frame), 14, 20);
        frame[14 + 10] = (byte) (sum >>> 8);
        frame[14 + 11] = (byte) sum;
        assertDropped(DhcpDropReason.IP_FRAGMENT, frame);
    }

    private static byte[] zeroSum(final byte[] frame) {
        final byte[] c = frame.clone();
        c[14 + 10] = 0;
        c[14 + 11] = 0;
        return c;
    }

    @Test
    void shouldIgnoreTrafficNotForTheServer() {
        assertDropped(DhcpDropReason.NOT_FOR_SERVER, ClientFrame.discover(A).ports(68, 53).frame());
        assertDropped(DhcpDropReason.NOT_FOR_SERVER, ClientFrame.discover(A).toIp("192.168.1.77").frame());
        assertDropped(DhcpDropReason.NOT_FOR_SERVER, ClientFrame.discover(A).to(0x5254_00aa_0099L, "192.168.1.254")
            .frame());
    }

    @Test
    void shouldIgnoreAVlanWithoutAScope() {
        final byte[] f = ClientFrame.discover(A).frame();
        assertEquals(DhcpDropReason.NO_SCOPE.id(), h.responder.onFrame(1, 99, io.netty.buffer.Unpooled
            .wrappedBuffer(f), 0, f.length, h.now));
    }

    @Test
    void shouldSurviveRandomCorruptionWithoutThrowing() {
        final Random random = new Random(5);
        final byte[] golden = ClientFrame.request(A).requestedIp("192.168.1.150").prl(1, 3, 6, 119, 121)
            .clientId(Bytes.hex("01525400aa0001")).option(52, new byte[] {3}).frame();
        for (int i = 0; i < 20_000; i++) {
            final byte[] f = golden.clone();
            final int flips = 1 + random.nextInt(8);
            for (int k = 0; k < flips; k++) {
                f[14 + 20 + random.nextInt(f.length - 34)] = (byte) random.nextInt(256);
            }
            final int reason = h.responder.onFrame(1, 1, io.netty.buffer.Unpooled.wrappedBuffer(f), 0,
                f.length - random.nextInt(3), h.now);
            assertTrue(reason != DhcpDropReason.INTERNAL_ERROR.id(), "internal error on input " + i);
        }
    }
}
