package io.jvde.app.it;

import io.jvde.testsupport.Netns;
import io.jvde.testsupport.Poll;
import io.jvde.testsupport.SwitchUnderTest;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the ITs read off a running switch's log: the port a namespace's {@code vde_plug2tap} got. */
final class SwitchPorts {
    private static final Pattern ATTACHED =
        Pattern.compile("port (\\d+): endpoint \\d+ attached: vde_plug2tap: .*pid=(\\d+)");

    private SwitchPorts() {
    }

    /** The switch port of the namespace's vde_plug2tap, from the switch's attach log line (logged soon after). */
    static int portOf(final SwitchUnderTest sw, final Netns ns, final Duration timeout) {
        final int[] port = {-1};
        if (Poll.within(timeout, () -> (port[0] = attachedPort(sw, ns.pids())) >= 0)) {
            return port[0];
        }
        throw new AssertionError("no attach line for " + ns + " (pids " + ns.pids() + "):\n" + sw.output());
    }

    private static int attachedPort(final SwitchUnderTest sw, final List<Long> pids) {
        for (final String line : sw.output().split("\n")) {
            final Matcher m = ATTACHED.matcher(line);
            if (m.find() && pids.contains(Long.parseLong(m.group(2)))) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }
}
