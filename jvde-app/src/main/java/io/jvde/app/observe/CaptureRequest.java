package io.jvde.app.observe;

import java.util.BitSet;

/**
 * What a live capture client asks for, as the one line it sends first: {@code ports=1,2 vlans=10} (either part
 * may be absent: every port, every VLAN). The switch answers {@code OK} or {@code ERR reason} on a line of its
 * own, then (after OK) the pcapng stream.
 */
record CaptureRequest(BitSet ports, BitSet vlans) {
    static CaptureRequest parse(final String line, final int maxPorts) {
        BitSet ports = null;
        BitSet vlans = null;
        for (final String word : line.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.startsWith("ports=")) {
                ports = numbers(word.substring(6), "ports", maxPorts - 1);
            } else if (word.startsWith("vlans=")) {
                vlans = numbers(word.substring(6), "vlans", 4095);
            } else {
                throw new IllegalArgumentException("'" + word + "' (expected: ports=N,... or vlans=V,...)");
            }
        }
        return new CaptureRequest(ports, vlans);
    }

    String line() {
        final StringBuilder sb = new StringBuilder();
        if (ports != null) {
            sb.append("ports=").append(join(ports));
        }
        if (vlans != null) {
            sb.append(sb.length() > 0 ? " " : "").append("vlans=").append(join(vlans));
        }
        return sb.toString();
    }

    private static String join(final BitSet set) {
        final StringBuilder sb = new StringBuilder();
        set.stream().forEach(i -> sb.append(sb.length() > 0 ? "," : "").append(i));
        return sb.toString();
    }

    private static BitSet numbers(final String list, final String name, final int max) {
        final BitSet set = new BitSet();
        for (final String n : list.split(",")) {
            final int v;
            try {
                v = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + n + "' (expected: a number 0.." + max + ")");
            }
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(name + ": " + v + " (expected: 0.." + max + ")");
            }
            set.set(v);
        }
        return set;
    }
}
