package io.jvde.dhcp.service;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvde.dhcp.testsupport.Allocations;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.TestChecksums;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * The shared answers of the switch's own addresses (the DHCP server's and the relay's): one RFC rule per test, and
 * no allocation for an answer.
 */
class LocalAnswersTest {
    static final long ASKER = Bytes.mac("52:54:00:aa:00:01");
    static final long US = Bytes.mac("02:00:00:00:00:fe");
    static final int OUR_IP = ip("10.0.0.254");
    static final int ASKER_IP = ip("10.0.0.100");

    static ByteBuf arpRequest(final int target, final boolean tagged) {
        final String tag = tagged ? "8100 000a " : "";
        return Unpooled.wrappedBuffer(Bytes.hex("ffffffffffff 525400aa0001 " + tag + "0806 0001 0800 06 04 0001"
            + " 525400aa0001" + String.format("%08x", ASKER_IP) + " 000000000000" + String.format("%08x", target)));
    }

    static byte[] echoRequest(final int type) {
        final byte[] icmp = Bytes.hex(String.format("%02x", type) + "00 0000 1234 0001 6162636465666768");
        final int sum = TestChecksums.checksum(icmp, 0, icmp.length);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        return icmp;
    }

    @Test
    void ieee8021QOneTagIsSkippedAndATruncatedTagRefused() {
        assertEquals(12, LocalAnswers.etherTypeOffset(arpRequest(OUR_IP, false), 0, 42));
        assertEquals(16, LocalAnswers.etherTypeOffset(arpRequest(OUR_IP, true), 0, 46));
        assertEquals(-1, LocalAnswers.etherTypeOffset(arpRequest(OUR_IP, true), 0, 17));
    }

    @Test
    void rfc826ReplyTellsTheAskerOurMacForOurAddress() {
        final ByteBuf in = arpRequest(OUR_IP, false);
        assertEquals(true, LocalAnswers.asksFor(in, 14, OUR_IP));
        assertEquals(false, LocalAnswers.asksFor(in, 14, ip("10.0.0.1")));
        final ByteBuf o = Unpooled.buffer(1536);
        final int n = LocalAnswers.arpReply(in, 14, ASKER, US, OUR_IP, o, 100);
        assertEquals(60, n, "padded to the Ethernet minimum");
        final byte[] r = new byte[n];
        o.getBytes(100, r);
        assertEquals(ASKER, Bytes.mac(r, 0));
        assertEquals(US, Bytes.mac(r, 6));
        assertEquals(0x0806, Bytes.uint16(r, 12));
        assertEquals(2, Bytes.uint16(r, 20), "reply");
        assertEquals(US, Bytes.mac(r, 22));
        assertEquals(OUR_IP, Bytes.int32(r, 28));
        assertEquals(ASKER, Bytes.mac(r, 32));
        assertEquals(ASKER_IP, Bytes.int32(r, 38));
    }

    @Test
    void rfc792EchoRequestsAreAnsweredWithTheirIdentifierSequenceAndData() {
        final byte[] icmp = echoRequest(8);
        final ByteBuf in = Unpooled.wrappedBuffer(icmp);
        assertEquals(LocalAnswers.ECHO_REQUEST, LocalAnswers.echo(in, 0, icmp.length, 1536));
        assertEquals(LocalAnswers.OVERSIZED, LocalAnswers.echo(in, 0, icmp.length, 40));
        assertEquals(LocalAnswers.NOT_ECHO_REQUEST, LocalAnswers.echo(Unpooled.wrappedBuffer(echoRequest(0)), 0,
            icmp.length, 1536), "an echo reply is not answered");
        icmp[9] ^= 1;
        assertEquals(LocalAnswers.MALFORMED, LocalAnswers.echo(Unpooled.wrappedBuffer(icmp), 0, icmp.length, 1536));
        icmp[9] ^= 1;

        final ByteBuf o = Unpooled.buffer(1536);
        final int n = LocalAnswers.echoReply(in, 0, icmp.length, ASKER, US, OUR_IP, ASKER_IP, 7, o, 0);
        final byte[] r = new byte[n];
        o.getBytes(0, r);
        assertEquals(60, n);
        assertEquals(ASKER, Bytes.mac(r, 0));
        assertEquals(US, Bytes.mac(r, 6));
        assertEquals(OUR_IP, Bytes.int32(r, 26));
        assertEquals(ASKER_IP, Bytes.int32(r, 30));
        assertEquals(7, Bytes.uint16(r, 18), "the caller's IP identification");
        assertEquals(0xFFFF, TestChecksums.sum(r, 14, 20, 0), "IPv4 header checksum");
        assertEquals(0, r[34], "echo reply");
        assertEquals(0xFFFF, TestChecksums.sum(r, 34, icmp.length, 0), "ICMP checksum");
        assertEquals(0x1234, Bytes.uint16(r, 38));
        assertEquals(1, Bytes.uint16(r, 40));
        assertEquals('a', r[42]);
    }

    @Test
    void answersAllocateNothing() {
        final ByteBuf arp = arpRequest(OUR_IP, false);
        final byte[] icmp = echoRequest(8);
        final ByteBuf ping = Unpooled.directBuffer(64).writeBytes(icmp);
        final ByteBuf o = Unpooled.directBuffer(1536);
        final Runnable answers = () -> {
            for (int i = 0; i < 10_000; i++) {
                LocalAnswers.arpReply(arp, 14, ASKER, US, OUR_IP, o, 0);
                if (LocalAnswers.echo(ping, 0, icmp.length, 1536) == LocalAnswers.ECHO_REQUEST) {
                    LocalAnswers.echoReply(ping, 0, icmp.length, ASKER, US, OUR_IP, ASKER_IP, i, o, 0);
                }
            }
        };
        answers.run(); // warm-up: class loading and first-call paths are not per frame
        final long bytes = Allocations.measure(answers);
        assertEquals(0, bytes, "bytes allocated by 10 000 answers");
    }
}
