package io.jvde.primitives;

import java.util.Comparator;

/**
 * Orders {@code long[]} rows (intervals, key-index pairs) by their first element. A class, not a comparator lambda:
 * the DHCP leaf sorts such rows on a switch's start path (docs/architecture.md §7).
 */
public enum ByFirstLong implements Comparator<long[]> {
    ORDER;

    @Override
    public int compare(final long[] a, final long[] b) {
        return Long.compare(a[0], b[0]);
    }
}
