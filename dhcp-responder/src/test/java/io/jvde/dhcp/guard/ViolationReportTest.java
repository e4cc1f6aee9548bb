package io.jvde.dhcp.guard;

import static io.jvde.dhcp.guard.GuardFixture.CLIENT_PORT;
import static io.jvde.dhcp.guard.GuardFixture.VID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvde.dhcp.guard.GuardFixture.Report;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Violations are logged once per (reason, port) per interval, not per packet, with the count suppressed since. */
class ViolationReportTest {
    private static final String ROGUE = GuardFrames.SERVER_MAC;

    @Test
    void logThrottle_oneReportPerReasonAndPortPerInterval() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().logIntervalMillis(10_000));
        final byte[] offer = GuardFrames.reply(GuardFrames.OFFER, "52:54:00:aa:00:01", "192.168.1.9", 60).frame();
        for (int i = 0; i < 100; i++) {
            f.admit(offer, CLIENT_PORT, VID);
            f.advanceMillis(99); // 100 offers within 9.9 s
        }
        assertEquals(List.of(new Report(GuardDropReason.ROGUE_SERVER, CLIENT_PORT, VID, Bytes.mac(ROGUE), 0)),
            f.reports);
        f.advanceMillis(100); // 10 s after the first report
        f.admit(offer, CLIENT_PORT, VID);
        assertEquals(new Report(GuardDropReason.ROGUE_SERVER, CLIENT_PORT, VID, Bytes.mac(ROGUE), 99),
            f.reports.get(1));
        assertEquals(101, f.drops(GuardDropReason.ROGUE_SERVER), "every packet is still counted");
        assertEquals(99, f.guard.counters().suppressed());
        assertEquals(2, f.guard.counters().notifications());
    }

    @Test
    void logThrottle_otherPortsAndOtherReasonsHaveTheirOwnInterval() {
        final GuardFixture f = new GuardFixture();
        final byte[] offer = GuardFrames.reply(GuardFrames.OFFER, "52:54:00:aa:00:01", "192.168.1.9", 60).frame();
        f.admit(offer, CLIENT_PORT, VID);
        f.admit(offer, CLIENT_PORT, VID);
        f.admit(offer, 4, VID);
        f.admit(ClientFrame.discover("52:54:00:aa:00:02").giaddr("10.0.0.1"), CLIENT_PORT);
        assertEquals(List.of(GuardDropReason.ROGUE_SERVER, GuardDropReason.ROGUE_SERVER,
            GuardDropReason.SPOOFED_GIADDR), f.reports.stream().map(Report::reason).toList());
        assertEquals(List.of(CLIENT_PORT, 4, CLIENT_PORT), f.reports.stream().map(Report::port).toList());
    }

    @Test
    void logThrottle_zeroIntervalReportsEveryViolation() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().logIntervalMillis(0));
        for (int i = 0; i < 5; i++) {
            f.admit(ClientFrame.discover("52:54:00:aa:00:02").giaddr("10.0.0.1"), CLIENT_PORT);
        }
        assertEquals(5, f.reports.size());
        assertEquals(0, f.guard.counters().suppressed());
    }

    @Test
    void logThrottle_aClockSteppedBackFarDoesNotSilenceReports() {
        final GuardFixture f = new GuardFixture(GuardSettings.builder().logIntervalMillis(10_000));
        final ClientFrame spoofed = ClientFrame.discover("52:54:00:aa:00:02").giaddr("10.0.0.1");
        f.admit(spoofed, CLIENT_PORT);
        f.now -= 86_400_000;
        f.admit(spoofed, CLIENT_PORT);
        assertEquals(2, f.reports.size());
    }
}
