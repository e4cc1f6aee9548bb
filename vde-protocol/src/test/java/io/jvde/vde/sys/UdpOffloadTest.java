package io.jvde.vde.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The control messages of the UDP offloads: the UDP_SEGMENT one written for a send, the UDP_GRO one parsed. */
@Timeout(10)
class UdpOffloadTest {
    private final NativeMemory m = NativeMemory.allocate(4 * UdpOffload.CMSG_SPACE);

    @AfterEach
    void free() {
        m.free();
    }

    /** A cmsghdr as the kernel lays it out: length, level, type, then the data. */
    private void cmsg(final int at, final long len, final int level, final int type, final int value) {
        m.putLongLE(at, len);
        m.putIntLE(at + 8, level);
        m.putIntLE(at + 12, type);
        m.putIntLE(at + 16, value);
    }

    @Test
    void theSegmentSizeMessageIsSolUdpUdpSegmentWithAU16() {
        UdpOffload.writeSegmentSize(m, UdpOffload.CMSG_SPACE, 1522);
        assertEquals(18, m.getLongLE(UdpOffload.CMSG_SPACE), "cmsg_len = CMSG_LEN(sizeof(uint16_t))");
        assertEquals(17, m.getIntLE(UdpOffload.CMSG_SPACE + 8), "SOL_UDP");
        assertEquals(103, m.getIntLE(UdpOffload.CMSG_SPACE + 12), "UDP_SEGMENT");
        assertEquals(1522, m.getIntLE(UdpOffload.CMSG_SPACE + 16) & 0xFFFF, "the size, host order");
    }

    @Test
    void theGroMessageGivesTheSegmentSize() {
        cmsg(0, 20, UdpOffload.SOL_UDP, UdpOffload.UDP_GRO, 72);
        assertEquals(72, UdpOffload.segmentSize(m, 0, UdpOffload.CMSG_SPACE));
    }

    @Test
    void theGroMessageIsFoundBehindAnotherOne() {
        cmsg(0, 20, Native.IPPROTO_IP, 8, 0x0100007F); // e.g. IP_PKTINFO-like, another level
        cmsg(UdpOffload.CMSG_SPACE, 20, UdpOffload.SOL_UDP, UdpOffload.UDP_GRO, 1522);
        assertEquals(1522, UdpOffload.segmentSize(m, 0, 2 * UdpOffload.CMSG_SPACE));
    }

    @Test
    void noControlDataMeansNotCoalesced() {
        cmsg(0, 20, UdpOffload.SOL_UDP, UdpOffload.UDP_GRO, 72);
        assertEquals(0, UdpOffload.segmentSize(m, 0, 0), "msg_controllen 0: the kernel wrote nothing");
    }

    @Test
    void aMalformedLengthStopsTheWalk() {
        cmsg(0, 8, UdpOffload.SOL_UDP, UdpOffload.UDP_GRO, 72); // shorter than a cmsghdr
        assertEquals(0, UdpOffload.segmentSize(m, 0, UdpOffload.CMSG_SPACE));
        cmsg(0, 200, UdpOffload.SOL_UDP, UdpOffload.UDP_GRO, 72); // past the control data
        assertEquals(0, UdpOffload.segmentSize(m, 0, UdpOffload.CMSG_SPACE));
    }

    @Test
    void aUdpSocketAcceptsGroOnThisKernel() {
        final int fd = UdpSocket.open(SockaddrIn.parse("127.0.0.1"), 0);
        try {
            assertEquals(true, UdpOffload.enableGro(fd), "UDP_GRO (Linux 5.0)");
        } finally {
            Native.libc().close(fd);
        }
    }
}
