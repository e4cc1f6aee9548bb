package io.jvde.app.dhcp;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.guard.GuardSettings;
import io.jvde.dhcp.relay.RelaySettings;
import io.jvde.dhcp.relay.RelayVlan;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.sw.port.LocalPortContext;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The glue's test world: VLAN 0 served by a scope (10.86.68.0/24), VLAN 20 relayed with giaddr 10.20.0.1/24, the
 * upstream VLAN 99 where the switch is 10.99.0.254/24 and the DHCP server 10.99.0.1 (MAC {@link #SERVER_HOST_MAC});
 * frames built with the responder's test-jar {@link ClientFrame}.
 */
final class RelayGlue {
    static final int SERVED = 0;
    static final int RELAYED = 20;
    static final int UPSTREAM = 99;
    static final String GIADDR = "10.20.0.1";
    static final String UPSTREAM_ADDRESS = "10.99.0.254";
    static final String SERVER_IP = "10.99.0.1";
    static final String SERVER_HOST_MAC = "52:54:00:99:00:01";
    /** The DHCP port's MAC: the responder's and the relay's. */
    static final long RELAY_MAC = DhcpSettings.DEFAULT_SERVER_MAC;
    static final String CLIENT_MAC = "52:54:00:20:00:01";
    static final String RELAYED_YIADDR = "10.20.0.50";
    static final int LEASE_SECONDS = 3600;

    private RelayGlue() {
    }

    static DhcpSettings server() {
        return DhcpSettings.builder()
            .scope(Scope.builder(SERVED, "10.86.68.0/24").name("default").range("10.86.68.10", "10.86.68.20").build())
            .build();
    }

    static RelaySettings relay() {
        return RelaySettings.builder().relayMac(RELAY_MAC).switchName("sw1").upstream(UPSTREAM, UPSTREAM_ADDRESS
            + "/24").server(SERVER_IP).vlan(RelayVlan.of(RELAYED, GIADDR + "/24")).build();
    }

    static DhcpConfig config(final GuardSettings guard, final Map<Integer, Integer> macLimits) {
        return new DhcpConfig(server(), relay(), guard, macLimits);
    }

    static DhcpConfig config() {
        return config(GuardSettings.builder().build(), Map.of());
    }

    /** The frame with one 802.1Q tag of {@code vid} after the source MAC, as the switch hands it to a trunk. */
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

    /** The frame without its 802.1Q tag (as it is when it has none). */
    static byte[] untagged(final byte[] frame) {
        if (Bytes.uint16(frame, 12) != 0x8100) {
            return frame;
        }
        final byte[] out = new byte[frame.length - 4];
        System.arraycopy(frame, 0, out, 0, 12);
        System.arraycopy(frame, 16, out, 12, frame.length - 16);
        return out;
    }

    /** The VID of a tagged frame, -1 for an untagged one. */
    static int vidOf(final byte[] frame) {
        return Bytes.uint16(frame, 12) == 0x8100 ? Bytes.uint16(frame, 14) & 0x0FFF : -1;
    }

    /** ARP (RFC 826) of {@code oper} from the DHCP server host, Ethernet to {@code ethDst}, padded to 60 bytes. */
    static byte[] serverArp(final int oper, final long ethDst, final long tha, final String tpa) {
        final byte[] arp = Bytes.hex(String.format("%012x%012x0806 0001 0800 06 04 %04x %012x %08x %012x %08x",
            ethDst, Bytes.mac(SERVER_HOST_MAC), oper, Bytes.mac(SERVER_HOST_MAC), Bytes.ip(SERVER_IP), tha,
            Bytes.ip(tpa)));
        return Arrays.copyOf(arp, 60);
    }

    /** The server's ARP reply to the relay's "who has 10.99.0.1". */
    static byte[] serverArpReply() {
        return serverArp(2, RELAY_MAC, RELAY_MAC, UPSTREAM_ADDRESS);
    }

    /**
     * The server's reply of option-53 {@code type} to a relayed request (RFC 1542 §4.1: UDP 67 to the relay's 67,
     * Ethernet to the relay, giaddr as relayed), granting {@link #RELAYED_YIADDR} for {@link #LEASE_SECONDS} and
     * echoing {@code agentOption} (RFC 3046 §2.2).
     */
    static ClientFrame serverReply(final int type, final String clientMac, final int xid, final byte[] agentOption) {
        return ClientFrame.of(type, clientMac).op(2).xid(xid).from(SERVER_HOST_MAC, SERVER_IP).to(RELAY_MAC, GIADDR)
            .ports(67, 67).giaddr(GIADDR).yiaddr(RELAYED_YIADDR).serverId(SERVER_IP)
            .option(51, Bytes.int32(LEASE_SECONDS)).option(1, Bytes.int32(0xFFFFFF00)).option(82, agentOption);
    }

    /** A rogue server's OFFER (UDP 67 to 68), as a dnsmasq in a guest sends it. */
    static byte[] rogueOffer(final String clientMac) {
        return ClientFrame.of(2, clientMac).op(2).ports(67, 68).from("52:54:00:66:66:66", "10.86.68.66")
            .to(Bytes.mac(clientMac), "255.255.255.255").yiaddr("10.86.68.77").serverId("10.86.68.66").frame();
    }

    /** A direct buffer holding {@code frame} from 0, as the engine hands frames to the port and the filter. */
    static ByteBuffer direct(final byte[] frame) {
        final ByteBuffer b = ByteBuffer.allocateDirect(2048);
        b.put(frame).flip();
        return b;
    }

    /** Keeps a copy of every frame injected, with its egress port ({@link #FLOODED} for {@code inject}). */
    static final class RecordingContext implements LocalPortContext {
        static final int FLOODED = -1;

        record Sent(int egressPort, byte[] frame) {
            int vid() {
                return vidOf(frame);
            }

            byte[] untaggedFrame() {
                return untagged(frame);
            }
        }

        final int port;
        final List<Sent> sent = new ArrayList<>();

        RecordingContext(final int port) {
            this.port = port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public boolean inject(final ByteBuffer frame, final int offset, final int length) {
            return record(FLOODED, frame, offset, length);
        }

        @Override
        public boolean injectTo(final int egressPort, final ByteBuffer frame, final int offset, final int length) {
            return record(egressPort, frame, offset, length);
        }

        private boolean record(final int egress, final ByteBuffer frame, final int offset, final int length) {
            final byte[] copy = new byte[length];
            frame.get(offset, copy);
            sent.add(new Sent(egress, copy));
            return true;
        }

        Sent last() {
            return sent.get(sent.size() - 1);
        }
    }
}
