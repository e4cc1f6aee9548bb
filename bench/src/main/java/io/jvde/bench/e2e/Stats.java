package io.jvde.bench.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and formatting for the report. */
final class Stats {
    private Stats() {
    }

    static double median(final double[] values) {
        final double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static <T> double median(final List<T> items, final ToDoubleFunction<T> f) {
        return median(items.stream().mapToDouble(f).toArray());
    }

    static double min(final double[] values) {
        return Arrays.stream(values).filter(x -> !Double.isNaN(x)).min().orElse(Double.NaN);
    }

    static double max(final double[] values) {
        return Arrays.stream(values).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
    }

    /** 1234567 -> "1,234,567"; NaN -> "–". */
    static String count(final double v) {
        return Double.isNaN(v) ? "–" : String.format("%,d", Math.round(v));
    }

    static String fixed(final double v, final int decimals) {
        return Double.isNaN(v) ? "–" : String.format("%." + decimals + "f", v);
    }

    /** A ratio such as "2.13×". */
    static String ratio(final double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format("%.2f×", v);
    }

    /** A loss percentage: "0" when exactly nothing was lost, else two decimals. */
    static String loss(final double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v == 0 ? "0" : String.format("%.2f", v);
    }
}
