package io.jvde.dns;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any datagram to the DNS server: it never throws or loops, answers within the room it was given, and an answer
 * always carries the query's ID with QR set; a dropped one bumps a drop counter. With JAZZER_FUZZ=1 this fuzzes;
 * otherwise it replays the seeds in src/test/resources/io/jvde/dns/DnsServerFuzzTestInputs.
 */
class DnsServerFuzzTest {
    private static final DnsServer SERVER;

    static {
        final DnsNames names = new DnsNames();
        names.addZone(new DnsZone(0, "lab.example", 0xC0A80100, 24, 0xC0A801FE));
        names.addStatic("server-1", 0xC0A80101);
        SERVER = new DnsServer(names, 10, false);
    }

    @FuzzTest(maxDuration = "30s")
    void anyQueryIsAnsweredOrDroppedNeverThrown(final byte[] query) {
        final ByteBuf in = Unpooled.wrappedBuffer(query);
        final ByteBuf out = Unpooled.buffer(2048);
        final long drops = SERVER.counters().dropped();
        final int n = SERVER.answer(0, in, 0, query.length, out, 0, 1472, 0);
        if (n > 0) {
            assertTrue(n <= 1472, "within the room");
            assertEquals(((query[0] & 0xFF) << 8) | (query[1] & 0xFF), out.getUnsignedShort(0), "the query's ID");
            assertTrue((out.getUnsignedShort(2) & DnsHeader.QR) != 0, "a response");
        } else {
            assertEquals(DnsServer.DROP, n, "no upstream: never FORWARD");
            assertEquals(drops + 1, SERVER.counters().dropped(), "a drop is counted");
        }
    }
}
