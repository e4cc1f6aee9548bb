package io.jvde.dhcp.guard;

/**
 * Token buckets in integer arithmetic over caller-owned arrays (no objects per bucket, nothing allocated per
 * packet). A bucket is two {@code long}s: its tokens in thousandths and the time of its last refill in ms. With a
 * rate of {@code r} packets per second a bucket gains exactly {@code r} thousandths per millisecond, so the
 * arithmetic is exact for every rate; it holds at most {@code burst} whole tokens and a packet costs one.
 */
public final class TokenBucket {
    /** Thousandths of a token per token. */
    public static final long SCALE = 1000;

    private TokenBucket() {
    }

    /** A full bucket: what a port or MAC seen for the first time starts with. */
    public static long full(final int burst) {
        return burst * SCALE;
    }

    /** Milliseconds an empty bucket needs to fill up again; 0 when {@code rate} is 0 (no limit). */
    public static long refillMillis(final int rate, final int burst) {
        return rate == 0 ? 0 : (burst * SCALE + rate - 1) / rate;
    }

    /**
     * Refills bucket {@code i} up to {@code now} and takes one token. Returns false, leaving the bucket as refilled,
     * when less than one token is left. {@code rate} 0 means no limit. A clock that steps back restarts the refill
     * from {@code now} without adding tokens.
     */
    public static boolean take(final long[] tokens, final long[] stamps, final int i, final long now, final int rate,
                               final int burst) {
        if (rate == 0) {
            return true;
        }
        final long cap = burst * SCALE;
        long t = tokens[i];
        final long elapsed = now - stamps[i];
        if (elapsed != 0) {
            if (elapsed > 0) {
                final long toFull = (cap - t + rate - 1) / rate; // bounds the product below: no overflow
                t = elapsed >= toFull ? cap : t + elapsed * rate;
            }
            stamps[i] = now;
        }
        if (t >= SCALE) {
            tokens[i] = t - SCALE;
            return true;
        }
        tokens[i] = t;
        return false;
    }
}
