package io.jvde.app.it;

import io.jvde.testsupport.QemuGuest;
import io.jvde.testsupport.Requirements;
import io.jvde.testsupport.SwitchUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The k3s test topology with names (issue 12): server-1, server-2 and agent-1 (MACs 52:54:00:01:01:NN) get their
 * reserved addresses, options 6 and 15 from jvde, and each resolves the other two through jvde's DNS (busybox
 * nslookup in the guest, one short name and one qualified) with no dnsmasq VM.
 */
@Tag("slow")
@Timeout(300)
class K3sTopologyDnsIT {
    static final String[] NAMES = {"server-1", "server-2", "agent-1"};

    @RegisterExtension
    final DhcpLab lab = new DhcpLab();

    @Test
    void eachVmResolvesTheOthersByNameFromJvde() throws Exception {
        Requirements.requireGuestImage();
        final SwitchUnderTest sw = lab.startForGuests("--dhcp-range", "192.168.1.100,192.168.1.200",
            "--domain", "lab.example",
            "--dhcp-host", "52:54:00:01:01:01,192.168.1.1,server-1",
            "--dhcp-host", "52:54:00:01:01:02,192.168.1.2,server-2",
            "--dhcp-host", "52:54:00:01:01:03,192.168.1.3,agent-1");
        final List<QemuGuest> guests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final String other1 = NAMES[(i + 1) % 3];
            final String other2 = NAMES[(i + 2) % 3] + ".lab.example";
            guests.add(lab.track(QemuGuest.boot(sw.directory(), "52:54:00:01:01:0" + (i + 1), "jvde.mode=dhcp",
                "jvde.timeout=120", "jvde.resolve=" + other1 + "," + other2,
                "no_timer_check"))); // three TCG guests on a loaded host: skip the IO-APIC timer check
        }
        for (int i = 0; i < 3; i++) {
            final QemuGuest g = guests.get(i);
            assertEquals("192.168.1." + (i + 1), g.awaitLease(QemuGuest.BOOT_TIMEOUT), g.console() + "\n"
                + sw.output());
            for (final int other : new int[] {(i + 1) % 3, (i + 2) % 3}) {
                final Matcher m = g.await(Pattern.compile("JVDE-RESOLVE(-FAIL)? name=" + Pattern.quote(NAMES[other])
                    + "(\\.lab\\.example)? ?(ip=(\\S+))?"), QemuGuest.BOOT_TIMEOUT);
                assertEquals("192.168.1." + (other + 1), m.group(4), NAMES[i] + " resolving " + NAMES[other] + ":\n"
                    + g.console());
            }
        }
    }
}
