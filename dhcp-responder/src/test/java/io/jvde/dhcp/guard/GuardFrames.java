package io.jvde.dhcp.guard;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Hand-built frames for the guard tests, on top of {@link ClientFrame}. */
final class GuardFrames {
    static final String SERVER_MAC = "52:54:00:ee:00:01";
    static final String SERVER_IP = "192.168.1.254";
    static final int OFFER = 2;
    static final int ACK = 5;
    static final int NAK = 6;

    private GuardFrames() {
    }

    /** A server reply (BOOTREPLY, UDP 67 to 68) of option-53 {@code type} to {@code clientMac}. */
    static ClientFrame reply(final int type, final String clientMac, final String yiaddr, final long leaseSeconds) {
        final ClientFrame f = ClientFrame.of(type, clientMac).op(2).ports(67, 68).from(SERVER_MAC, SERVER_IP)
            .to(Bytes.mac(clientMac), "255.255.255.255").serverId(SERVER_IP);
        if (yiaddr != null) {
            f.yiaddr(yiaddr);
        }
        if (leaseSeconds >= 0) {
            f.option(51, Bytes.int32((int) leaseSeconds));
        }
        return f;
    }

    static ClientFrame ack(final String clientMac, final String yiaddr, final long leaseSeconds) {
        return reply(ACK, clientMac, yiaddr, leaseSeconds);
    }

    /** The frame with one 802.1Q tag of {@code vid} inserted after the source MAC. */
    static byte[] tagged(final byte[] frame, final int vid) {
        final byte[] out = new byte[frame.length + 4];
        System.arraycopy(frame, 0, out, 0, 12);
        out[12] = (byte) 0x81;
        out[13] = 0x00;
        out[14] = (byte) (vid >>> 8);
        out[15] = (byte) vid;
        System.arraycopy(frame, 12, out, 16, frame.length - 12);
        return out;
    }

    static ByteBuf buf(final byte[] frame) {
        return Unpooled.wrappedBuffer(frame);
    }

    /** An ARP request from {@code mac}. */
    static byte[] arp(final String mac) {
        final String m = mac.replace(":", "");
        return Bytes.hex("ffffffffffff" + m + "0806 0001 0800 06 04 0001" + m + "c0a80164 000000000000 c0a801fe");
    }
}
