package io.jvde.dhcp.lease;

import io.jvde.primitives.ByFirstLong;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dynamic addresses of a scope: the union of its ranges minus exclusions, kept as sorted disjoint intervals
 * with cumulative counts. It maps an address to a dense index 0..size-1 and back in O(log intervals), which lets a
 * {@link PoolBitmap} track a /8 without one object per address.
 */
public final class AddressPool {
    private final long[] starts;
    private final long[] ends;
    private final int[] before;
    private final int size;

    private AddressPool(final long[] starts, final long[] ends) {
        this.starts = starts;
        this.ends = ends;
        this.before = new int[starts.length];
        long total = 0;
        for (int i = 0; i < starts.length; i++) {
            before[i] = (int) total;
            total += ends[i] - starts[i] + 1;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pool size: " + total + " (expected: at most " + Integer.MAX_VALUE
                + ")");
        }
        this.size = (int) total;
    }

    /**
     * Builds the pool from inclusive ranges and excluded ranges, each given as {@code int[]{start, end}} pairs in
     * unsigned address order within a pair.
     */
    public static AddressPool of(final List<int[]> ranges, final List<int[]> excluded) {
        final List<long[]> merged = merge(ranges);
        final List<long[]> cuts = merge(excluded);
        final List<long[]> out = new ArrayList<>();
        int c = 0;
        for (final long[] r : merged) {
            long start = r[0];
            final long end = r[1];
            while (c < cuts.size() && cuts.get(c)[1] < start) {
                c++;
            }
            int k = c;
            while (start <= end && k < cuts.size() && cuts.get(k)[0] <= end) {
                final long[] cut = cuts.get(k);
                if (cut[0] > start) {
                    out.add(new long[] {start, cut[0] - 1});
                }
                start = Math.max(start, cut[1] + 1);
                k++;
            }
            if (start <= end) {
                out.add(new long[] {start, end});
            }
        }
        final long[] s = new long[out.size()];
        final long[] e = new long[out.size()];
        for (int i = 0; i < out.size(); i++) {
            s[i] = out.get(i)[0];
            e[i] = out.get(i)[1];
        }
        return new AddressPool(s, e);
    }

    private static List<long[]> merge(final List<int[]> ranges) {
        final List<long[]> list = new ArrayList<>();
        for (final int[] r : ranges) {
            final long a = r[0] & 0xFFFF_FFFFL;
            final long b = r[1] & 0xFFFF_FFFFL;
            if (a <= b) {
                list.add(new long[] {a, b});
            }
        }
        list.sort(ByFirstLong.ORDER);
        final List<long[]> merged = new ArrayList<>();
        for (final long[] r : list) {
            final long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        return merged;
    }

    public int size() {
        return size;
    }

    /** Number of disjoint intervals after exclusions. */
    public int intervals() {
        return starts.length;
    }

    /** Dense index of {@code address}, or -1 when it is not a pool address. */
    public int indexOf(final int address) {
        final long a = address & 0xFFFF_FFFFL;
        int i = Arrays.binarySearch(starts, a);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0 || a > ends[i]) {
            return -1;
        }
        return before[i] + (int) (a - starts[i]);
    }

    public boolean contains(final int address) {
        return indexOf(address) >= 0;
    }

    /** The address at dense {@code index} (0..size-1). */
    public int addressAt(final int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("pool index: " + index + " (expected: 0.." + (size - 1) + ")");
        }
        int i = Arrays.binarySearch(before, index);
        if (i < 0) {
            i = -i - 2;
        }
        // Empty intervals do not exist, so equal 'before' values cannot occur.
        return (int) (starts[i] + (index - before[i]));
    }
}
