package io.jvde.dhcp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.testsupport.Allocations;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.wire.EthernetHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The shared receive path of the server's and the relay's own addresses: Ethernet, 802.1Q, IPv4, UDP port. */
class IncomingFrameTest {
    static final long US = Bytes.mac("02:00:00:00:00:fe");

    static ByteBuf frame(final String dstMac) {
        final byte[] f = ClientFrame.discover("52:54:00:aa:00:01").frame();
        System.arraycopy(Bytes.hex(dstMac.replace(":", "")), 0, f, 0, 6);
        return Unpooled.wrappedBuffer(f);
    }

    @Test
    void ieee802_3DestinationCheckAcceptsUsBroadcastAndGroupsOnlyWhenAsked() {
        final IncomingFrame f = new IncomingFrame();
        final ByteBuf broadcast = frame("ff:ff:ff:ff:ff:ff");
        assertEquals(DhcpDropReason.OK, f.ethernet(broadcast, 0, broadcast.capacity(), US, false));
        assertEquals(EthernetHeader.TYPE_IPV4, f.type);
        final ByteBuf ours = frame("02:00:00:00:00:fe");
        assertEquals(DhcpDropReason.OK, f.ethernet(ours, 0, ours.capacity(), US, false));
        final ByteBuf other = frame("52:54:00:00:00:09");
        assertEquals(DhcpDropReason.NOT_FOR_SERVER.id(), f.ethernet(other, 0, other.capacity(), US, true));
        final ByteBuf multicast = frame("01:00:5e:00:00:fb");
        assertEquals(DhcpDropReason.NOT_FOR_SERVER.id(), f.ethernet(multicast, 0, multicast.capacity(), US, false),
            "the relay takes no multicast");
        assertEquals(DhcpDropReason.OK, f.ethernet(multicast, 0, multicast.capacity(), US, true), "the server may");
    }

    @Test
    void rfc791HeaderFieldsAndTheUdpDestinationPortAreRead() {
        final IncomingFrame f = new IncomingFrame();
        final ByteBuf b = frame("ff:ff:ff:ff:ff:ff");
        assertEquals(DhcpDropReason.OK, f.ethernet(b, 0, b.capacity(), US, false));
        assertEquals(DhcpDropReason.OK, f.ipv4(b));
        assertEquals(14, f.payload);
        assertEquals(20, f.headerLength);
        assertEquals(0, f.ipSrc);
        assertEquals(0xFFFFFFFF, f.ipDst);
        assertEquals(17, f.protocol);
        assertEquals(34, f.udp);
        assertEquals(67, f.dstPort);
        b.setByte(14 + 10, b.getByte(14 + 10) ^ 1); // IPv4 header checksum
        assertEquals(DhcpDropReason.BAD_IP_CHECKSUM.id(), f.ipv4(b));
    }

    @Test
    void framesForOthersAllocateNothing() {
        final IncomingFrame f = new IncomingFrame();
        final ByteBuf other = Unpooled.directBuffer(600).writeBytes(frame("52:54:00:00:00:09"));
        final ByteBuf ours = Unpooled.directBuffer(600).writeBytes(frame("ff:ff:ff:ff:ff:ff"));
        final Runnable receive = () -> {
            for (int i = 0; i < 10_000; i++) {
                f.ethernet(other, 0, other.writerIndex(), US, true);
                if (f.ethernet(ours, 0, ours.writerIndex(), US, false) == DhcpDropReason.OK) {
                    f.ipv4(ours);
                }
            }
        };
        receive.run();
        assertEquals(0, Allocations.measure(receive), "bytes allocated by 20 000 frames");
    }
}
