package io.jvde.junit;

import java.time.Instant;

/**
 * One line of the switch's log, e.g. {@code dhcp: DHCPACK 10.86.68.10 to 52:54:00:12:34:56 vlan 0 port 1 ...}: what
 * a person reads; a test should rather wait for a {@link JvdeEvent}.
 *
 * @param time when the switch logged it
 * @param text the line
 */
public record LogLine(Instant time, String text) {
}
