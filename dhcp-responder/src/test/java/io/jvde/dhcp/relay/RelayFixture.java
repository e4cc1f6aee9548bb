package io.jvde.dhcp.relay;

import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.CapturingSink;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.ReplyView;
import io.jvde.dhcp.testsupport.TestChecksums;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * A relay on switch "sw1": clients on VLAN 10 (10.10.0.1/24) and 20 (10.20.0.1/24), upstream VLAN 100 with the
 * relay at 192.0.2.10/24 and the server at 192.0.2.1. Frames are hand-built by {@link ClientFrame} and raw hex.
 */
final class RelayFixture implements AutoCloseable {
    static final long RELAY_MAC = Bytes.mac("02:6a:76:64:65:01");
    static final long SERVER_MAC = Bytes.mac("52:54:00:00:00:01");
    static final long GATEWAY_MAC = Bytes.mac("52:54:00:00:00:fe");
    static final String CLIENT = "52:54:00:aa:00:01";
    static final int UPSTREAM = 100;
    static final int CLIENT_PORT = 3;
    static final long T0 = 1_700_000_000_000L;

    final CapturingSink sink = new CapturingSink();
    final Recording listener = new Recording();
    final RelayAgent agent;

    RelayFixture(final RelaySettings settings) {
        agent = RelayAgent.start(settings, sink, listener);
    }

    static RelaySettings.Builder settings() {
        return RelaySettings.builder().relayMac(RELAY_MAC).switchName("sw1").upstream(UPSTREAM, "192.0.2.10/24")
            .server("192.0.2.1").vlan(RelayVlan.of(10, "10.10.0.1/24")).vlan(RelayVlan.of(20, "10.20.0.1/24"));
    }

    static RelayFixture standard() {
        return new RelayFixture(settings().build());
    }

    /** Same, with the server's MAC already learned from an ARP reply, and the sink cleared. */
    static RelayFixture resolved() {
        final RelayFixture f = standard();
        f.arpReplyFrom(SERVER_MAC, "192.0.2.1");
        f.sink.clear();
        return f;
    }

    int send(final int port, final int vid, final byte[] frame) {
        return agent.onFrame(port, vid, Unpooled.wrappedBuffer(frame), 0, frame.length, T0);
    }

    int send(final int port, final int vid, final byte[] frame, final long now) {
        return agent.onFrame(port, vid, Unpooled.wrappedBuffer(frame), 0, frame.length, now);
    }

    /** A client's DHCP frame from the client port on VLAN 10. */
    int fromClient(final ClientFrame frame) {
        return send(CLIENT_PORT, 10, frame.frame());
    }

    int arpReplyFrom(final long mac, final String ip) {
        return send(1, UPSTREAM, arp(2, mac, ip, RELAY_MAC, "192.0.2.10", RELAY_MAC));
    }

    static byte[] arp(final int oper, final long sha, final String spa, final long tha, final String tpa,
                      final long ethDst) {
        return Bytes.hex(String.format("%012x%012x0806 0001 0800 06 04 %04x %012x %08x %012x %08x", ethDst, sha,
            oper, sha, Bytes.ip(spa), tha, Bytes.ip(tpa)));
    }

    /** An ICMP echo request from {@code srcMac}/{@code srcIp} to {@code dstIp}, Ethernet to the relay. */
    static byte[] ping(final long srcMac, final String srcIp, final String dstIp) {
        final byte[] icmp = Bytes.hex("0800 0000 4242 0007 6162636465666768");
        final int sum = TestChecksums.checksum(icmp, 0, icmp.length);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        final byte[] ip = Bytes.hex(String.format("4500 %04x 0000 0000 4001 0000 %08x %08x", 20 + icmp.length,
            Bytes.ip(srcIp), Bytes.ip(dstIp)));
        final int ipSum = TestChecksums.checksum(ip, 0, 20);
        ip[10] = (byte) (ipSum >>> 8);
        ip[11] = (byte) ipSum;
        final byte[] frame = new byte[14 + 20 + icmp.length];
        System.arraycopy(Bytes.hex(String.format("%012x%012x0800", RELAY_MAC, srcMac)), 0, frame, 0, 14);
        System.arraycopy(ip, 0, frame, 14, 20);
        System.arraycopy(icmp, 0, frame, 34, icmp.length);
        return frame;
    }

    /** A server's BOOTREPLY to {@code giaddr} (UDP 67 to 67, Ethernet to the relay), echoing {@code agentOption}. */
    static ClientFrame serverReply(final int type, final String giaddr, final byte[] agentOption) {
        final ClientFrame f = ClientFrame.of(type, CLIENT).op(2).from("52:54:00:00:00:01", "192.0.2.1")
            .to(RELAY_MAC, giaddr).ports(67, 67).giaddr(giaddr).yiaddr("10.10.0.50").serverId("192.0.2.1")
            .option(51, Bytes.int32(3600)).option(1, Bytes.int32(0xFFFFFF00)).option(3, Bytes.int32(Bytes.ip(
                "10.10.0.1")));
        if (agentOption != null) {
            f.option(82, agentOption);
        }
        return f.option(6, Bytes.int32(Bytes.ip("192.0.2.53")));
    }

    /** The option 82 value the relay put into the last frame it sent upstream. */
    byte[] lastAgentOption() {
        return sink.last().view().option(82);
    }

    List<CapturingSink.Sent> sentOn(final int vid) {
        final List<CapturingSink.Sent> list = new ArrayList<>();
        for (final CapturingSink.Sent s : sink.sent()) {
            if (s.vid() == vid) {
                list.add(s);
            }
        }
        return list;
    }

    static ReplyView view(final CapturingSink.Sent s) {
        return s.view();
    }

    /** Sub-option {@code code} of an option 82 value, or null. */
    static byte[] subOption(final byte[] agent, final int code) {
        int p = 0;
        while (p + 2 <= agent.length) {
            final int c = agent[p] & 0xFF;
            final int len = agent[p + 1] & 0xFF;
            if (c == code) {
                return java.util.Arrays.copyOfRange(agent, p + 2, p + 2 + len);
            }
            p += 2 + len;
        }
        return null;
    }

    @Override
    public void close() {
        agent.close();
    }

    /** Records what the agent reports. */
    static final class Recording implements RelayListener {
        final List<String> relayed = new ArrayList<>();
        final List<RelayDropReason> drops = new ArrayList<>();

        @Override
        public void onRelayed(final RelayDirection direction, final int vid, final int port, final int xid,
                              final long chaddr, final int giaddr, final int server) {
            relayed.add(direction + " vid " + vid + " port " + port + " giaddr " + Bytes.ip(giaddr) + " server "
                + Bytes.ip(server));
        }

        @Override
        public void onDrop(final RelayDropReason reason, final int port, final int vid, final long mac) {
            drops.add(reason);
        }
    }
}
