package io.jvde.app;

import io.jvde.testsupport.Allocations;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConsoleLogTest {
    private static final String NL = System.lineSeparator();

    @Test
    void shouldWriteABatchOfLinesAsTheSameLinesOneByOneWouldBe() {
        final StringWriter one = new StringWriter();
        final ConsoleLog single = new ConsoleLog(new PrintWriter(one), "jvde");
        single.log("dhcp: DHCPOFFER 10.0.0.2 to 52:54:00:00:00:01 vlan 0 port 1");
        single.log("dhcp: DHCPACK 10.0.0.2 to 52:54:00:00:00:01 vlan 0 port 1 scope default lease 3600s (hash)");
        final StringWriter batch = new StringWriter();
        new ConsoleLog(new PrintWriter(batch), "jvde").logLines("dhcp: DHCPOFFER 10.0.0.2 to 52:54:00:00:00:01 vlan 0"
            + " port 1\ndhcp: DHCPACK 10.0.0.2 to 52:54:00:00:00:01 vlan 0 port 1 scope default lease 3600s (hash)\n");
        assertEquals(one.toString(), batch.toString());
        assertTrue(batch.toString().startsWith("jvde: dhcp: DHCPOFFER 10.0.0.2 ") && batch.toString().endsWith(NL));
    }

    @Test
    void shouldSplitABatchLargerThanItsBufferWithoutLosingOrBreakingALine() {
        final StringBuilder lines = new StringBuilder();
        final StringWriter expected = new StringWriter();
        final ConsoleLog single = new ConsoleLog(new PrintWriter(expected), "vde_switch");
        for (int i = 0; i < 500; i++) { // about 40 KB, several times the log's array
            final String line = "dhcp: DHCPACK 10.0." + (i / 250) + "." + (i % 250) + " to 52:54:00:00:00:01 é line " + i;
            lines.append(line).append('\n');
            single.log(line);
        }
        final StringWriter batch = new StringWriter();
        new ConsoleLog(new PrintWriter(batch), "vde_switch").logLines(lines);
        assertEquals(expected.toString(), batch.toString());
    }

    /** Per line nothing: the batch costs a constant few bytes, whatever its number of lines. */
    @Test
    void shouldAllocateNothingPerLine() {
        assumeTrue(Allocations.isSupported(), "per-thread allocation counting is not available in this JVM");
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(),
            StandardCharsets.UTF_8));
        final ConsoleLog log = new ConsoleLog(err, "jvde");
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append("dhcp: DHCPACK 10.86.68.").append(i).append(" to 52:54:00:12:34:56 vlan 0 port 1 scope default"
                + " lease 86400s (previous lease)\n");
        }
        final long bytes = Allocations.bytesAfterWarmUp(20_000, () -> log.logLines(lines));
        // the JDK's encoder wraps the array once per write (a ~50-byte CharBuffer); a String per line would cost
        // over 100 bytes each
        assertTrue(bytes < 4 * 50, "bytes allocated writing 50 lines at once: " + bytes);
    }
}
